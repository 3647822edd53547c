import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { ConflictError, ForbiddenError } from "~/lib/errors";
import { createTestDb, makeUser } from "~/testing/db";
import { engagementInput, seedCities } from "~/testing/ojt";
import { COUNTERPART_CONTACT_MESSAGES as M } from "./counterpart-contact";
import {
  acceptCounterpartChange,
  listPendingCounterpartChanges,
  rejectCounterpartChange,
} from "./counterpart-contact.server";
import { createEngagement, engagementFormValues, getEngagementForViewer, updateEngagement } from "./engagements.server";

// Issue 21 item 2: a trainer's change of the counterpart contact is a proposal that takes
// effect once staff accept it; staff's change takes effect at once; every step audited.

const CITY = {
  counterpartName: "山形 太郎",
  counterpartDepartment: "情報政策課",
  counterpartEmail: "taro@city.example.jp",
};
const PRIVATE = {
  counterpartName: "佐藤 健一",
  counterpartDepartment: "",
  counterpartEmail: "kenichi@private.example.com",
};
const T0 = new Date("2026-12-01T01:00:00.000Z");
const T1 = new Date("2026-12-02T01:00:00.000Z");
const T2 = new Date("2026-12-03T01:00:00.000Z");

let db: Database;
let trainer: { id: string; roles: ["trainer"] };
let staff: { id: string; roles: ["staff"] };
let id: number;

const contactRow = () =>
  db
    .selectFrom("engagements")
    .select([
      "counterpart_name",
      "counterpart_department",
      "counterpart_email",
      "counterpart_pending_name",
      "counterpart_pending_department",
      "counterpart_pending_email",
      "counterpart_pending_by",
      "counterpart_pending_at",
    ])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const auditRows = async (action: string) =>
  (
    await db
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", action)
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute()
  ).map((r) => ({ actor: r.actor_id, details: JSON.parse(r.details) as Record<string, any> }));

beforeEach(async () => {
  db = await createTestDb();
  await seedCities(db);
  trainer = { id: (await makeUser(db, ["trainer"])).id, roles: ["trainer"] };
  staff = { id: (await makeUser(db, ["staff"])).id, roles: ["staff"] };
  // Staff register the engagement with the city's contact (takes effect at once).
  ({ id } = await createEngagement(db, engagementInput({ leadTrainerId: trainer.id, ...CITY }), staff, T0));
});

describe("a trainer's change of the counterpart contact", () => {
  it("is stored as a proposal: the contact in effect stays, the edit is audited with before and proposed", async () => {
    const { counterpartProposed } = await updateEngagement(db, id, engagementInput(PRIVATE), trainer, T1);
    expect(counterpartProposed).toBe(true);
    expect(await contactRow()).toEqual({
      counterpart_name: "山形 太郎",
      counterpart_department: "情報政策課",
      counterpart_email: "taro@city.example.jp",
      counterpart_pending_name: "佐藤 健一",
      counterpart_pending_department: "",
      counterpart_pending_email: "kenichi@private.example.com",
      counterpart_pending_by: trainer.id,
      counterpart_pending_at: T1.toISOString(),
    });
    const [edit] = await auditRows("engagement.update");
    expect(edit!.details.changed).toEqual(["counterpart_proposal"]);
    expect(edit!.details.counterpartProposal).toEqual({
      before: { name: "山形 太郎", department: "情報政策課", email: "taro@city.example.jp" },
      proposed: { name: "佐藤 健一", department: "", email: "kenichi@private.example.com" },
    });
    expect(await auditRows("engagement.counterpart_proposed")).toEqual([
      {
        actor: trainer.id,
        details: {
          before: { name: "山形 太郎", department: "情報政策課", email: "taro@city.example.jp" },
          proposed: { name: "佐藤 健一", department: "", email: "kenichi@private.example.com" },
        },
      },
    ]);
    // The page shows the proposal; the trainer's form goes on from it, staff's from the contact in effect.
    const page = await getEngagementForViewer(db, id, trainer);
    expect(page.counterpart_email).toBe("taro@city.example.jp");
    expect(page.pendingCounterpart).toMatchObject({
      name: "佐藤 健一",
      email: "kenichi@private.example.com",
      at: T1.toISOString(),
      canDecide: false,
    });
    expect((await getEngagementForViewer(db, id, staff)).pendingCounterpart?.canDecide).toBe(true);
    expect((await engagementFormValues(db, id, trainer)).counterpartEmail).toBe("kenichi@private.example.com");
    expect((await engagementFormValues(db, id, staff)).counterpartEmail).toBe("taro@city.example.jp");
    expect(await listPendingCounterpartChanges(db)).toMatchObject([{ id, name: "佐藤 健一", at: T1.toISOString() }]);
  });

  it("saving the form again keeps the proposal; sending the contact in effect withdraws it", async () => {
    await updateEngagement(db, id, engagementInput(PRIVATE), trainer, T1);
    // Another field changed, the proposal sent as the form shows it: nothing about the contact changes.
    await updateEngagement(db, id, engagementInput({ ...PRIVATE, ojtSlots: 3 }), trainer, T2);
    // A caller that leaves the contact out (seed, scripts) keeps it too.
    await updateEngagement(db, id, engagementInput({ ojtSlots: 3 }), trainer, T2);
    expect((await contactRow()).counterpart_pending_at).toBe(T1.toISOString());
    expect(await auditRows("engagement.counterpart_proposed")).toHaveLength(1);
    await updateEngagement(db, id, engagementInput(CITY), trainer, T2);
    expect((await contactRow()).counterpart_pending_at).toBeNull();
    expect((await auditRows("engagement.counterpart_withdrawn"))[0]!.details.proposal).toMatchObject({
      email: "kenichi@private.example.com",
    });
  });

  it("a trainer registering an engagement proposes its contact too", async () => {
    const created = await createEngagement(db, engagementInput(PRIVATE), trainer, T1);
    const row = await db
      .selectFrom("engagements")
      .select(["counterpart_email", "counterpart_pending_email", "counterpart_pending_by"])
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      counterpart_email: "",
      counterpart_pending_email: "kenichi@private.example.com",
      counterpart_pending_by: trainer.id,
    });
  });
});

describe("staff's change and decisions", () => {
  it("a change made by staff takes effect at once, audited with before and after, and supersedes a proposal", async () => {
    await updateEngagement(db, id, engagementInput(PRIVATE), trainer, T1);
    const next = {
      counterpartName: "入間 花子",
      counterpartDepartment: "デジタル推進課",
      counterpartEmail: "hanako@city.example.jp",
    };
    await updateEngagement(db, id, engagementInput({ leadTrainerId: trainer.id, ...next }), staff, T2);
    expect(await contactRow()).toMatchObject({
      counterpart_name: "入間 花子",
      counterpart_email: "hanako@city.example.jp",
      counterpart_pending_at: null,
      counterpart_pending_email: null,
    });
    const edits = await auditRows("engagement.update");
    expect(edits.at(-1)!.details.changed).toEqual(["counterpart"]);
    expect(edits.at(-1)!.details.counterpart).toEqual({
      before: { name: "山形 太郎", department: "情報政策課", email: "taro@city.example.jp" },
      after: { name: "入間 花子", department: "デジタル推進課", email: "hanako@city.example.jp" },
    });
    expect((await auditRows("engagement.counterpart_changed")).at(-1)).toMatchObject({
      actor: staff.id,
      details: { supersededProposal: { email: "kenichi@private.example.com", by: trainer.id } },
    });
  });

  it("staff accept: the proposal becomes the contact, audited, and the trainer is told", async () => {
    await updateEngagement(db, id, engagementInput(PRIVATE), trainer, T1);
    await acceptCounterpartChange(db, { engagementId: id, proposedAt: T1.toISOString() }, staff, T2);
    expect(await contactRow()).toEqual({
      counterpart_name: "佐藤 健一",
      counterpart_department: "",
      counterpart_email: "kenichi@private.example.com",
      counterpart_pending_name: null,
      counterpart_pending_department: null,
      counterpart_pending_email: null,
      counterpart_pending_by: null,
      counterpart_pending_at: null,
    });
    expect(await auditRows("engagement.counterpart_accepted")).toEqual([
      {
        actor: staff.id,
        details: {
          before: { name: "山形 太郎", department: "情報政策課", email: "taro@city.example.jp" },
          after: { name: "佐藤 健一", department: "", email: "kenichi@private.example.com" },
          proposedBy: trainer.id,
          proposedAt: T1.toISOString(),
        },
      },
    ]);
    const note = await db
      .selectFrom("notifications")
      .select(["kind", "title"])
      .where("user_id", "=", trainer.id)
      .executeTakeFirstOrThrow();
    expect(note).toEqual({ kind: "engagement.counterpart_accepted", title: "自治体の担当者の変更が承認されました" });
    await expect(
      acceptCounterpartChange(db, { engagementId: id, proposedAt: T1.toISOString() }, staff, T2),
    ).rejects.toThrow(M.noProposal);
  });

  it("staff reject with a reason: the contact stays, the proposal is gone, audited, the trainer is told why", async () => {
    await updateEngagement(db, id, engagementInput(PRIVATE), trainer, T1);
    await rejectCounterpartChange(
      db,
      { engagementId: id, proposedAt: T1.toISOString(), reason: "市の職員のアドレスではありません。" },
      staff,
      T2,
    );
    expect(await contactRow()).toMatchObject({
      counterpart_email: "taro@city.example.jp",
      counterpart_pending_at: null,
    });
    expect((await auditRows("engagement.counterpart_rejected"))[0]).toMatchObject({
      actor: staff.id,
      details: { proposed: { email: "kenichi@private.example.com" }, reason: "市の職員のアドレスではありません。" },
    });
    const note = await db
      .selectFrom("notifications")
      .select("body")
      .where("user_id", "=", trainer.id)
      .where("kind", "=", "engagement.counterpart_rejected")
      .executeTakeFirstOrThrow();
    expect(note.body).toContain("理由: 市の職員のアドレスではありません。");
  });

  it("nobody accepts his own proposal; trainers decide nothing; a replaced proposal is not accepted unseen", async () => {
    await updateEngagement(db, id, engagementInput(PRIVATE), trainer, T1);
    const proposedAt = T1.toISOString();
    const forbidden = await acceptCounterpartChange(db, { engagementId: id, proposedAt }, trainer, T2).catch((e) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect(forbidden.message).toBe(M.staffOnly);
    await expect(
      rejectCounterpartChange(db, { engagementId: id, proposedAt, reason: "x" }, trainer, T2),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // The proposer later holds the staff role too: still not his own proposal.
    const own = await acceptCounterpartChange(
      db,
      { engagementId: id, proposedAt },
      { id: trainer.id, roles: ["trainer", "staff"] },
      T2,
    ).catch((e) => e);
    expect(own).toBeInstanceOf(ForbiddenError);
    expect(own.message).toBe(M.ownProposal);
    // The trainer replaces the proposal after staff opened the page: the old one is refused.
    await updateEngagement(
      db,
      id,
      engagementInput({ ...PRIVATE, counterpartEmail: "other@private.example.com" }),
      trainer,
      T2,
    );
    const stale = await acceptCounterpartChange(db, { engagementId: id, proposedAt }, staff, T2).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.message).toBe(M.staleProposal);
    expect(await contactRow()).toMatchObject({
      counterpart_email: "taro@city.example.jp",
      counterpart_pending_email: "other@private.example.com",
    });
    expect(await auditRows("engagement.counterpart_accepted")).toEqual([]);
  });
});
