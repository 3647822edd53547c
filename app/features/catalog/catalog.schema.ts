import { z } from "zod";
import { isSafeHttpUrl } from "~/lib/urls";
import { PREFECTURES } from "~/lib/local-gov-code";
import { COURSE_FORMATS, COURSE_KINDS, ONLINE } from "~/features/vocabulary/course-kinds";
import { parseSessionLines } from "./sessions";
import {
  codeField,
  dateField,
  decimalField,
  hasBrokenText,
  integerField,
  messages,
  normalizeMultiline,
  optionalMultilineText,
  optionalText,
  requiredText,
} from "~/lib/schema";
import { choiceParam, pageParam, searchTextParam } from "~/lib/list-query";

const prefectureCodes = PREFECTURES.map((p) => p.code);

function wholeNumber(label: string, min: number, max: number, options: { money?: boolean } = {}) {
  return integerField(label, { min, max, ...options });
}

export const CourseSchema = z.object({
  code: codeField("講座コード", {
    max: 30,
    pattern: /^[A-Z0-9][A-Z0-9-]*$/,
    message: "講座コードは英数字とハイフンで入力してください（例：BASIC-2026）。",
    upper: true,
  }),
  title: requiredText("講座名", 100),
  kind: z.enum(COURSE_KINDS, { error: "研修の種類を選択してください。" }),
  descriptionMd: optionalMultilineText("説明", 20000),
  format: z.enum(COURSE_FORMATS, { error: "実施形式を選択してください。" }),
  totalHours: decimalField("総時間数", {
    min: 0.5,
    max: 500,
    step: { size: 0.5, message: "総時間数は0.5時間単位で入力してください。" },
  }),
  points: wholeNumber("実践力ポイント", 0, 100).optional(),
  feeYen: wholeNumber("受講料", 0, 10_000_000, { money: true }),
  minSessionsAttended: wholeNumber("修了に必要な出席日数", 1, 100).optional(),
  prerequisiteIds: z.array(z.coerce.number().int().positive()).max(10, "前提講座は10件までです。").default([]),
  published: z.boolean().optional().default(false),
  allowMultipleCohorts: z.boolean().optional().default(false),
  /** 再受講を認める: a trainee who completed the course may take it again, with a reason. */
  allowRepeat: z.boolean().optional().default(false),
});
export type CourseInput = z.output<typeof CourseSchema>;

const areaValues = [ONLINE, ...prefectureCodes] as [string, ...string[]];

export const CohortSchema = z
  .object({
    courseId: z.number({ error: "講座を選択してください。" }).int().positive("講座を選択してください。"),
    name: requiredText("開催回の名称", 100),
    fiscalYear: wholeNumber("年度", 2000, 2100).optional(),
    area: z.enum(areaValues, { error: "開催地（都道府県またはオンライン）を選択してください。" }),
    venue: optionalText("会場", 200),
    meetingUrl: z
      .string()
      .trim()
      .max(500, "URLは500文字以内で入力してください。")
      .refine(isSafeHttpUrl, "URLは https:// で始まる形式で入力してください。")
      .optional(),
    capacity: wholeNumber("定員", 1, 1000),
    enrollmentOpensOn: dateField("申込開始日"),
    enrollmentClosesOn: dateField("申込締切日"),
    cancellationDeadline: dateField("キャンセル期限"),
    approvalRequired: z.boolean().optional().default(false),
    lecturerId: z.string().trim().max(64).optional(),
    subLecturerIds: z.array(z.string().trim().min(1).max(64)).max(20, "サブ講師は20人までです。").default([]),
    // Line errors are reported with the other fields, not only once they are all valid.
    sessionsText: z
      .string({ error: "日程を1行以上入力してください。" })
      .max(10000, "日程が長すぎます。")
      .refine((text) => !hasBrokenText(text), messages.broken("日程"))
      .transform(normalizeMultiline)
      .superRefine((text, ctx) => {
        for (const message of parseSessionLines(text).errors) ctx.addIssue({ code: "custom", message });
      }),
  })
  .transform((v, ctx) => {
    const { sessions } = parseSessionLines(v.sessionsText);
    if (v.enrollmentClosesOn < v.enrollmentOpensOn) {
      ctx.addIssue({
        code: "custom",
        path: ["enrollmentClosesOn"],
        message: "申込締切日は申込開始日以降の日付にしてください。",
      });
    }
    if (v.area !== ONLINE && !v.venue) {
      ctx.addIssue({ code: "custom", path: ["venue"], message: "集合研修の会場を入力してください。" });
    }
    const first = sessions[0]?.date;
    const last = sessions.at(-1)?.date;
    if (first && v.cancellationDeadline > first) {
      ctx.addIssue({
        code: "custom",
        path: ["cancellationDeadline"],
        message: "キャンセル期限は初日以前の日付にしてください。",
      });
    }
    if (last && v.enrollmentClosesOn > last) {
      ctx.addIssue({
        code: "custom",
        path: ["enrollmentClosesOn"],
        message: "申込締切日は最終日以前の日付にしてください。",
      });
    }
    if (v.lecturerId && v.subLecturerIds.includes(v.lecturerId)) {
      ctx.addIssue({ code: "custom", path: ["subLecturerIds"], message: "講師とサブ講師に同じ人は選べません。" });
    }
    return {
      courseId: v.courseId,
      name: v.name,
      fiscalYear: v.fiscalYear ?? null,
      prefectureCode: v.area === ONLINE ? null : v.area,
      venue: v.venue,
      meetingUrl: v.meetingUrl || null,
      capacity: v.capacity,
      enrollmentOpensOn: v.enrollmentOpensOn,
      enrollmentClosesOn: v.enrollmentClosesOn,
      cancellationDeadline: v.cancellationDeadline,
      approvalRequired: v.approvalRequired,
      lecturerId: v.lecturerId || null,
      subLecturerIds: [...new Set(v.subLecturerIds)],
      sessions,
    };
  });
export type CohortInput = z.output<typeof CohortSchema>;

const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Query string of the public catalog; anything malformed falls back to "no filter". */
export const CatalogSearchSchema = z.object({
  q: searchTextParam,
  kind: choiceParam(COURSE_KINDS),
  format: choiceParam(COURSE_FORMATS),
  area: z.enum(["", ...areaValues]).catch(""),
  month: z
    .string()
    .trim()
    .refine((s) => s === "" || monthRe.test(s))
    .catch(""),
  open: choiceParam(["1"]),
  page: pageParam,
});
export type CatalogSearch = z.output<typeof CatalogSearchSchema>;

export function parseCatalogSearch(params: URLSearchParams): CatalogSearch {
  const raw = Object.fromEntries(params);
  return CatalogSearchSchema.parse({
    q: raw.q ?? "",
    kind: raw.kind ?? "",
    format: raw.format ?? "",
    area: raw.area ?? "",
    month: raw.month ?? "",
    open: raw.open ?? "",
    page: raw.page ?? 1,
  });
}

export const StaffCourseSearchSchema = z.object({
  q: searchTextParam,
  page: pageParam,
});
