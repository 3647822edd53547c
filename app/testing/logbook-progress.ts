// Test-only builders for plan-against-actual, outcomes and assessment: an active placement
// made through the OJT domain functions, and log entries inserted directly (the entry pages
// and their domain functions are another part of the logbook).
import type { Database } from "~/db.server";
import { createEngagement } from "~/features/engagements/engagements.server";
import { submitApplication } from "~/features/ojt/applications.server";
import { acceptPlacement, confirmPlacement, proposePlacement } from "~/features/ojt/placements.server";
import { addDays, todayInTokyo } from "~/lib/dates";
import { makeUser } from "./db";
import { applicationInput, engagementInput, seedCities, setUpBasicCourse } from "./ojt";

let citiesSeeded = new WeakSet<Database>();

/** An active placement (trainee confirmed) over [startDate, endDate]. */
export async function activePlacement(
  db: Database,
  options: { startDate?: string; endDate?: string; status?: "accepted" | "active" } = {},
) {
  if (!citiesSeeded.has(db)) {
    await seedCities(db);
    citiesSeeded.add(db);
  }
  const staff = await makeUser(db, ["staff"]);
  const trainer = await makeUser(db, ["trainer"]);
  const trainee = await makeUser(db, ["trainee"], { prefectureCode: "06" });
  const basic = await setUpBasicCourse(db);
  await basic.complete(trainee.id);
  const app = await submitApplication(db, trainee.id, applicationInput());
  const engagement = await createEngagement(db, engagementInput({ leadTrainerId: trainer.id }), {
    id: staff.id,
    roles: ["staff"],
  });
  const today = todayInTokyo();
  const startDate = options.startDate ?? addDays(today, -30);
  const endDate = options.endDate ?? addDays(today, 150);
  const p = await proposePlacement(
    db,
    { applicationId: app.id, engagementId: engagement.id, startDate, endDate, note: "", overrideReason: null },
    { id: staff.id, roles: ["staff"] },
  );
  await acceptPlacement(
    db,
    p.id,
    { id: trainer.id, roles: ["trainer"] },
    { goals: "相談会に同席し調達支援を担当する", contacts: "" },
  );
  if (options.status !== "accepted") await confirmPlacement(db, p.id, { id: trainee.id, roles: ["trainee"] });
  return { id: p.id, staff, trainer, trainee, startDate, endDate, courseId: basic.courseId };
}

export async function referenceIds(db: Database) {
  const [kinds, phases, roles] = await Promise.all([
    db.selectFrom("ojt_task_kinds").select(["id", "code"]).orderBy("id").execute(),
    db.selectFrom("pgl_phases").select(["id", "code"]).orderBy("id").execute(),
    db.selectFrom("mic_roles").select(["id", "code"]).orderBy("id").execute(),
  ]);
  const by = (rows: { id: number; code: string }[]) => Object.fromEntries(rows.map((r) => [r.code, r.id]));
  return { kind: by(kinds), phase: by(phases), role: by(roles) };
}

let seq = 0;
/** Inserts a log entry as it would stand after submission (and approval, when asked). */
export async function insertEntry(
  db: Database,
  placement: { id: number; trainee: { id: string }; trainer: { id: string } },
  entry: {
    minutes: number;
    taskKindId: number;
    status?: "submitted" | "returned" | "approved";
    workDate?: string;
    pglPhaseId?: number | null;
    micRoleId?: number | null;
  },
) {
  seq += 1;
  const now = new Date().toISOString();
  const approved = entry.status === "approved";
  const row = await db
    .insertInto("ojt_log_entries")
    .values({
      placement_id: placement.id,
      author_id: placement.trainee.id,
      status: entry.status ?? "submitted",
      work_date: entry.workDate ?? todayInTokyo(),
      minutes: entry.minutes,
      task_kind_id: entry.taskKindId,
      pgl_phase_id: entry.pglPhaseId ?? null,
      mic_role_id: entry.micRoleId ?? null,
      activity: `作業 ${seq}`,
      submitted_at: now,
      approved_by: approved ? placement.trainer.id : null,
      approved_at: approved ? now : null,
      fingerprint: approved ? "0".repeat(63) + String(seq % 10) : null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export function resetLogbookBuilders() {
  citiesSeeded = new WeakSet();
}

/** A course with one cohort and one past session; attend(userId) enrols and marks them present. */
export async function attendedCourse(db: Database) {
  const basic = await setUpBasicCourse(db);
  const cohort = await db
    .selectFrom("cohorts")
    .select("id")
    .where("course_id", "=", basic.courseId)
    .executeTakeFirstOrThrow();
  const session = await db
    .insertInto("cohort_sessions")
    .values({ cohort_id: cohort.id, date: addDays(todayInTokyo(), -7), start_time: "10:00", end_time: "17:00" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const attend = async (userId: string, status: "present" | "absent" = "present") => {
    await basic.complete(userId);
    const enrollment = await db
      .selectFrom("enrollments")
      .select("id")
      .where("cohort_id", "=", cohort.id)
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("attendance")
      .values({ enrollment_id: enrollment.id, session_id: session.id, status, marked_at: new Date().toISOString() })
      .execute();
  };
  return { courseId: basic.courseId, attend };
}
