import type { Actor } from "~/features/auth/actor";
import { beforeAll, describe, expect, it } from "vitest";
import { isPostgres, type Database } from "~/db.server";
import { createTestDb, makeUser, openSecondServer } from "~/testing/db";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { fiscalYearOf, todayInTokyo } from "~/lib/dates";
import { BASIC_PROGRAMME_ID, basicCourseCandidate, OJT_PROGRAMME_ID, ojtCandidate } from "~/testing/certification";
import { CERTIFICATE_NUMBER_PATTERN } from "./certificate-number";
import {
  certifyCandidates,
  declineCandidate,
  reinstateCertificate,
  revokeCertificate,
  suspendCertificate,
} from "./certify.server";
import { replaceCriteria } from "./criteria.server";
import { certificateById } from "./records.server";
import { certificationQueue, myCertification } from "./queue.server";

let db: Database;
let staff: Actor;

async function counts() {
  const [certs, audits, notes, counters] = await Promise.all([
    db
      .selectFrom("certificates")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db.selectFrom("document_counters").selectAll().orderBy("series").orderBy("fiscal_year").execute(),
  ]);
  return { certs: Number(certs.n), audits: Number(audits.n), notes: Number(notes.n), counters };
}

beforeAll(async () => {
  db = await createTestDb();
  staff = await makeUser(db, ["staff"]);
});

describe("certifyCandidates", () => {
  it("issues a certificate with a number, frozen facts and snapshots, audited and notified", async () => {
    const p = await ojtCandidate(db);
    const { certificateIds } = await certifyCandidates(db, OJT_PROGRAMME_ID, [p.id], staff);
    const cert = (await certificateById(db, certificateIds[0]!))!;
    const fy = fiscalYearOf(todayInTokyo());
    expect(cert.number).toMatch(CERTIFICATE_NUMBER_PATTERN);
    expect(cert.number.startsWith(`${fy}-`)).toBe(true);
    expect(cert.holder_id).toBe(p.trainee.id);
    expect(cert.printed_facts.engagement).toBeTruthy();
    expect(cert.printed_facts.municipality).toBeTruthy();
    const row = await db.selectFrom("certificates").selectAll().where("id", "=", cert.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.evidence_snapshot).results).toContainEqual(
      expect.objectContaining({ kind: "approved_hours_at_least", met: true, evidence: "承認済み時間 40 / 40 時間" }),
    );
    expect(JSON.parse(row.criteria_snapshot)).toHaveLength(6);
    const note = await db
      .selectFrom("notifications")
      .select("link")
      .where("user_id", "=", p.trainee.id)
      .where("kind", "=", "certificate.issued")
      .executeTakeFirst();
    expect(note?.link).toBe("/my/certificates");
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "certificate")
      .where("entity_id", "=", String(cert.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["certificate.issue"]);

    // Changing the criteria afterwards does not change the issued certificate's snapshot.
    await replaceCriteria(
      db,
      OJT_PROGRAMME_ID,
      { kinds: ["approved_hours_at_least"], params: { approved_hours_at_least: "80" } },
      staff,
    );
    const after = await db
      .selectFrom("certificates")
      .select("criteria_snapshot")
      .where("id", "=", cert.id)
      .executeTakeFirstOrThrow();
    expect(after.criteria_snapshot).toBe(row.criteria_snapshot);
    await replaceCriteria(
      db,
      OJT_PROGRAMME_ID,
      {
        kinds: [
          "basic_course_completed",
          "placement_completed",
          "approved_hours_at_least",
          "task_kinds_at_least",
          "pgl_phases_at_least",
          "final_recommendation",
        ],
        params: { approved_hours_at_least: "40", task_kinds_at_least: "3", pgl_phases_at_least: "2" },
      },
      staff,
    );
  });

  it("refuses a forged selection of someone who misses a criterion, naming them, and writes nothing", async () => {
    const ok = await ojtCandidate(db);
    const short = await ojtCandidate(db, { hours: 38 });
    const name = (
      await db.selectFrom("users").select("name").where("id", "=", short.trainee.id).executeTakeFirstOrThrow()
    ).name;
    const before = await counts();
    const error = await certifyCandidates(db, OJT_PROGRAMME_ID, [ok.id, short.id], staff).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain(`${name}さんは条件「承認済みの活動時間 40時間以上」を満たしていない`);
    expect((error as Error).message).toContain("承認済み時間 38 / 40 時間");
    expect(await counts()).toEqual(before);
    // A subject of another programme, or a made-up one, is refused too.
    await expect(certifyCandidates(db, BASIC_PROGRAMME_ID, [ok.id + 100000], staff)).rejects.toThrow(/対象ではない/);
  });

  it("two simultaneous certifications of one candidate issue exactly one certificate", async () => {
    const p = await ojtCandidate(db);
    const other = isPostgres(db) ? openSecondServer(db) : db;
    const results = await Promise.allSettled([
      certifyCandidates(db, OJT_PROGRAMME_ID, [p.id], staff),
      certifyCandidates(other, OJT_PROGRAMME_ID, [p.id], staff),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    const rows = await db
      .selectFrom("certificates")
      .select("id")
      .where("subject_id", "=", p.id)
      .where("programme_id", "=", OJT_PROGRAMME_ID)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("numbers stay unique and gap-free per fiscal year under 20 simultaneous certifications", async () => {
    const candidates = [];
    for (let i = 0; i < 20; i++) candidates.push(await basicCourseCandidate(db));
    const other = isPostgres(db) ? openSecondServer(db) : db;
    const results = await Promise.allSettled(
      candidates.map((c, i) => certifyCandidates(i % 2 ? other : db, BASIC_PROGRAMME_ID, [c.enrollmentId], staff)),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await db
      .selectFrom("certificates")
      .select(["serial", "fiscal_year", "status_list_index", "number"])
      .orderBy("serial")
      .execute();
    const fy = fiscalYearOf(todayInTokyo());
    expect(rows.every((r) => r.fiscal_year === fy)).toBe(true);
    expect(rows.map((r) => r.serial)).toEqual(rows.map((_, i) => i + 1));
    expect([...rows.map((r) => r.status_list_index)].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
  });
});

describe("declining and the certificate's later life", () => {
  it("a declined candidate is told why and sees the reason", async () => {
    const p = await ojtCandidate(db, { recommendation: "not_yet" });
    await declineCandidate(db, OJT_PROGRAMME_ID, p.id, "最終評価で推薦が得られていません。", staff);
    const mine = await myCertification(db, p.trainee.id);
    expect(mine.declined.map((d) => d.reason)).toEqual(["最終評価で推薦が得られていません。"]);
    const note = await db
      .selectFrom("notifications")
      .select("body")
      .where("user_id", "=", p.trainee.id)
      .where("kind", "=", "certification.declined")
      .executeTakeFirstOrThrow();
    expect(note.body).toContain("最終評価で推薦が得られていません。");
    const queue = await certificationQueue(db, {
      programmeId: OJT_PROGRAMME_ID,
      cohortId: null,
      fiscalYear: null,
      show: "all",
      page: 1,
    });
    expect(queue.rows.find((r) => r.subjectId === p.id)?.state).toBe("declined");
  });

  it("only staff certify, decline, change a certificate or its criteria: others get 403 and nothing changes", async () => {
    const p = await ojtCandidate(db);
    const [id] = (await certifyCandidates(db, OJT_PROGRAMME_ID, [p.id], staff)).certificateIds;
    const other = await ojtCandidate(db);
    const trainer = await makeUser(db, ["trainer"]);
    const count = async (table: "certificates" | "audit_log") =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = {
      certificate: await certificateById(db, id!),
      certificates: await count("certificates"),
      audit: await count("audit_log"),
    };
    const refused = [
      () => certifyCandidates(db, OJT_PROGRAMME_ID, [other.id], trainer),
      () => declineCandidate(db, OJT_PROGRAMME_ID, other.id, "理由", trainer),
      () => suspendCertificate(db, id!, { reason: "確認中", publish: false }, trainer),
      () => reinstateCertificate(db, id!, trainer),
      () => revokeCertificate(db, id!, { reason: "不正", publish: false }, trainer),
      () =>
        replaceCriteria(
          db,
          OJT_PROGRAMME_ID,
          { kinds: ["approved_hours_at_least"], params: { approved_hours_at_least: "1" } },
          trainer,
        ),
    ];
    for (const call of refused) await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    expect({
      certificate: await certificateById(db, id!),
      certificates: await count("certificates"),
      audit: await count("audit_log"),
    }).toEqual(before);
  });

  it("suspend, reinstate, revoke (final), each audited; bad transitions refused", async () => {
    const p = await ojtCandidate(db);
    const [id] = (await certifyCandidates(db, OJT_PROGRAMME_ID, [p.id], staff)).certificateIds;
    await expect(reinstateCertificate(db, id!, staff)).rejects.toThrow("一時停止されていません");
    await suspendCertificate(db, id!, { reason: "確認中", publish: false }, staff);
    expect((await certificateById(db, id!))!.status).toBe("suspended");
    await reinstateCertificate(db, id!, staff);
    expect((await certificateById(db, id!))!).toMatchObject({ status: "valid", status_reason: null });
    await expect(revokeCertificate(db, id!, { reason: "", publish: false }, staff)).rejects.toThrow("理由を入力");
    await revokeCertificate(db, id!, { reason: "記録の不正が判明しました。", publish: true }, staff);
    expect((await certificateById(db, id!))!).toMatchObject({ status: "revoked", status_reason_public: true });
    await expect(reinstateCertificate(db, id!, staff)).rejects.toThrow("取り消された修了証は変更できません");
    await expect(suspendCertificate(db, id!, { reason: "x", publish: false }, staff)).rejects.toThrow(ConflictError);
    const trail = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "certificate")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(trail.map((t) => t.action)).toEqual([
      "certificate.issue",
      "certificate.suspend",
      "certificate.reinstate",
      "certificate.revoke",
    ]);
  });
});

describe("replaceCriteria", () => {
  it("refuses kinds of another subject, bad parameters and an empty list, writing nothing", async () => {
    const before = await db
      .selectFrom("certification_criteria")
      .selectAll()
      .where("programme_id", "=", BASIC_PROGRAMME_ID)
      .orderBy("id")
      .execute();
    await expect(
      replaceCriteria(
        db,
        BASIC_PROGRAMME_ID,
        { kinds: ["quiz_passed", "approved_hours_at_least"], params: { approved_hours_at_least: "3" } },
        staff,
      ),
    ).rejects.toThrow("使えない条件");
    await expect(
      replaceCriteria(
        db,
        OJT_PROGRAMME_ID,
        { kinds: ["approved_hours_at_least"], params: { approved_hours_at_least: "0" } },
        staff,
      ),
    ).rejects.toThrow("時間数は1以上");
    await expect(replaceCriteria(db, BASIC_PROGRAMME_ID, { kinds: [], params: {} }, staff)).rejects.toThrow("1つ以上");
    const after = await db
      .selectFrom("certification_criteria")
      .selectAll()
      .where("programme_id", "=", BASIC_PROGRAMME_ID)
      .orderBy("id")
      .execute();
    expect(after).toEqual(before);
  });
});
