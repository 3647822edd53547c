import { transaction, type Database, type RowLock } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { getIssuer } from "~/features/issuer/issuer.server";
import { counterLock, takeNextNumber } from "~/features/numbering/counters.server";
import { bankAccountLines, paymentDueDate } from "~/features/payments/instructions";
import { getPaymentSettings } from "~/features/payments/settings.server";
import { addDays, fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { NotFoundError } from "~/lib/errors";
import { VOID_REASONS, type VoidCause } from "./labels";
import { documentNumber, STANDARD_TAX_RATE_PERCENT, taxIncludedIn, type DocumentKind } from "./tax";

// Invoices (請求書) and receipts (領収書) of course fees. The enrolment capability calls the
// issuing and voiding functions inside its own transactions (enrollment → invoices, never back):
// a place confirmed → an invoice; the fee marked paid → a receipt; a cancelled place → its live
// invoice voided. What is printed is frozen in the row at issue; a voided document stays.

/**
 * Locks for a transaction that may issue an invoice or a receipt (enrolment, approval,
 * cancellation with its promotion, move, payment, import): pass them with the caller's own.
 */
export const DOCUMENT_LOCKS: readonly RowLock[] = [counterLock("invoice"), counterLock("receipt")];

export type InvoiceDocument = {
  id: number;
  enrollment_id: number;
  kind: DocumentKind;
  number: string;
  issued_on: string;
  issued_at: string;
  recipient_name: string;
  item_name: string;
  amount_yen: number;
  tax_yen: number;
  tax_rate_percent: number;
  issuer_name: string;
  registration_number: string;
  /** The dates of the service (取引年月日): the cohort's session dates at issue, "2027-01-10,2027-01-17". */
  service_dates: string | null;
  /** An invoice's 支払期限 (Tokyo date), or null (a receipt; payment settings unset). */
  payment_due_on: string | null;
  /** An invoice's 振込先, one "label：value" per line, or null (a receipt; payment settings unset). */
  payment_account: string | null;
  status: "issued" | "voided";
  voided_at: string | null;
  void_reason: string | null;
};

/**
 * An invoice issued after the payment settings' deadline had passed (issued late, once the
 * registration number was set) is given this many days from its issue date instead.
 */
export const LATE_INVOICE_PAYMENT_DAYS = 14;

/**
 * The 支払期限 printed on an invoice: the payment settings' rule (the date My training and the
 * enrolment mail show), but never before the day of issue: then the issue date + 14 days.
 */
export function invoiceDueDate(ruleDate: string | null, issuedOn: string): string {
  if (ruleDate === null || ruleDate < issuedOn) return addDays(issuedOn, LATE_INVOICE_PAYMENT_DAYS);
  return ruleDate;
}

const COLUMNS = [
  "invoices.id",
  "invoices.enrollment_id",
  "invoices.kind",
  "invoices.number",
  "invoices.issued_on",
  "invoices.issued_at",
  "invoices.recipient_name",
  "invoices.item_name",
  "invoices.amount_yen",
  "invoices.tax_yen",
  "invoices.tax_rate_percent",
  "invoices.issuer_name",
  "invoices.registration_number",
  "invoices.service_dates",
  "invoices.payment_due_on",
  "invoices.payment_account",
  "invoices.status",
  "invoices.voided_at",
  "invoices.void_reason",
] as const;

function asDocument<T extends { kind: string; status: string }>(row: T) {
  return { ...row, kind: row.kind as DocumentKind, status: row.status as "issued" | "voided" };
}

/** The organisation (if any) and the trainee, as printed after 「様」's recipient line. */
export function recipientNameOf(user: { name: string; organization: string }): string {
  const org = user.organization.trim();
  return (org ? `${org}\u3000${user.name}` : user.name).slice(0, 200);
}

async function loadFacts(trx: Database, enrollmentId: number) {
  return trx
    .selectFrom("enrollments as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .select([
      "e.id",
      "e.status",
      "e.fee_yen",
      "e.paid_at",
      "e.enrolled_at",
      "e.cohort_id",
      "c.first_session_date",
      "u.name",
      "u.organization",
      "k.title as course_title",
      "c.name as cohort_name",
    ])
    .where("e.id", "=", enrollmentId)
    .executeTakeFirst();
}

async function hasLive(trx: Database, enrollmentId: number, kind: DocumentKind): Promise<boolean> {
  const row = await trx
    .selectFrom("invoices")
    .select("id")
    .where("enrollment_id", "=", enrollmentId)
    .where("kind", "=", kind)
    .where("status", "=", "issued")
    .executeTakeFirst();
  return row !== undefined;
}

async function issue(
  trx: Database,
  kind: DocumentKind,
  facts: NonNullable<Awaited<ReturnType<typeof loadFacts>>>,
  actorId: string | null,
  now: Date,
): Promise<InvoiceDocument | null> {
  const issuer = await getIssuer(trx);
  // Without the registration number a document would not be a qualified invoice: none is
  // issued; staff see the warning and issue the missing ones once the number is set.
  if (!issuer.registration_number) return null;
  const issuedOn = todayInTokyo(now);
  const fiscalYear = fiscalYearOf(issuedOn);
  const serial = await takeNextNumber(trx, kind, fiscalYear);
  const sessions = await trx
    .selectFrom("cohort_sessions")
    .select("date")
    .distinct()
    .where("cohort_id", "=", facts.cohort_id)
    .orderBy("date")
    .execute();
  const serviceDates = sessions.map((r) => r.date).join(",") || null;
  // The 振込先 and 支払期限 are printed on the invoice only; a receipt records money received.
  const payment = kind === "invoice" ? await getPaymentSettings(trx) : null;
  const values = {
    enrollment_id: facts.id,
    kind,
    fiscal_year: fiscalYear,
    serial,
    number: documentNumber(kind, fiscalYear, serial),
    issued_on: issuedOn,
    issued_at: now.toISOString(),
    recipient_name: recipientNameOf(facts),
    item_name: `${facts.course_title}（${facts.cohort_name}）受講料`.slice(0, 200),
    amount_yen: facts.fee_yen,
    tax_yen: taxIncludedIn(facts.fee_yen, STANDARD_TAX_RATE_PERCENT),
    tax_rate_percent: STANDARD_TAX_RATE_PERCENT,
    issuer_name: issuer.association_name,
    registration_number: issuer.registration_number,
    service_dates: serviceDates,
    payment_due_on: payment
      ? invoiceDueDate(
          paymentDueDate(payment, { enrolledAt: facts.enrolled_at, firstSessionDate: facts.first_session_date }),
          issuedOn,
        )
      : null,
    payment_account: payment
      ? bankAccountLines(payment)
          .map((l) => `${l.label}：${l.value}`)
          .join("\n")
      : null,
    status: "issued" as const,
  };
  const { id } = await trx.insertInto("invoices").values(values).returning("id").executeTakeFirstOrThrow();
  await audit(trx, {
    actorId,
    action: kind === "invoice" ? "invoice.issue" : "receipt.issue",
    entityType: "enrollment",
    entityId: facts.id,
    details: { invoiceId: id, number: values.number, amountYen: values.amount_yen, taxYen: values.tax_yen },
  });
  return { ...values, id, voided_at: null, void_reason: null };
}

/**
 * Issues the 請求書 of an enrolment whose place is confirmed ('enrolled') with a fee, unless it
 * has a live one or the registration number is not set. Call inside the confirming transaction.
 */
export async function issueInvoiceIfDue(
  trx: Database,
  enrollmentId: number,
  actorId: string | null = null,
  now: Date = new Date(),
): Promise<InvoiceDocument | null> {
  const facts = await loadFacts(trx, enrollmentId);
  if (!facts || facts.status !== "enrolled" || facts.fee_yen <= 0) return null;
  if (await hasLive(trx, enrollmentId, "invoice")) return null;
  return issue(trx, "invoice", facts, actorId, now);
}

/**
 * Issues the 領収書 of an enrolment whose fee staff marked paid, unless it has a live one or
 * the registration number is not set. Call inside the transaction that sets paid_at.
 */
export async function issueReceiptIfDue(
  trx: Database,
  enrollmentId: number,
  actorId: string | null = null,
  now: Date = new Date(),
): Promise<InvoiceDocument | null> {
  const facts = await loadFacts(trx, enrollmentId);
  if (!facts || facts.status === "cancelled" || facts.fee_yen <= 0 || facts.paid_at === null) return null;
  if (await hasLive(trx, enrollmentId, "receipt")) return null;
  return issue(trx, "receipt", facts, actorId, now);
}

/**
 * Voids the live documents of the given kinds of an enrolment, with the reason printed on them.
 * Never deletes: the number stays used and the voided PDF says 無効.
 */
export async function voidLiveDocuments(
  trx: Database,
  enrollmentId: number,
  kinds: readonly DocumentKind[],
  cause: VoidCause,
  actorId: string | null,
): Promise<number> {
  const live = await trx
    .selectFrom("invoices")
    .select(["id", "number", "kind"])
    .where("enrollment_id", "=", enrollmentId)
    .where("kind", "in", [...kinds])
    .where("status", "=", "issued")
    .orderBy("id")
    .execute();
  const now = new Date().toISOString();
  for (const d of live) {
    await trx
      .updateTable("invoices")
      .set({ status: "voided", voided_at: now, void_reason: VOID_REASONS[cause] })
      .where("id", "=", d.id)
      .execute();
    await audit(trx, {
      actorId,
      action: d.kind === "invoice" ? "invoice.void" : "receipt.void",
      entityType: "enrollment",
      entityId: enrollmentId,
      details: { invoiceId: d.id, number: d.number, reason: VOID_REASONS[cause] },
    });
  }
  return live.length;
}

/** Enrolments owed a document: confirmed with a fee and no live invoice; paid and no receipt. */
function missingQuery(db: Database) {
  return db
    .selectFrom("enrollments as e")
    .select(["e.id", "e.status", "e.paid_at"])
    .where("e.fee_yen", ">", 0)
    .where((eb) =>
      eb.or([
        eb.and([
          eb("e.status", "=", "enrolled"),
          eb.not(
            eb.exists(
              eb
                .selectFrom("invoices as i")
                .select("i.id")
                .whereRef("i.enrollment_id", "=", "e.id")
                .where("i.kind", "=", "invoice")
                .where("i.status", "=", "issued"),
            ),
          ),
        ]),
        eb.and([
          eb("e.status", "<>", "cancelled"),
          eb("e.paid_at", "is not", null),
          eb.not(
            eb.exists(
              eb
                .selectFrom("invoices as r")
                .select("r.id")
                .whereRef("r.enrollment_id", "=", "e.id")
                .where("r.kind", "=", "receipt")
                .where("r.status", "=", "issued"),
            ),
          ),
        ]),
      ]),
    );
}

/** How many enrolments are owed an invoice or a receipt (for the staff warning). */
export async function countMissingDocuments(db: Database, enrollmentId?: number): Promise<number> {
  let query = missingQuery(db)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("n"));
  if (enrollmentId !== undefined) query = query.where("e.id", "=", enrollmentId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Issues every missing invoice and receipt (of one enrolment, or of all), oldest enrolment
 * first, in one transaction (after staff set the registration number). Returns how many
 * documents were issued.
 */
export async function issueMissingDocuments(db: Database, actorId: string, enrollmentId?: number): Promise<number> {
  return transaction(db, { locks: [...DOCUMENT_LOCKS] }, async (trx) => {
    let query = missingQuery(trx);
    if (enrollmentId !== undefined) query = query.where("e.id", "=", enrollmentId);
    const rows = await query.orderBy("e.id").execute();
    let issued = 0;
    for (const r of rows) {
      if (await issueInvoiceIfDue(trx, r.id, actorId)) issued += 1;
      if (await issueReceiptIfDue(trx, r.id, actorId)) issued += 1;
    }
    return issued;
  });
}

/** The documents of one enrolment, newest first (staff page, My training). */
export async function documentsOfEnrollment(db: Database, enrollmentId: number): Promise<InvoiceDocument[]> {
  const rows = await db
    .selectFrom("invoices")
    .select(COLUMNS)
    .where("enrollment_id", "=", enrollmentId)
    .orderBy("id", "desc")
    .execute();
  return rows.map(asDocument);
}

/** The documents of a trainee's enrolments, newest first, keyed by enrolment (My training). */
export async function documentsOfTrainee(db: Database, userId: string): Promise<Record<number, InvoiceDocument[]>> {
  const rows = await db
    .selectFrom("invoices")
    .innerJoin("enrollments", "enrollments.id", "invoices.enrollment_id")
    .select(COLUMNS)
    .where("enrollments.user_id", "=", userId)
    .orderBy("invoices.id", "desc")
    .execute();
  const byEnrollment: Record<number, InvoiceDocument[]> = {};
  for (const r of rows) (byEnrollment[r.enrollment_id] ??= []).push(asDocument(r));
  return byEnrollment;
}

/**
 * One document for download: staff see any; a trainee only those of their own enrolments
 * (ownership in the query; anyone else gets the same 404 as for an unknown id).
 */
export async function documentForDownload(
  db: Database,
  input: { invoiceId: number; userId: string; staff: boolean },
): Promise<InvoiceDocument> {
  let query = db
    .selectFrom("invoices")
    .innerJoin("enrollments", "enrollments.id", "invoices.enrollment_id")
    .select(COLUMNS)
    .where("invoices.id", "=", input.invoiceId);
  if (!input.staff) query = query.where("enrollments.user_id", "=", input.userId);
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError("書類が見つかりません。");
  return asDocument(row);
}
