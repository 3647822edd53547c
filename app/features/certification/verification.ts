// The rule for what a person may type or link as a certificate number (pure, shared by the
// verification pages and their tests). Numbers are ASCII letters, digits and hyphens; what a
// phone keyboard or an IME adds (full-width characters, spaces) is folded away first, and
// letters are matched whatever their case (numbers are stored in upper case).

const NUMBER_RE = /^[A-Za-z0-9-]{8,40}$/;

/** The number as stored, or null when the text cannot be a certificate number at all. */
export function normalizeCertificateNumber(raw: string | null | undefined): string | null {
  if (typeof raw !== "string" || raw.length > 200) return null;
  const folded = raw
    .normalize("NFKC")
    .replace(/[\s\u200b]+/g, "")
    .replace(/[‐‑‒–—―−ー]/g, "-")
    .toUpperCase();
  return NUMBER_RE.test(folded) ? folded : null;
}
