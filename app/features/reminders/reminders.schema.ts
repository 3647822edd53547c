import { z } from "zod";
import { integerField, timeField } from "~/lib/schema";

export const ReminderSettingsSchema = z.object({
  sessionReminderTime: timeField("前日のお知らせの時刻"),
  questionnaireAfterDays: integerField("アンケートの催促（最終日の何日後）", { min: 1, max: 30 }),
  feeBeforeDays: integerField("受講料の催促（初回の何日前）", { min: 1, max: 60 }),
});
