// URLs that people type and pages show. No zod here: pages import this in the browser.

/** A URL to show as a link: only http(s), so no javascript: or data: link reaches a page. */
export function isSafeHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}
