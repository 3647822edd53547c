import { z } from "zod";
import { integerField } from "~/lib/schema";

// The trainee's check-in form (the pass from the scanned code) and staff's rules of a course.

export const CheckInSchema = z.object({
  pass: z
    .string({ error: "受付の情報がありません。QRコードを読み取り直してください。" })
    .max(200, "受付の情報が正しくありません。"),
});

/** A scanned address's query: the code of the QR, or the fixed link's token (ASCII only). */
export const ScanQuerySchema = z.object({
  c: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  l: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
  p: z
    .string()
    .regex(/^[a-z]{2,4}\.[0-9]{1,12}\.[ud]\.[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

// integerField, not z.coerce: Number() would take "1e2" or "0x10" as a number of minutes.
const minutes = (label: string) =>
  integerField(label, { min: 0, max: 240, rangeMessage: `${label}は0〜240分で入力してください。` });

export const CheckInRulesSchema = z.object({
  opensMinutesBefore: minutes("受付開始（開始前）"),
  closesMinutesAfterEnd: minutes("受付終了（終了後）"),
  lateAfterMinutes: minutes("遅刻とする時間（開始後）"),
});
