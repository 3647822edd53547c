// Helpers for tests of the catalog and enrollment capabilities (not used by the app).
import type { Database } from "~/db.server";
import { CohortSchema, CourseSchema } from "~/features/catalog/catalog.schema";
import { createCohort } from "~/features/catalog/cohorts.server";
import { createCourse } from "~/features/catalog/courses.server";
import { addDays, todayInTokyo } from "~/lib/dates";

let seq = 0;

export async function makeCourse(
  db: Database,
  actorId: string,
  overrides: Partial<Record<string, unknown>> = {},
): Promise<{ id: number; code: string }> {
  seq += 1;
  const code = `T-${seq}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const input = CourseSchema.parse({
    code,
    title: `テスト講座${seq}`,
    kind: "basic_municipal",
    format: "classroom",
    totalHours: 6,
    feeYen: 0,
    published: true,
    ...overrides,
  });
  const { id } = await createCourse(db, input, actorId);
  return { id, code: input.code };
}

/** A cohort whose enrolment window includes today; sessions `startOffset` days from today. */
export async function makeCohort(
  db: Database,
  actorId: string,
  courseId: number,
  overrides: Partial<Record<string, unknown>> & { startOffset?: number; days?: number } = {},
): Promise<{ id: number }> {
  const today = todayInTokyo();
  const { startOffset = 10, days = 1, ...rest } = overrides;
  const first = addDays(today, startOffset);
  const lines = Array.from({ length: days }, (_, i) => `${addDays(first, i * 7)} 10:00-17:00 ${i + 1}日目`);
  const input = CohortSchema.parse({
    courseId,
    name: "テスト開催回",
    area: "13",
    venue: "東京会場",
    capacity: 30,
    enrollmentOpensOn: addDays(today, -30),
    enrollmentClosesOn: startOffset >= 0 ? first : today,
    cancellationDeadline: startOffset >= 0 ? first : addDays(today, -31),
    sessionsText: lines.join("\n"),
    ...rest,
  });
  const { id } = await createCohort(db, input, actorId);
  return { id };
}

// Shift_JIS encoder for tests, built from the platform's decoder (so it agrees with it).
let sjisTable: Map<string, number[]> | undefined;
export function encodeShiftJis(text: string): Uint8Array {
  if (!sjisTable) {
    sjisTable = new Map();
    const decoder = new TextDecoder("shift_jis");
    const leads = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
    for (const lead of leads) {
      for (const trail of range(0x40, 0xfc)) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== "\ufffd" && !sjisTable.has(ch)) sjisTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = sjisTable.get(ch);
      if (!bytes) throw new Error(`Not encodable in Shift_JIS: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
