import { describe, expect, it } from "vitest";
import { parseAttendanceForm } from "~/features/attendance/attendance.schema";
import { CohortSchema, CourseSchema } from "~/features/catalog/catalog.schema";
import { EngagementSchema } from "~/features/engagements/engagements.schema";
import { MunicipalitySchema } from "~/features/municipalities/municipalities.schema";
import { ApplicationSchema } from "~/features/ojt/ojt.schema";
import { RegisterSchema } from "~/features/auth/auth.schema";
import { addDays, todayInTokyo } from "~/lib/dates";
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError } from "./errors";
import { parseForm, replyWithDomainError, replyWithRefusal } from "./forms.server";
import { multiValuedFields } from "./schema";

function form(entries: Array<[string, string]>): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

/** A submission's field errors (undefined when it succeeded). */
function errorsOf(s: object): Record<string, string[] | null> | null | undefined {
  return "error" in s ? (s.error as Record<string, string[] | null> | null) : undefined;
}

const course: Array<[string, string]> = [
  ["code", "ＢＡＳＩＣ－２０２６"],
  ["title", "自治体ビジネス基礎"],
  ["kind", "other"],
  ["format", "classroom"],
  ["totalHours", "６．５"],
  ["feeYen", "１９８，０００円"],
  ["points", "３"],
];

describe("parseForm: real forms as a browser sends them", () => {
  it("reads full-width numbers, money and codes in the course form", () => {
    const s = parseForm(form(course), CourseSchema);
    expect(s.status).toBe("success");
    expect(s.status === "success" && s.value).toMatchObject({
      code: "BASIC-2026",
      totalHours: 6.5,
      feeYen: 198000,
      points: 3,
    });
  });

  it("reads full-width capacity and dates in the cohort form (定員「２０」)", () => {
    const s = parseForm(
      form([
        ["courseId", "1"],
        ["name", "第1回"],
        ["area", "online"],
        ["capacity", "２０"],
        ["enrollmentOpensOn", "２０２６－０５－０１"],
        ["enrollmentClosesOn", "2026/5/20"],
        ["cancellationDeadline", "2026年5月25日"],
        ["sessionsText", "２０２６－０６－０１ １０：００－１７：００ 1日目"],
      ]),
      CohortSchema,
    );
    expect(errorsOf(s)).toBeUndefined();
    expect(s.status === "success" && s.value).toMatchObject({
      capacity: 20,
      enrollmentOpensOn: "2026-05-01",
      enrollmentClosesOn: "2026-05-20",
      cancellationDeadline: "2026-05-25",
      sessions: [{ date: "2026-06-01", startTime: "10:00", endTime: "17:00", topic: "1日目" }],
    });
  });

  it("reads full-width population in the municipality form", () => {
    const s = parseForm(
      form([
        ["code", "０６２０１４"],
        ["name", "山形市"],
        ["nameKana", "やまがたし"],
        ["kind", "city"],
        ["population", "２４２，６９２"],
        ["populationYear", "２０２３"],
      ]),
      MunicipalitySchema,
    );
    expect(s.status === "success" && s.value).toMatchObject({
      code: "062014",
      population: 242692,
      populationYear: 2023,
    });
  });

  it("refuses a name of NUL, zero-width spaces or a right-to-left override, and a title with NUL", () => {
    const base: Array<[string, string]> = [
      ["nameKana", "やまだ"],
      ["email", "a@example.test"],
      ["password", "a-long-enough-passphrase"],
      ["passwordConfirm", "a-long-enough-passphrase"],
      ["prefectureCode", "06"],
    ];
    for (const name of ["\u0000", "\u200B\u200B", "\u3000", "山田\u202Eexe.txt"]) {
      const s = parseForm(form([["name", name], ...base]), RegisterSchema);
      expect(s.status, JSON.stringify(name)).toBe("error");
      expect(errorsOf(s)?.name?.[0]).toMatch(/氏名/);
    }
    const t = parseForm(form(course.map(([k, v]) => [k, k === "title" ? "基礎\u0000" : v])), CourseSchema);
    expect(errorsOf(t)?.title).toEqual(["講座名に使えない文字（制御文字）が含まれています。"]);
  });

  it("refuses U+FFFD (invalid UTF-8 in the body) beside the field instead of storing it", () => {
    const s = parseForm(form(course.map(([k, v]) => [k, k === "title" ? "基礎\uFFFD" : v])), CourseSchema);
    expect(s.status).toBe("error");
    expect(errorsOf(s)?.title?.[0]).toMatch(/文字化け/);
  });

  it("keeps newlines in a description and refuses other control characters beside the field", () => {
    const ok = parseForm(form([...course, ["descriptionMd", "一行目\r\n二行目"]]), CourseSchema);
    expect(ok.status === "success" && ok.value.descriptionMd).toBe("一行目\n二行目");
    const s = parseForm(form([...course, ["descriptionMd", "一行目\r\n二行目\u0007"]]), CourseSchema);
    expect(errorsOf(s)?.descriptionMd?.[0]).toMatch(/制御文字/);
  });

  it("refuses a field sent twice, beside that field", () => {
    const s = parseForm(form([...course, ["feeYen", "0"]]), CourseSchema);
    expect(s.status).toBe("error");
    expect(errorsOf(s)).toEqual({ feeYen: [expect.stringMatching(/同じ項目が2回以上/)] });
    expect(s.reply().error).toEqual({ feeYen: [expect.stringMatching(/同じ項目が2回以上/)] });
  });

  it("lets checkbox groups repeat: the schema's array fields are multi-valued", () => {
    expect(multiValuedFields(ApplicationSchema).sort()).toEqual(["preferredPrefectures", "themes"]);
    expect(multiValuedFields(EngagementSchema)).toEqual(["themes"]);
    expect(multiValuedFields(CohortSchema)).toEqual(["subLecturerIds"]);
    const today = todayInTokyo();
    const s = parseForm(
      form([
        ["preferredPrefectures", "06"],
        ["preferredPrefectures", "04"],
        ["travelRange", "prefecture"],
        ["themes", "dx_plan"],
        ["preferredSize", "any"],
        ["daysPerMonth", "２"],
        ["availableFrom", today],
        ["availableTo", addDays(today, 30)],
        ["backgroundIndustry", "製造業"],
        ["backgroundSkills", "業務改善"],
        ["motivation", "自治体のDXを現場で学び、地元の中小企業支援にも活かしたいと考えています。"],
        ["acceptsSelfPaid", "on"],
      ]),
      ApplicationSchema,
    );
    expect(errorsOf(s)).toBeUndefined();
    expect(s.status === "success" && s.value.preferredPrefectures).toEqual(["06", "04"]);
  });
});

describe("parseAttendanceForm", () => {
  it("refuses two values for one attendance mark", () => {
    const f = form([
      ["intent", "save"],
      ["status-1", "present"],
      ["status-1", "absent"],
    ]);
    expect(parseAttendanceForm(f)).toEqual({ ok: false, error: expect.stringMatching(/同じ項目が2回以上/) });
  });
});

describe("domain errors: which ones a page answers itself", () => {
  const submission = () => parseForm(form(course), CourseSchema);
  const bodyOf = (reply: unknown) => (reply as { data: unknown }).data;
  const statusOf = (reply: unknown) => (reply as { init?: ResponseInit }).init?.status;

  it("puts a conflict beside the field it names, with its 409", () => {
    const reply = replyWithDomainError(submission(), new ConflictError("この講座コードは既に使われています。", "code"));
    expect(statusOf(reply)).toBe(409);
    expect(bodyOf(reply)).toMatchObject({ error: { code: ["この講座コードは既に使われています。"] } });
  });

  it("puts a limit above the form, with its 429, and a page-level refusal in `error`", () => {
    const reply = replyWithDomainError(submission(), new TooManyRequestsError("しばらく待ってください。"));
    expect(statusOf(reply)).toBe(429);
    expect(bodyOf(reply)).toMatchObject({ error: { "": ["しばらく待ってください。"] } });
    const page = replyWithRefusal(new ConflictError("定員に達しました。"), { cohortId: 7 });
    expect(statusOf(page)).toBe(409);
    expect(bodyOf(page)).toEqual({ error: "定員に達しました。", cohortId: 7 });
  });

  it("leaves not-found, forbidden and bugs to the server's one mapping (the error page)", () => {
    for (const error of [new NotFoundError(), new ForbiddenError(), new Error("bug")]) {
      expect(() => replyWithDomainError(submission(), error)).toThrow(error);
      expect(() => replyWithRefusal(error)).toThrow(error);
    }
  });
});
