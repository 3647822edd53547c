import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { transaction, type Database } from "~/db.server";
import {
  approveEnrollment,
  cancelEnrollmentByStaff,
  cancelOwnEnrollment,
  enroll,
  moveEnrollment,
  setPaid,
} from "~/features/enrollment/enrollment.server";
import { importRosterCsv } from "~/features/enrollment/roster-csv.server";
import { addDays, fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { makeCohort } from "~/testing/catalog";
import { createTestDb, makeUser, openSecondServer } from "~/testing/db";
import { makePaidCohort, setRegistrationNumber, TEST_REGISTRATION_NUMBER } from "~/testing/invoices";
import { isPostgres } from "~/db.server";
import {
  countMissingDocuments,
  DOCUMENT_LOCKS,
  documentForDownload,
  documentsOfEnrollment,
  issueInvoiceIfDue,
  invoiceDueDate,
  issueMissingDocuments,
} from "./invoices.server";
import { PaymentSettingsSchema } from "~/features/payments/payments.schema";
import { updatePaymentSettings } from "~/features/payments/settings.server";
import { renderDocumentPdf, serviceDatesLines } from "./pdf.server";

let db: Database;
let servers: Database[];
// The file runs on a clock it sets (a weekday in June, time still passing from there), so a run
// that straddles midnight or 1 April cannot see two fiscal years: `fy` and the documents the
// domain dates by the clock agree.
const NOW = new Date("2026-06-10T01:00:00Z");
const fy = fiscalYearOf(todayInTokyo(NOW));
beforeAll(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"], shouldAdvanceTime: true });
  db = await createTestDb({ poolSize: 10 });
  // Two app servers on PostgreSQL (each its own pool); on SQLite one writer at a time.
  servers = isPostgres(db) ? [db, openSecondServer(db, 10)] : [db];
});
afterAll(() => {
  vi.useRealTimers();
});

async function docs(enrollmentId: number) {
  return (await documentsOfEnrollment(db, enrollmentId)).map((d) => ({
    kind: d.kind,
    status: d.status,
    number: d.number,
  }));
}

/** The text of every page of a PDF, as a PDF reader extracts it. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    parts.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
  }
  return parts.join("\n");
}

describe("invoices and receipts of course fees", () => {
  // One database for the file: the registration number is unset in the first test, set after.
  it("issues nothing while the registration number is unset; the missing ones are issued at once later", async () => {
    const { staff, cohortId } = await makePaidCohort(db);
    const trainee = await makeUser(db, ["trainee"]);
    const { enrollmentId } = await enroll(db, { cohortId, userId: trainee.id });
    await setPaid(db, { cohortId, enrollmentId, paid: true, actorId: staff.id });
    expect(await docs(enrollmentId)).toEqual([]);
    expect(await countMissingDocuments(db, enrollmentId)).toBe(1);
    await expect(issueMissingDocuments(db, staff.id)).resolves.toBe(0);

    await setRegistrationNumber(db, staff.id);
    expect(await issueMissingDocuments(db, staff.id)).toBeGreaterThanOrEqual(2);
    expect(await docs(enrollmentId)).toEqual([
      { kind: "receipt", status: "issued", number: expect.stringMatching(new RegExp(`^RCP-${fy}-\\d{6}$`)) },
      { kind: "invoice", status: "issued", number: expect.stringMatching(new RegExp(`^INV-${fy}-\\d{6}$`)) },
    ]);
    expect(await countMissingDocuments(db, enrollmentId)).toBe(0);
  });

  it("confirm → invoice with the frozen facts; paid → receipt; cancel → invoice voided, receipt kept; numbers never reused", async () => {
    const { staff, cohortId } = await makePaidCohort(db, { feeYen: 33_000, title: "自治体DX基礎" });
    const trainee = await makeUser(db, ["trainee"], { name: "山田 太郎" });
    await db.updateTable("users").set({ organization: "山形市役所" }).where("id", "=", trainee.id).execute();
    const { enrollmentId, status } = await enroll(db, { cohortId, userId: trainee.id });
    expect(status).toBe("enrolled");
    const [invoice] = await documentsOfEnrollment(db, enrollmentId);
    expect(invoice).toMatchObject({
      kind: "invoice",
      status: "issued",
      recipient_name: "山形市役所\u3000山田 太郎",
      item_name: "自治体DX基礎（テスト開催回）受講料",
      amount_yen: 33_000,
      tax_yen: 3_000,
      tax_rate_percent: 10,
      issuer_name: "特定非営利活動法人ITコーディネータ協会",
      registration_number: TEST_REGISTRATION_NUMBER,
      issued_on: todayInTokyo(),
    });

    await setPaid(db, { cohortId, enrollmentId, paid: true, actorId: staff.id });
    expect((await docs(enrollmentId)).map((d) => `${d.kind}:${d.status}`)).toEqual([
      "receipt:issued",
      "invoice:issued",
    ]);

    await cancelEnrollmentByStaff(db, { cohortId, enrollmentId, actorId: staff.id, reason: "" });
    const afterCancel = await documentsOfEnrollment(db, enrollmentId);
    expect(afterCancel.map((d) => `${d.kind}:${d.status}`)).toEqual(["receipt:issued", "invoice:voided"]);
    expect(afterCancel[1]!.void_reason).toBe("事務局による申込の取消");

    // Applying again re-activates the same enrolment: a new invoice with a new number.
    await enroll(db, { cohortId, userId: trainee.id });
    const again = await documentsOfEnrollment(db, enrollmentId);
    const invoices = again.filter((d) => d.kind === "invoice");
    expect(invoices.map((d) => d.status)).toEqual(["issued", "voided"]);
    expect(invoices[0]!.number).not.toBe(invoices[1]!.number);
    const all = await db.selectFrom("invoices").select(["number"]).execute();
    expect(new Set(all.map((r) => r.number)).size).toBe(all.length);
  });

  it("a free course, a waitlisted or a pending place gets no invoice; promotion and approval do", async () => {
    const { staff, cohortId } = await makePaidCohort(db, { capacity: 1 });
    const [a, b] = [await makeUser(db, ["trainee"]), await makeUser(db, ["trainee"])];
    const first = await enroll(db, { cohortId, userId: a.id });
    const second = await enroll(db, { cohortId, userId: b.id });
    expect(second.status).toBe("waitlisted");
    expect(await docs(second.enrollmentId)).toEqual([]);
    await cancelOwnEnrollment(db, { cohortId, userId: a.id });
    expect((await docs(first.enrollmentId)).map((d) => d.status)).toEqual(["voided"]);
    expect((await docs(second.enrollmentId)).map((d) => `${d.kind}:${d.status}`)).toEqual(["invoice:issued"]);

    const approval = await makePaidCohort(db);
    const approvalCohort = await makeCohort(db, approval.staff.id, approval.courseId, { approvalRequired: true });
    const c = await makeUser(db, ["trainee"]);
    const pending = await enroll(db, { cohortId: approvalCohort.id, userId: c.id });
    expect(pending.status).toBe("pending");
    expect(await docs(pending.enrollmentId)).toEqual([]);
    await approveEnrollment(db, { cohortId: approvalCohort.id, enrollmentId: pending.enrollmentId, actorId: staff.id });
    expect((await docs(pending.enrollmentId)).map((d) => d.kind)).toEqual(["invoice"]);

    // Another day: the same trainee cannot hold two places whose sessions overlap.
    const free = await makePaidCohort(db, { feeYen: 0, startOffset: 12 });
    const f = await enroll(db, { cohortId: free.cohortId, userId: c.id });
    expect(await docs(f.enrollmentId)).toEqual([]);
  });

  it("a move voids both documents of the old cohort and reissues them for the new one; an unpaid mark voids the receipt", async () => {
    const { staff, courseId, cohortId } = await makePaidCohort(db);
    const other = await makeCohort(db, staff.id, courseId);
    const t = await makeUser(db, ["trainee"]);
    const { enrollmentId } = await enroll(db, { cohortId, userId: t.id });
    await setPaid(db, { cohortId, enrollmentId, paid: true, actorId: staff.id });
    const moved = await moveEnrollment(db, { cohortId, enrollmentId, targetCohortId: other.id, actorId: staff.id });
    expect((await docs(enrollmentId)).map((d) => `${d.kind}:${d.status}`)).toEqual([
      "receipt:voided",
      "invoice:voided",
    ]);
    expect((await docs(moved.enrollmentId)).map((d) => `${d.kind}:${d.status}`)).toEqual([
      "receipt:issued",
      "invoice:issued",
    ]);
    await setPaid(db, { cohortId: other.id, enrollmentId: moved.enrollmentId, paid: false, actorId: staff.id });
    expect((await docs(moved.enrollmentId)).map((d) => `${d.kind}:${d.status}`)).toEqual([
      "receipt:voided",
      "invoice:issued",
    ]);
  });

  it("a roster import issues the invoices of confirmed places and the receipts of paid ones", async () => {
    const { staff, cohortId } = await makePaidCohort(db);
    const t = await makeUser(db, ["trainee"]);
    const csv = `メールアドレス,入金確認\n${(await db.selectFrom("users").select("email").where("id", "=", t.id).executeTakeFirstOrThrow()).email},済\n`;
    const result = await importRosterCsv(db, { cohortId, bytes: new TextEncoder().encode(csv), actorId: staff.id });
    expect(result.ok).toBe(true);
    const e = await db
      .selectFrom("enrollments")
      .select("id")
      .where("cohort_id", "=", cohortId)
      .executeTakeFirstOrThrow();
    expect((await docs(e.id)).map((d) => d.kind)).toEqual(["receipt", "invoice"]);
  });

  it("a trainee downloads only their own documents; staff any", async () => {
    const { cohortId } = await makePaidCohort(db);
    const [owner, stranger] = [await makeUser(db, ["trainee"]), await makeUser(db, ["trainee"])];
    const { enrollmentId } = await enroll(db, { cohortId, userId: owner.id });
    const [invoice] = await documentsOfEnrollment(db, enrollmentId);
    await expect(
      documentForDownload(db, { invoiceId: invoice!.id, userId: owner.id, staff: false }),
    ).resolves.toMatchObject({ id: invoice!.id });
    await expect(
      documentForDownload(db, { invoiceId: invoice!.id, userId: stranger.id, staff: false }),
    ).rejects.toThrow("書類が見つかりません");
    await expect(
      documentForDownload(db, { invoiceId: invoice!.id, userId: stranger.id, staff: true }),
    ).resolves.toBeTruthy();
  });

  it("20 simultaneous issuances take the serials without a gap or a duplicate", async () => {
    const { cohortId } = await makePaidCohort(db, { capacity: 40 });
    // Place the trainees without invoices first (number unset), then issue all at once.
    const staff = await makeUser(db, ["staff"]);
    await setRegistrationNumber(db, staff.id, null);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const u = await makeUser(db, ["trainee"]);
      ids.push((await enroll(db, { cohortId, userId: u.id })).enrollmentId);
    }
    await setRegistrationNumber(db, staff.id);
    const before = await db
      .selectFrom("document_counters")
      .select("last_value")
      .where("series", "=", "invoice")
      .where("fiscal_year", "=", fy)
      .executeTakeFirst();
    const start = Number(before?.last_value ?? 0);
    const issued = await Promise.all(
      ids.map((id, i) =>
        transaction(servers[i % servers.length]!, { locks: [...DOCUMENT_LOCKS] }, (trx) =>
          issueInvoiceIfDue(trx, id, null),
        ),
      ),
    );
    const serials = issued.map((d) => Number(d!.number.slice(-6))).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1));
    const rows = await db.selectFrom("invoices").select("number").where("enrollment_id", "in", ids).execute();
    expect(new Set(rows.map((r) => r.number)).size).toBe(20);
  }, 60_000);

  it("the PDF states the registration number, the tax, the amounts and the Japanese recipient; a voided one says 無効", async () => {
    const { staff, cohortId } = await makePaidCohort(db, { feeYen: 55_000, title: "ケース研修" });
    const t = await makeUser(db, ["trainee"], { name: "佐々木 花子" });
    const { enrollmentId } = await enroll(db, { cohortId, userId: t.id });
    await setPaid(db, { cohortId, enrollmentId, paid: true, actorId: staff.id });
    const [receipt, invoice] = await documentsOfEnrollment(db, enrollmentId);
    const invoiceText = (await pdfText(await renderDocumentPdf(invoice!))).replace(/\s+/g, "");
    for (const expected of [
      "請求書",
      TEST_REGISTRATION_NUMBER,
      "佐々木花子様",
      "ケース研修",
      "55,000円",
      "消費税額（10%）",
      "5,000円",
      "50,000円",
      invoice!.number,
    ])
      expect(invoiceText).toContain(expected);
    expect(invoiceText).not.toContain("無効");
    const receiptText = (await pdfText(await renderDocumentPdf(receipt!))).replace(/\s+/g, "");
    for (const expected of ["領収書", "領収金額（税込）", "但し", "収入印紙", TEST_REGISTRATION_NUMBER])
      expect(receiptText).toContain(expected);

    await cancelEnrollmentByStaff(db, { cohortId, enrollmentId, actorId: staff.id, reason: "" });
    const [, voided] = await documentsOfEnrollment(db, enrollmentId);
    const voidedText = (await pdfText(await renderDocumentPdf(voided!))).replace(/\s+/g, "");
    expect(voidedText).toContain("無効");
    expect(voidedText).toContain("事務局による申込の取消");
  });

  it("請求書 and 領収書 state the service dates (取引年月日); the invoice its 支払期限 and 振込先, frozen at issue", async () => {
    const { staff, courseId } = await makePaidCohort(db, { feeYen: 11_000, title: "基礎研修" });
    const cohort = await makeCohort(db, staff.id, courseId, { startOffset: 20, days: 3 });
    // Without payment settings the invoice says the secretariat will tell; set them first.
    await updatePaymentSettings(
      db,
      PaymentSettingsSchema.parse({
        bankName: "みどり銀行",
        branchName: "本店営業部",
        accountType: "ordinary",
        accountNumber: "1234567",
        accountHolderKana: "ﾄｸﾃｲﾋｴｲﾘｶﾂﾄﾞｳﾎｳｼﾞﾝ",
        dueBasis: "before_start",
        dueDays: "3",
        note: "",
      }),
      staff.id,
    );
    const t = await makeUser(db, ["trainee"]);
    const { enrollmentId } = await enroll(db, { cohortId: cohort.id, userId: t.id });
    await setPaid(db, { cohortId: cohort.id, enrollmentId, paid: true, actorId: staff.id });
    const sessions = await db
      .selectFrom("cohort_sessions")
      .select("date")
      .where("cohort_id", "=", cohort.id)
      .orderBy("date")
      .execute();
    const dates = sessions.map((r) => r.date);
    expect(dates).toHaveLength(3);
    const [receipt, invoice] = await documentsOfEnrollment(db, enrollmentId);
    expect(invoice).toMatchObject({ kind: "invoice", service_dates: dates.join(",") });
    expect(invoice!.payment_due_on).toBe(addDays(dates[0]!, -3));
    expect(invoice!.payment_account).toContain("みどり銀行");
    expect(receipt).toMatchObject({ kind: "receipt", service_dates: dates.join(","), payment_account: null });

    const [y, m, d] = dates[0]!.split("-").map(Number);
    const [dy, dm, dd] = invoice!.payment_due_on!.split("-").map(Number);
    const invoiceText = (await pdfText(await renderDocumentPdf(invoice!))).replace(/\s+/g, "");
    for (const expected of [
      "取引年月日",
      `${y}年${m}月${d}日`,
      "（全3回）",
      "お支払い期限",
      `${dy}年${dm}月${dd}日`,
      "お振込先",
      "みどり銀行",
      "本店営業部",
      "普通1234567",
    ])
      expect(invoiceText).toContain(expected);
    expect(invoiceText).not.toContain("マイ研修」でご確認ください");
    const receiptText = (await pdfText(await renderDocumentPdf(receipt!))).replace(/\s+/g, "");
    expect(receiptText).toContain("取引年月日");
    expect(receiptText).toContain(`${y}年${m}月${d}日`);
    expect(receiptText).not.toContain("お振込先");
  });
});

describe("what the documents print about the service and the deadline", () => {
  it("the period and each session day; one day alone", () => {
    expect(serviceDatesLines("2027-01-10")).toEqual(["令和9年1月10日（2027年1月10日）"]);
    expect(serviceDatesLines("2026-12-20,2027-01-10,2027-01-17")).toEqual([
      "令和8年12月20日（2026年12月20日）〜令和9年1月17日（2027年1月17日）",
      "受講日：12月20日、2027年1月10日、2027年1月17日（全3回）",
    ]);
    expect(serviceDatesLines(null)).toEqual([]);
  });

  it("the settings' deadline, never before the issue date (then 14 days after issue)", () => {
    expect(invoiceDueDate("2027-01-07", "2026-12-07")).toBe("2027-01-07");
    expect(invoiceDueDate("2026-12-01", "2026-12-07")).toBe("2026-12-21");
    expect(invoiceDueDate(null, "2026-12-07")).toBe("2026-12-21");
  });
});
