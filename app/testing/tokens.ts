/**
 * A forged copy of a signed token: the first character of its last dot-separated part (the MAC) is
 * replaced by a different one. Always a change, and never only in a base64url string's padding
 * bits (changing the last character of a 43-character MAC can leave the decoded bytes as they were,
 * or by chance write the character already there).
 */
export function tamperedToken(token: string): string {
  const at = token.lastIndexOf(".") + 1;
  const original = token[at];
  if (original === undefined) throw new Error("tamperedToken: nothing to tamper with");
  const replacement = original === "A" ? "B" : "A";
  return token.slice(0, at) + replacement + token.slice(at + 1);
}
