import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { approveEnrollment, enroll } from "~/features/enrollment/enrollment.server";
import { makeCohort, makeCourse } from "~/testing/catalog";
import { addDays, formatDateJa, todayInTokyo } from "~/lib/dates";
import { createTestDb, makeUser } from "~/testing/db";
import { dueRuleText, feeEmailText, paymentDueDate, type PaymentSettings } from "./instructions";
import { PaymentSettingsSchema } from "./payments.schema";
import { getPaymentSettings, updatePaymentSettings } from "./settings.server";

const form = {
  bankName: "みどり銀行",
  branchName: "本店営業部",
  accountType: "ordinary",
  accountNumber: "１２３４５",
  accountHolderKana: "ｲﾂﾊﾟﾝｼﾔﾀﾞﾝﾎｳｼﾞﾝ ｱｲﾃｲｰｼｰｷﾖｳｶｲ",
  dueBasis: "after_enrolment",
  dueDays: "１４",
  note: "",
};

describe("PaymentSettingsSchema", () => {
  it("normalises full-width digits and half-width kana, and pads the account number to 7 digits", () => {
    const r = PaymentSettingsSchema.safeParse(form);
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({
      accountNumber: "0012345",
      accountHolderKana: "イツパンシヤダンホウジン アイテイーシーキヨウカイ",
      dueDays: 14,
    });
  });
  it("refuses a holder not in katakana, a long account number and a deadline over 90 days, in Japanese", () => {
    const r = PaymentSettingsSchema.safeParse({
      ...form,
      accountHolderKana: "一般社団法人",
      accountNumber: "12345678",
      dueDays: "120",
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField.accountHolderKana).toContain("カタカナ");
    expect(byField.accountNumber).toBe("口座番号は7桁以内の数字で入力してください。");
    expect(byField.dueDays).toBe("お支払い期限の日数は0〜90の数字で入力してください。");
  });
});

describe("payment instructions", () => {
  const settings: PaymentSettings = {
    bank_name: "みどり銀行",
    branch_name: "本店営業部",
    account_type: "ordinary",
    account_number: "0012345",
    account_holder_kana: "アイテイーシーキヨウカイ",
    due_basis: "after_enrolment",
    due_days: 14,
    note: "",
  };
  it("computes the deadline from the confirmation (Tokyo date) or before the first session", () => {
    // 2026-12-01 00:30 in Tokyo is still 30 November in UTC.
    expect(paymentDueDate(settings, { enrolledAt: "2026-11-30T15:30:00Z", firstSessionDate: "2027-01-20" })).toBe(
      "2026-12-15",
    );
    expect(paymentDueDate(settings, { enrolledAt: null, firstSessionDate: "2027-01-20" })).toBeNull();
    const before = { ...settings, due_basis: "before_start" as const, due_days: 7 };
    expect(paymentDueDate(before, { enrolledAt: null, firstSessionDate: "2027-01-20" })).toBe("2027-01-13");
    expect(dueRuleText(before)).toBe("初回開催日の7日前まで");
    expect(dueRuleText(settings)).toBe("受講確定日から14日以内");
  });
  it("words the fee for each status, and free courses", () => {
    const facts = { enrolledAt: "2026-11-30T01:00:00Z", firstSessionDate: "2027-01-20" };
    const enrolled = feeEmailText(settings, { ...facts, feeYen: 198000, status: "enrolled" });
    expect(enrolled).toContain("受講料：198,000円");
    expect(enrolled).toContain("金融機関：みどり銀行");
    expect(enrolled).toContain("口座：普通 0012345");
    expect(enrolled).toContain("お支払い期限：2026年12月14日(月)（受講確定日から14日以内）");
    expect(feeEmailText(settings, { ...facts, feeYen: 198000, status: "waitlisted" })).not.toContain("みどり銀行");
    expect(feeEmailText(null, { ...facts, feeYen: 198000, status: "enrolled" })).toContain("事務局からご案内します");
    expect(feeEmailText(settings, { ...facts, feeYen: 0, status: "enrolled" })).toBe("受講料：無料");
  });
});

describe("payment settings and the enrolment e-mail", () => {
  let db: Database;
  let staffId: string;
  beforeAll(async () => {
    db = await createTestDb();
    staffId = (await makeUser(db, ["staff"])).id;
  });

  it("saves the settings with an audit row naming the changes; saving the same again writes nothing", async () => {
    expect(await getPaymentSettings(db)).toBeNull();
    await updatePaymentSettings(db, PaymentSettingsSchema.parse(form), staffId);
    await updatePaymentSettings(db, PaymentSettingsSchema.parse({ ...form, dueDays: "10" }), staffId);
    await updatePaymentSettings(db, PaymentSettingsSchema.parse({ ...form, dueDays: "10" }), staffId);
    expect(await getPaymentSettings(db)).toMatchObject({ bank_name: "みどり銀行", due_days: 10 });
    const audits = await db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "details"])
      .where("entity_type", "=", "payment_settings")
      .orderBy("id")
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ action: "payment_settings.update", actor_id: staffId });
    expect(JSON.parse(audits[1]!.details)).toEqual({ changed: { due_days: [14, 10] } });
  });

  it("the confirmation e-mail of a paid course states the fee, dates, place, deadline and bank details", async () => {
    const trainee = await makeUser(db, ["trainee"]);
    const course = await makeCourse(db, staffId, { feeYen: 198000, title: "ケース研修（有料）" });
    const cohort = await makeCohort(db, staffId, course.id, { days: 3 });
    await enroll(db, { cohortId: cohort.id, userId: trainee.id });
    const mail = await db
      .selectFrom("notifications")
      .select(["kind", "title", "body", "email_status"])
      .where("user_id", "=", trainee.id)
      .executeTakeFirstOrThrow();
    expect(mail.kind).toBe("enrollment.enrolled");
    expect(mail.email_status).toBe("pending");
    expect(mail.body).toContain("受講料：198,000円");
    expect(mail.body).toContain("口座：普通 0012345");
    expect(mail.body).toContain("口座名義：イツパンシヤダンホウジン アイテイーシーキヨウカイ");
    expect(mail.body).toMatch(/お支払い期限：\d{4}年\d{1,2}月\d{1,2}日\(.\)（受講確定日から10日以内）/);
    expect(mail.body).toContain("（全3日）");
    expect(mail.body).toContain("会場：東京都 東京会場");
    expect(mail.body).toContain(`キャンセル期限：${formatDateJa(addDays(todayInTokyo(), 10))}`);
  });

  it("an approved application gets the bank details; a free course says so", async () => {
    const trainee = await makeUser(db, ["trainee"]);
    const course = await makeCourse(db, staffId, { feeYen: 5500 });
    const cohort = await makeCohort(db, staffId, course.id, { approvalRequired: true });
    const { enrollmentId } = await enroll(db, { cohortId: cohort.id, userId: trainee.id });
    await approveEnrollment(db, { cohortId: cohort.id, enrollmentId, actorId: staffId });
    const free = await makeCourse(db, staffId, { feeYen: 0 });
    const freeCohort = await makeCohort(db, staffId, free.id, { startOffset: 11 });
    await enroll(db, { cohortId: freeCohort.id, userId: trainee.id });
    const mails = await db
      .selectFrom("notifications")
      .select(["kind", "body"])
      .where("user_id", "=", trainee.id)
      .orderBy("id")
      .execute();
    expect(mails.map((m) => m.kind)).toEqual(["enrollment.pending", "enrollment.approved", "enrollment.enrolled"]);
    expect(mails[0]!.body).toContain("事務局の承認後にお振り込みください。");
    expect(mails[1]!.body).toContain("金融機関：みどり銀行");
    expect(mails[2]!.body).toContain("受講料：無料");
    expect(mails[2]!.body).not.toContain("みどり銀行");
  });
});
