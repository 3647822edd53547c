// Builders for the tests of invoices and receipts (not used by the app).
import type { Database } from "~/db.server";
import { updateIssuer } from "~/features/issuer/issuer.server";
import { makeCohort, makeCourse } from "./catalog";
import { makeUser } from "./db";

/** 国税庁's own registration number: a real one, so the check digit is right. */
export const TEST_REGISTRATION_NUMBER = "T7000012050002";

export async function setRegistrationNumber(
  db: Database,
  actorId: string,
  number: string | null = TEST_REGISTRATION_NUMBER,
) {
  await updateIssuer(
    db,
    { associationName: "特定非営利活動法人ITコーディネータ協会", address: "東京都文京区", registrationNumber: number },
    actorId,
  );
}

/** A published course with a fee and a cohort open for enrolment today. */
export async function makePaidCohort(
  db: Database,
  options: { feeYen?: number; capacity?: number; title?: string; startOffset?: number } = {},
) {
  const staff = await makeUser(db, ["staff"]);
  const course = await makeCourse(db, staff.id, {
    feeYen: options.feeYen ?? 33_000,
    ...(options.title ? { title: options.title } : {}),
  });
  const cohort = await makeCohort(db, staff.id, course.id, {
    capacity: options.capacity ?? 30,
    ...(options.startOffset !== undefined ? { startOffset: options.startOffset } : {}),
  });
  return { staff, courseId: course.id, cohortId: cohort.id };
}
