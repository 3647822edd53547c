import { z } from "zod";
import { decimalField } from "~/lib/schema";

/** Planned hours per task kind over the placement's period (names hours[i].taskKindId / hours[i].hours). */
export const PlanHoursSchema = z.object({
  hours: z
    .array(
      z.object({
        taskKindId: z.coerce.number({ error: "作業の種類が正しくありません。" }).int().positive(),
        hours: decimalField("計画時間", {
          min: 0,
          max: 10000,
          step: { size: 0.5, message: "計画時間は0.5時間単位で入力してください。" },
        }),
      }),
      { error: "計画時間を入力してください。" },
    )
    .min(1, "計画時間を入力してください。")
    .max(100, "作業の種類が多すぎます。"),
});
export type PlanHoursInput = z.infer<typeof PlanHoursSchema>;
