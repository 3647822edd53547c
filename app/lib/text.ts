// Text helpers for Japanese search and input validation.
import { z } from "zod";

// Katakana ァ(U+30A1)–ヶ(U+30F6) and the iteration marks ヽヾ sit exactly 0x60 above their
// hiragana counterparts.
const KATAKANA_RE = /[\u30A1-\u30F6\u30FD\u30FE]/g;
const KANA_OFFSET = 0x60;

/**
 * Folds the ways the same word gets typed so that search matches them all: full-/half-width
 * (NFKC), case, katakana/hiragana, and runs of whitespace including the ideographic space.
 * "ＤＸ推進" → "dx推進", "ｼｽﾃﾑ" → "しすてむ".
 */
export function normalizeForSearch(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(KATAKANA_RE, (c) => String.fromCharCode(c.charCodeAt(0) - KANA_OFFSET))
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * The key two e-mail addresses are compared by: NFKC (full-width letters and ＠ fold to
 * ASCII), trimmed, lower case. "ＴＲＡＩＮＥＲ＠example.com" and "trainer@example.com" are one.
 */
export function emailKey(s: string): string {
  return s.normalize("NFKC").trim().toLowerCase();
}

/** Escapes LIKE wildcards so user input matches literally; use with `ESCAPE '\'`. */
export function escapeLikePattern(s: string): string {
  return s.replace(/[\\%_]/g, "\\$&");
}

// Hiragana ぁ–ゖ, iteration marks ゝゞ, the prolonged sound mark ー, and spaces. NFKC has
// already turned half-width ｰ into ー and U+3000 into an ASCII space, but both are listed
// so the intent is plain.
const HIRAGANA_READING_RE = /^[\u3041-\u3096\u309D\u309E\u30FC \u3000]+$/u;

/** True for a ふりがな made only of hiragana, ー and spaces (empty input is false). */
export function isHiraganaReading(s: string): boolean {
  return HIRAGANA_READING_RE.test(s.normalize("NFKC").trim());
}

/** A form's required ふりがな field (a person's or a municipality's), stored NFKC-normalised. */
export function hiraganaReadingField(maxLength: number) {
  return z
    .string({ error: "ふりがなを入力してください。" })
    .trim()
    .min(1, "ふりがなを入力してください。")
    .max(maxLength, `ふりがなは${maxLength}文字以内で入力してください。`)
    .refine(isHiraganaReading, "ふりがなはひらがなで入力してください。")
    .transform((s) => s.normalize("NFKC"));
}
