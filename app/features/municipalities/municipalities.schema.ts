import { z } from "zod";
import { isValidLocalGovCode, normalizeLocalGovCode } from "~/lib/local-gov-code";
import { integerField, requiredText } from "~/lib/schema";
import { hiraganaReadingField } from "~/lib/text";
import { MUNICIPALITY_KINDS } from "~/features/vocabulary/municipality-kinds";
import { choiceParam, pageParam, prefectureParam, searchTextParam } from "~/lib/list-query";

// Written as one transform (no .pipe into a second string schema): Conform's type coercion
// turns an empty string into undefined inside piped schemas too, which would lose our message.

/** A local-government code as typed: full-width digits and hyphens accepted, check digit verified. */
export const localGovCodeField = z.string({ error: "地方公共団体コードを入力してください。" }).transform((s, ctx) => {
  const code = normalizeLocalGovCode(s);
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (code === "") return fail("地方公共団体コードを入力してください。");
  if (!/^[0-9]{6}$/.test(code)) return fail("地方公共団体コードは6桁の数字で入力してください（例：062014）。");
  if (!isValidLocalGovCode(code))
    return fail("地方公共団体コードの検査数字（6桁目）が一致しません。コードを確認してください。");
  return code;
});

const optionalInt = (label: string, min: number, max: number) =>
  integerField(label, { min, max, rangeMessage: `${label}は${min}〜${max}の範囲で入力してください。` })
    .optional()
    .transform((n) => n ?? null);

export const MunicipalitySchema = z.object({
  code: localGovCodeField,
  name: requiredText("団体名", 40),
  nameKana: hiraganaReadingField(60),
  population: optionalInt("人口", 0, 40_000_000),
  populationYear: optionalInt("人口の基準年", 1900, 2100),
  kind: z.enum(MUNICIPALITY_KINDS, { error: "団体区分を選択してください。" }),
});
export type MunicipalityForm = z.infer<typeof MunicipalitySchema>;

export const MunicipalitySearchSchema = z.object({
  q: searchTextParam,
  prefecture: prefectureParam,
  kind: choiceParam(MUNICIPALITY_KINDS),
  page: pageParam,
});
export type MunicipalitySearch = z.infer<typeof MunicipalitySearchSchema>;
