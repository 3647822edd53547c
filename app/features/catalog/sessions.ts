// Sessions (days) of a cohort typed as text, one per line: quick to write, to paste from Excel,
// and to generate for a multi-day case training. Pure, shared by the form and the server.

import { addDays, isIsoDate, weekdayJa } from "~/lib/dates";
import { isYearEndClosure, japaneseHolidayName } from "~/lib/holidays";

export type SessionInput = { date: string; startTime: string; endTime: string; topic: string };

const LINE_RE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s*\([^)]*\))?\s+(\d{1,2}):(\d{2})\s*[-~〜]\s*(\d{1,2}):(\d{2})(?:\s+(.*))?$/u;

export const SESSION_LINE_EXAMPLE = "2026-07-09 10:00-17:00 ケース研修1日目";
export const MAX_SESSIONS = 40;

function pad(n: number | string): string {
  return String(n).padStart(2, "0");
}

/** Parses the lines; each error names its line so it can be shown beside the field. */
export function parseSessionLines(text: string): { sessions: SessionInput[]; errors: string[] } {
  const sessions: SessionInput[] = [];
  const errors: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.normalize("NFKC").replace(/\s+/gu, " ").trim();
    if (!line) return;
    const n = index + 1;
    const m = LINE_RE.exec(line);
    if (!m) {
      errors.push(`${n}行目：形式が正しくありません（例：${SESSION_LINE_EXAMPLE}）。`);
      return;
    }
    const [, y, mo, d, sh, sm, eh, em, topic] = m;
    const date = `${y}-${pad(mo!)}-${pad(d!)}`;
    if (!isIsoDate(date)) {
      errors.push(`${n}行目：${date} は存在しない日付です。`);
      return;
    }
    const startTime = `${pad(sh!)}:${sm}`;
    const endTime = `${pad(eh!)}:${em}`;
    if (!isTime(startTime) || !isTime(endTime)) {
      errors.push(`${n}行目：時刻は 00:00〜23:59 で入力してください。`);
      return;
    }
    if (endTime <= startTime) {
      errors.push(`${n}行目：終了時刻は開始時刻より後にしてください。`);
      return;
    }
    const t = (topic ?? "").trim();
    if (t.length > 100) {
      errors.push(`${n}行目：テーマは100文字以内にしてください。`);
      return;
    }
    if (sessions.some((s) => s.date === date && s.startTime < endTime && startTime < s.endTime)) {
      errors.push(`${n}行目：同じ日の他の日程と時間が重なっています。`);
      return;
    }
    sessions.push({ date, startTime, endTime, topic: t });
  });
  if (errors.length === 0 && sessions.length === 0) errors.push("日程を1行以上入力してください。");
  if (sessions.length > MAX_SESSIONS) errors.push(`日程は${MAX_SESSIONS}件以内にしてください。`);
  sessions.sort((a, b) => (a.date + a.startTime).localeCompare(b.date + b.startTime));
  return { sessions, errors };
}

function isTime(s: string): boolean {
  return /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s);
}

/** Writes sessions back as lines (for editing a cohort). */
export function formatSessionLines(sessions: ReadonlyArray<SessionInput>): string {
  return sessions.map((s) => `${s.date} ${s.startTime}-${s.endTime}${s.topic ? ` ${s.topic}` : ""}`).join("\n");
}

/**
 * Generates the days of a multi-day cohort: `count` sessions from `firstDate`, `intervalDays`
 * apart (7 = weekly), numbered "… 1日目", "… 2日目".
 */
export function generateSessions(input: {
  firstDate: string;
  count: number;
  intervalDays: number;
  startTime: string;
  endTime: string;
  topicPrefix: string;
}): SessionInput[] {
  if (!isIsoDate(input.firstDate) || input.count < 1 || input.intervalDays < 1) return [];
  const count = Math.min(input.count, MAX_SESSIONS);
  return Array.from({ length: count }, (_, i) => ({
    date: addDays(input.firstDate, i * input.intervalDays),
    startTime: input.startTime,
    endTime: input.endTime,
    topic: `${input.topicPrefix}${count > 1 ? `${i + 1}日目` : ""}`.trim(),
  }));
}

/**
 * Sessions that fall on a Japanese public holiday or in the 年末年始 closure (a warning for
 * the secretariat, shown while the form is filled in and after saving).
 */
export function holidayWarnings(sessions: ReadonlyArray<{ date: string }>): string[] {
  const warnings: string[] = [];
  for (const s of sessions) {
    if (!isIsoDate(s.date)) continue;
    let holiday: string | null = null;
    try {
      holiday = japaneseHolidayName(s.date);
    } catch {
      holiday = null;
    }
    if (holiday) warnings.push(`${s.date}（${weekdayJa(s.date)}）は祝日（${holiday}）です。`);
    else if (isYearEndClosure(s.date))
      warnings.push(
        `${s.date}（${weekdayJa(s.date)}）は年末年始の休業期間（12月29日〜1月3日、市役所・協会の休業日）です。`,
      );
  }
  return warnings;
}
