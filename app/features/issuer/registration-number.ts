// The qualified-invoice registration number (適格請求書発行事業者登録番号) of a corporation is
// "T" followed by its 13-digit corporate number (法人番号). The first of the 13 digits is a
// check digit over the other 12 (法人番号の指定等に関する省令 第2条):
//   check = 9 − (Σ_{n=1..12} P_n × Q_n  mod 9)
// where P_n is the n-th of the 12 base digits counted from the lowest (rightmost) one and
// Q_n is 1 when n is odd, 2 when n is even. Example: 国税庁 7000012050002.

/** The check digit (1–9) of a corporate number's 12 base digits. */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^[0-9]{12}$/.test(base12)) throw new Error("corporateNumberCheckDigit: 12 digits expected");
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** Full-width digits and letters become ASCII, spaces and hyphens go, a lowercase t is upper. */
export function normalizeRegistrationNumber(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\-‐－ー―]/g, "")
    .toUpperCase();
}

export type RegistrationNumberProblem = "format" | "check_digit";

/** Null when `normalized` is T + 13 digits whose check digit is right, else what is wrong. */
export function registrationNumberProblem(normalized: string): RegistrationNumberProblem | null {
  const m = /^T([0-9])([0-9]{12})$/.exec(normalized);
  if (!m) return "format";
  return Number(m[1]) === corporateNumberCheckDigit(m[2]!) ? null : "check_digit";
}
