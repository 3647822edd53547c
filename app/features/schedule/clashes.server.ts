import type { Database } from "~/db.server";
import { formatDateJa } from "~/lib/dates";
import { ConflictError } from "~/lib/errors";

// Schedule clashes (issue 16): two sessions on the same day whose times overlap. Shared by
// enrolment (a trainee cannot hold places in two overlapping cohorts) and the catalog (an
// instructor cannot teach two overlapping sessions), so it lives in neither.

export type SessionSlot = { date: string; startTime: string; endTime: string };

export type Clash = {
  cohort_id: number;
  cohort_name: string;
  course_title: string;
  date: string;
  start_time: string;
  end_time: string;
};

/** "HH:MM" strings compare like times; touching sessions (10:00–12:00, 12:00–13:00) do not clash. */
export function slotsOverlap(a: SessionSlot, b: SessionSlot): boolean {
  return a.date === b.date && a.startTime < b.endTime && b.startTime < a.endTime;
}

/** Places that count: confirmed, awaiting approval, or waiting for a seat (which may come). */
const HOLDING = ["enrolled", "pending", "waitlisted"] as const;

function describe(clash: Clash): string {
  return `「${clash.course_title} ${clash.cohort_name}」の${formatDateJa(clash.date)} ${clash.start_time}〜${clash.end_time}`;
}

/** Sessions on the slots' dates of cohorts whose id is chosen by `cohorts` (one query). */
async function sessionsOn(
  trx: Database,
  slots: SessionSlot[],
  cohorts: (query: ReturnType<typeof sessionsQuery>) => ReturnType<typeof sessionsQuery>,
  exceptCohortIds: number[],
): Promise<Clash[]> {
  let query = cohorts(sessionsQuery(trx)).where("s.date", "in", [...new Set(slots.map((s) => s.date))]);
  if (exceptCohortIds.length > 0) query = query.where("c.id", "not in", exceptCohortIds);
  return query.orderBy("s.date").orderBy("s.start_time").orderBy("s.id").execute();
}

function sessionsQuery(trx: Database) {
  return trx
    .selectFrom("cohorts as c")
    .innerJoin("courses as k", "k.id", "c.course_id")
    .innerJoin("cohort_sessions as s", "s.cohort_id", "c.id")
    .select([
      "c.id as cohort_id",
      "c.name as cohort_name",
      "k.title as course_title",
      "s.date",
      "s.start_time",
      "s.end_time",
    ]);
}

/** The first session of another cohort the person holds a place in that overlaps one of `slots`. */
export async function traineeClash(
  trx: Database,
  input: { userId: string; slots: SessionSlot[]; exceptCohortIds: number[] },
): Promise<Clash | null> {
  if (input.slots.length === 0) return null;
  const rows = await sessionsOn(
    trx,
    input.slots,
    (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom("enrollments as e")
            .select("e.id")
            .whereRef("e.cohort_id", "=", "c.id")
            .where("e.user_id", "=", input.userId)
            .where("e.status", "in", [...HOLDING]),
        ),
      ),
    input.exceptCohortIds,
  );
  return firstClash(rows, input.slots);
}

/** The first session taught by `instructorId` in another cohort that overlaps one of `slots`. */
export async function instructorClash(
  trx: Database,
  input: { instructorId: string; slots: SessionSlot[]; exceptCohortId?: number },
): Promise<Clash | null> {
  if (input.slots.length === 0) return null;
  const rows = await sessionsOn(
    trx,
    input.slots,
    (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom("cohort_instructors as i")
            .select("i.user_id")
            .whereRef("i.cohort_id", "=", "c.id")
            .where("i.user_id", "=", input.instructorId),
        ),
      ),
    input.exceptCohortId !== undefined ? [input.exceptCohortId] : [],
  );
  return firstClash(rows, input.slots);
}

function firstClash(rows: Clash[], slots: SessionSlot[]): Clash | null {
  return (
    rows.find((r) =>
      slots.some((s) => slotsOverlap(s, { date: r.date, startTime: r.start_time, endTime: r.end_time })),
    ) ?? null
  );
}

/** Refuses a place that overlaps another cohort the person holds, naming that cohort. */
export async function refuseTraineeClash(
  trx: Database,
  input: { userId: string; cohortId: number; exceptCohortIds?: number[]; field?: string },
): Promise<void> {
  const slots = await slotsOfCohort(trx, input.cohortId);
  const clash = await traineeClash(trx, {
    userId: input.userId,
    slots,
    exceptCohortIds: [input.cohortId, ...(input.exceptCohortIds ?? [])],
  });
  if (clash) {
    throw new ConflictError(
      `${describe(clash)}と日程が重なっているため、申し込めません。どちらかの申込を取り消してからお申し込みください。`,
      input.field,
    );
  }
}

/** Refuses instructors who already teach a session overlapping the new schedule. */
export async function refuseInstructorClash(
  trx: Database,
  input: { instructors: { id: string; field: string }[]; slots: SessionSlot[]; exceptCohortId?: number },
): Promise<void> {
  for (const instructor of input.instructors) {
    const clash = await instructorClash(trx, {
      instructorId: instructor.id,
      slots: input.slots,
      exceptCohortId: input.exceptCohortId,
    });
    if (clash) {
      const person = await trx.selectFrom("users").select("name").where("id", "=", instructor.id).executeTakeFirst();
      throw new ConflictError(
        `${person?.name ?? "この講師"}さんは${describe(clash)}を担当しているため、日程が重なります。講師か日程を変えてください。`,
        instructor.field,
      );
    }
  }
}

/**
 * A warning for staff when a changed schedule now overlaps other cohorts of trainees who hold
 * places in it (they are not moved; staff decide).
 */
export async function enrolledClashWarnings(trx: Database, cohortId: number): Promise<string[]> {
  const slots = await slotsOfCohort(trx, cohortId);
  const people = await trx
    .selectFrom("enrollments as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select(["u.id", "u.name"])
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "in", [...HOLDING])
    .orderBy("u.name_kana")
    .orderBy("u.id")
    .execute();
  const warnings: string[] = [];
  for (const person of people) {
    const clash = await traineeClash(trx, { userId: person.id, slots, exceptCohortIds: [cohortId] });
    if (clash) warnings.push(`${person.name}さんの${describe(clash)}と日程が重なっています。`);
  }
  return warnings;
}

async function slotsOfCohort(trx: Database, cohortId: number): Promise<SessionSlot[]> {
  const rows = await trx
    .selectFrom("cohort_sessions")
    .select(["date", "start_time", "end_time"])
    .where("cohort_id", "=", cohortId)
    .execute();
  return rows.map((r) => ({ date: r.date, startTime: r.start_time, endTime: r.end_time }));
}
