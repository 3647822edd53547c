// 全国地方公共団体コード (JIS X 0402): 2 prefecture digits, 3 municipality digits and a check
// digit. Validating the check digit catches most typos in codes typed or pasted by hand.

export const PREFECTURES: ReadonlyArray<{ code: string; name: string }> = [
  "北海道",
  "青森県",
  "岩手県",
  "宮城県",
  "秋田県",
  "山形県",
  "福島県",
  "茨城県",
  "栃木県",
  "群馬県",
  "埼玉県",
  "千葉県",
  "東京都",
  "神奈川県",
  "新潟県",
  "富山県",
  "石川県",
  "福井県",
  "山梨県",
  "長野県",
  "岐阜県",
  "静岡県",
  "愛知県",
  "三重県",
  "滋賀県",
  "京都府",
  "大阪府",
  "兵庫県",
  "奈良県",
  "和歌山県",
  "鳥取県",
  "島根県",
  "岡山県",
  "広島県",
  "山口県",
  "徳島県",
  "香川県",
  "愛媛県",
  "高知県",
  "福岡県",
  "佐賀県",
  "長崎県",
  "熊本県",
  "大分県",
  "宮崎県",
  "鹿児島県",
  "沖縄県",
].map((name, i) => Object.freeze({ code: String(i + 1).padStart(2, "0"), name }));

const CHECK_WEIGHTS = [6, 5, 4, 3, 2] as const;

// Hyphen-like characters people type between digit groups (NFKC leaves these as they are).
const SEPARATORS_RE = /[\s\-\u2010-\u2015\u2212\u30FC\uFF70]/gu;

/** Prefecture name for "01"–"47", or null. */
export function prefectureName(code2: string): string | null {
  if (!/^[0-9]{2}$/.test(code2)) return null;
  return PREFECTURES[Number(code2) - 1]?.name ?? null;
}

/** Check digit for the first five digits: last digit of 11 − (weighted sum mod 11). */
export function localGovCheckDigit(first5: string): number {
  if (!/^[0-9]{5}$/.test(first5)) {
    throw new RangeError(`Expected 5 ASCII digits: ${first5}`);
  }
  let sum = 0;
  CHECK_WEIGHTS.forEach((w, i) => {
    sum += Number(first5[i]) * w;
  });
  // A remainder of 0 gives 11 → 1 and a remainder of 1 gives 10 → 0.
  return (11 - (sum % 11)) % 10;
}

/** Exactly 6 ASCII digits, prefecture 01–47 and a correct check digit. */
export function isValidLocalGovCode(code: string): boolean {
  if (!/^[0-9]{6}$/.test(code)) return false;
  if (prefectureName(code.slice(0, 2)) === null) return false;
  return localGovCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/** The prefecture of a valid code, or null when the code is not valid. */
export function prefectureOfLocalGovCode(code: string): { code: string; name: string } | null {
  if (!isValidLocalGovCode(code)) return null;
  return PREFECTURES[Number(code.slice(0, 2)) - 1] ?? null;
}

/** Cleans user input before validation: full-width digits to ASCII, no spaces or hyphens. */
export function normalizeLocalGovCode(input: string): string {
  return input.normalize("NFKC").trim().replace(SEPARATORS_RE, "");
}
