import { transaction, type Database } from "~/db.server";
import { audit } from "~/features/audit/audit.server";
import { completedCourseIds } from "~/features/enrollment/completion.server";
import { ConflictError } from "~/lib/errors";
import type { PrerequisiteRule } from "~/features/vocabulary/ojt-kinds";

/**
 * The OJT prerequisite is data: the courses in ojt_required_courses and a rule, "all" (every
 * listed course completed) or "any" (one of them suffices, e.g. when the basic course is
 * renewed under a new code). With no course listed, nobody is held back.
 */
export async function getOjtPrerequisites(db: Database) {
  const [settings, courses] = await Promise.all([
    db.selectFrom("ojt_settings").select(["prerequisite_rule", "updated_at"]).where("id", "=", 1).executeTakeFirst(),
    db
      .selectFrom("ojt_required_courses")
      .innerJoin("courses", "courses.id", "ojt_required_courses.course_id")
      .select(["courses.id", "courses.code", "courses.title", "courses.kind"])
      .orderBy("courses.id")
      .execute(),
  ]);
  return { rule: (settings?.prerequisite_rule ?? "all") as PrerequisiteRule, courses };
}

/** Courses staff can choose from. (The catalog owns courses; this reads id, code, title only.) */
export async function listCoursesForPrerequisites(db: Database) {
  return db.selectFrom("courses").select(["id", "code", "title", "kind"]).orderBy("kind").orderBy("code").execute();
}

export async function setOjtPrerequisites(
  db: Database,
  input: { courseIds: number[]; rule: PrerequisiteRule },
  actorId: string,
) {
  await transaction(db, async (trx) => {
    const ids = [...new Set(input.courseIds)];
    const found = await trx.selectFrom("courses").select("id").where("id", "in", ids).execute();
    if (found.length !== ids.length) throw new ConflictError("存在しない研修が選択されています。", "courseIds");
    const now = new Date().toISOString();
    await trx.deleteFrom("ojt_required_courses").where("course_id", "not in", ids).execute();
    await trx
      .insertInto("ojt_required_courses")
      .values(ids.map((course_id) => ({ course_id, added_by: actorId, added_at: now })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .updateTable("ojt_settings")
      .set({ prerequisite_rule: input.rule, updated_by: actorId, updated_at: now })
      .where("id", "=", 1)
      .execute();
    await audit(trx, {
      actorId,
      action: "ojt.prerequisites.update",
      entityType: "ojt_settings",
      entityId: 1,
      details: { courseIds: ids, rule: input.rule },
    });
  });
}

export type OjtEligibility = {
  eligible: boolean;
  rule: PrerequisiteRule;
  courses: Array<{ id: number; code: string; title: string; completed: boolean }>;
};

export async function ojtEligibility(db: Database, userId: string): Promise<OjtEligibility> {
  const [{ rule, courses }, completed] = await Promise.all([getOjtPrerequisites(db), completedCourseIds(db, userId)]);
  const done = new Set(completed);
  const list = courses.map((c) => ({ id: c.id, code: c.code, title: c.title, completed: done.has(c.id) }));
  const eligible =
    list.length === 0 || (rule === "all" ? list.every((c) => c.completed) : list.some((c) => c.completed));
  return { eligible, rule, courses: list };
}

/** The refusal shown to a trainee who has not completed the required course(s). */
export function ineligibleMessage(e: OjtEligibility): string {
  const titles = e.courses.map((c) => `「${c.title}」`);
  if (e.rule === "any" && titles.length > 1)
    return `OJTに申し込むには、${titles.join("・")}のいずれかを修了している必要があります。`;
  return `OJTに申し込むには、${titles.join("・")}を修了している必要があります。研修の修了後にお申し込みください。`;
}

export async function assertOjtEligible(db: Database, userId: string) {
  const e = await ojtEligibility(db, userId);
  if (!e.eligible) throw new ConflictError(ineligibleMessage(e));
  return e;
}
