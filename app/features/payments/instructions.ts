import { addDays, formatDateJa, tokyoDateOf } from "~/lib/dates";
import { formatNumber } from "~/lib/numbers";
import { ACCOUNT_TYPE_LABELS, type AccountType, type DueBasis } from "./kinds";

// How to pay a course fee, worded once for the confirmation page, the e-mail and My training.

export type PaymentSettings = {
  bank_name: string;
  branch_name: string;
  account_type: AccountType;
  account_number: string;
  account_holder_kana: string;
  due_basis: DueBasis;
  due_days: number;
  note: string;
};

/** "受講確定日から14日以内" / "初回開催日の7日前まで" / "初回開催日まで". */
export function dueRuleText(s: Pick<PaymentSettings, "due_basis" | "due_days">): string {
  if (s.due_basis === "after_enrolment") return `受講確定日から${s.due_days}日以内`;
  return s.due_days === 0 ? "初回開催日まで" : `初回開催日の${s.due_days}日前まで`;
}

/**
 * The payment deadline of one enrolment, a Tokyo calendar date; null while the seat is not
 * confirmed and the rule counts from the confirmation.
 */
export function paymentDueDate(
  s: Pick<PaymentSettings, "due_basis" | "due_days">,
  e: { enrolledAt: string | null; firstSessionDate: string | null },
): string | null {
  if (s.due_basis === "after_enrolment") return e.enrolledAt ? addDays(tokyoDateOf(e.enrolledAt), s.due_days) : null;
  return e.firstSessionDate ? addDays(e.firstSessionDate, -s.due_days) : null;
}

/** The bank account as lines: "銀行：…", "支店：…", "口座：普通 1234567", "名義：…". */
export function bankAccountLines(s: PaymentSettings): Array<{ label: string; value: string }> {
  return [
    { label: "金融機関", value: s.bank_name },
    { label: "支店", value: s.branch_name },
    { label: "口座", value: `${ACCOUNT_TYPE_LABELS[s.account_type]} ${s.account_number}` },
    { label: "口座名義", value: s.account_holder_kana },
  ];
}

/**
 * The fee paragraph of an enrolment e-mail. Waitlisted: what the fee will be; pending or
 * enrolled: how to pay and by when. Without settings, the secretariat will tell them.
 */
export function feeEmailText(
  settings: PaymentSettings | null,
  input: {
    feeYen: number;
    status: "enrolled" | "pending" | "waitlisted";
    enrolledAt: string | null;
    firstSessionDate: string | null;
  },
): string {
  if (input.feeYen === 0) return "受講料：無料";
  const fee = `受講料：${formatNumber(input.feeYen)}円`;
  if (input.status === "waitlisted") return `${fee}\n繰り上がって受講が確定したときに、お支払い方法をお知らせします。`;
  if (!settings) return `${fee}\nお支払い方法は事務局からご案内します。`;
  const due = paymentDueDate(settings, input);
  const lines = [
    fee,
    "お支払い方法：銀行振込",
    ...bankAccountLines(settings).map((l) => `\u3000${l.label}：${l.value}`),
    `お支払い期限：${due ? `${formatDateJa(due)}（${dueRuleText(settings)}）` : dueRuleText(settings)}`,
    input.status === "pending" ? "事務局の承認後にお振り込みください。" : "",
    settings.note,
    "入金が確認されると、修了要件の「受講料の入金確認」が満たされます。",
  ];
  return lines.filter(Boolean).join("\n");
}
