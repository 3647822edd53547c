import { describe, expect, it } from "vitest";
import { CheckInRulesSchema } from "~/features/attendance/check-in.schema";
import { EntrySchema } from "./logbook.schema";

const entry = (duration: string) => ({ workDate: "2026-11-02", duration, taskKindId: "1" });
const messagesOf = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe("numbers of minutes are digits only", () => {
  it("a log entry's duration: 60 and ６０ are minutes; 1e3, 0x10 and 1.5e2 are refused in Japanese", () => {
    expect(EntrySchema.parse(entry("60")).minutes).toBe(60);
    expect(EntrySchema.parse(entry("６０")).minutes).toBe(60);
    for (const raw of ["1e3", "0x10", "1.5e2", "6e1"])
      expect(messagesOf(EntrySchema.safeParse(entry(raw)))).toContain("時間は1分から24時間の範囲で選択してください。");
  });

  it("the check-in rules: 1e2 is not 100 minutes", () => {
    const rules = { opensMinutesBefore: "30", closesMinutesAfterEnd: "60", lateAfterMinutes: "10" };
    expect(CheckInRulesSchema.parse(rules)).toEqual({
      opensMinutesBefore: 30,
      closesMinutesAfterEnd: 60,
      lateAfterMinutes: 10,
    });
    expect(messagesOf(CheckInRulesSchema.safeParse({ ...rules, lateAfterMinutes: "1e2" }))).toEqual([
      "遅刻とする時間（開始後）は数字で入力してください。",
    ]);
  });
});
