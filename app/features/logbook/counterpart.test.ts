import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db.server";
import { deliverAddressedEmails } from "~/features/notifications/outbox-emails.server";
import { acceptCounterpartChange } from "~/features/engagements/counterpart-contact.server";
import { createTestDb, makeUser } from "~/testing/db";
import { makeEntry, makePlacement } from "~/testing/logbook-files";
import { COUNTERPART_MESSAGES as M } from "./counterpart-messages";
import {
  CounterpartLinkError,
  counterpartSectionData,
  openCounterpartLink,
  requestCounterpartConfirmation,
  rerouteCounterpartRequest,
  respondToCounterpartRequest,
  sendCounterpartReminders,
  setCounterpartReminderDays,
} from "./counterpart.server";
import { signedEntry } from "./entries.server";
import { entryFingerprint } from "./fingerprint";

let db: Database;
let p: Awaited<ReturnType<typeof makePlacement>>;
let entryId: number;
const trainer = () => ({ id: p.trainer.id, roles: ["trainer" as const] });
const answer = {
  decision: "confirm" as const,
  responderName: "山形 太郎",
  responderDepartment: "情報政策課",
  declineReason: "",
};

/** The token of the newest e-mail to an address, read from its queued link. */
async function tokenSentTo(email: string) {
  const mail = await db
    .selectFrom("outbox_emails")
    .select(["link", "body"])
    .where("to_address", "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return mail.link!.replace("/counterpart/", "");
}
const requestRow = () =>
  db
    .selectFrom("ojt_counterpart_requests")
    .selectAll()
    .where("entry_id", "=", entryId)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();

beforeEach(async () => {
  db = await createTestDb();
  p = await makePlacement(db);
  entryId = await makeEntry(db, p, "approved");
});

describe("counterpart confirmation", () => {
  it("the trainer requests; the link shows that one entry; confirming signs the fingerprint, audits, notifies", async () => {
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    const row = await requestRow();
    expect(row).toMatchObject({ status: "pending", recipient_email: "taro@city.example.jp", entry_version: 1 });
    const token = await tokenSentTo("taro@city.example.jp");
    // Only the hash is stored.
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(new Date(row.expires_at).getTime() - new Date(row.requested_at).getTime()).toBe(7 * 86_400_000);

    const view = await openCounterpartLink(db, token);
    expect(Object.keys(view.entry).sort()).toEqual(
      [
        "activity",
        "department",
        "end_time",
        "minutes",
        "municipality_name",
        "start_time",
        "task_kind",
        "trainee_name",
        "trainer_name",
        "work_date",
      ].sort(),
    );
    expect(JSON.stringify(view)).not.toMatch(/@/); // no e-mail address on the page

    const before = (
      await db.selectFrom("ojt_log_entries").select("fingerprint").where("id", "=", entryId).executeTakeFirstOrThrow()
    ).fingerprint;
    await respondToCounterpartRequest(db, token, answer);
    const after = await db
      .selectFrom("ojt_log_entries")
      .select(["fingerprint", "approved_by", "approved_at"])
      .where("id", "=", entryId)
      .executeTakeFirstOrThrow();
    const confirmed = await requestRow();
    expect(confirmed).toMatchObject({
      status: "confirmed",
      responder_name: "山形 太郎",
      responder_department: "情報政策課",
    });
    const { content } = await signedEntry(db, entryId);
    expect(after.fingerprint).toBe(
      entryFingerprint(content, {
        approval: { by: after.approved_by!, at: after.approved_at! },
        counterpart: { name: "山形 太郎", department: "情報政策課", at: confirmed.responded_at! },
      }),
    );
    expect(after.fingerprint).not.toBe(before);
    const audits = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "ojt_counterpart.%")
      .orderBy("id")
      .execute();
    expect(audits.map((a) => a.action)).toEqual(["ojt_counterpart.requested", "ojt_counterpart.confirmed"]);
    const notified = await db
      .selectFrom("notifications")
      .select("user_id")
      .where("kind", "=", "ojt_counterpart.confirmed")
      .execute();
    expect(notified.map((n) => n.user_id).sort()).toEqual([p.trainee.id, p.trainer.id].sort());
  });

  it("the same link twice, an expired link and a forged one are refused and change nothing", async () => {
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    const token = await tokenSentTo("taro@city.example.jp");
    await respondToCounterpartRequest(db, token, answer);
    const fp = (
      await db.selectFrom("ojt_log_entries").select("fingerprint").where("id", "=", entryId).executeTakeFirstOrThrow()
    ).fingerprint;
    await expect(respondToCounterpartRequest(db, token, { ...answer, responderName: "別人" })).rejects.toMatchObject({
      status: 410,
      message: M.linkUsed,
    });
    await expect(openCounterpartLink(db, token)).rejects.toMatchObject({ status: 410 });
    await expect(openCounterpartLink(db, "forged-token-forged-token-forged-token")).rejects.toMatchObject({
      status: 404,
      message: M.linkInvalid,
    });
    expect((await requestRow()).responder_name).toBe("山形 太郎");
    expect(
      (await db.selectFrom("ojt_log_entries").select("fingerprint").where("id", "=", entryId).executeTakeFirstOrThrow())
        .fingerprint,
    ).toBe(fp);

    const second = await makeEntry(db, p, "approved");
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId: second, viewer: trainer() });
    const late = await tokenSentTo("taro@city.example.jp");
    await expect(
      respondToCounterpartRequest(db, late, answer, new Date(Date.now() + 8 * 86_400_000)),
    ).rejects.toMatchObject({
      status: 410,
      message: M.linkExpired,
    });
    const row = await db
      .selectFrom("ojt_counterpart_requests")
      .selectAll()
      .where("entry_id", "=", second)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", responder_name: null });
  });

  it("declining keeps the reason; only the trainer or staff request, only approved entries, only with a contact", async () => {
    const other = await makeUser(db, ["trainer"]);
    await expect(
      requestCounterpartConfirmation(db, {
        placementId: p.placementId,
        entryId,
        viewer: { id: p.trainee.id, roles: ["trainee"] },
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      requestCounterpartConfirmation(db, {
        placementId: p.placementId,
        entryId,
        viewer: { id: other.id, roles: ["trainer"] },
      }),
    ).rejects.toMatchObject({ status: 403 });
    const open = await makeEntry(db, p, "submitted");
    await expect(
      requestCounterpartConfirmation(db, { placementId: p.placementId, entryId: open, viewer: trainer() }),
    ).rejects.toMatchObject({
      status: 409,
      message: M.notApproved,
    });
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    await expect(
      requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() }),
    ).rejects.toMatchObject({
      message: M.alreadyPending,
    });
    await respondToCounterpartRequest(db, await tokenSentTo("taro@city.example.jp"), {
      ...answer,
      decision: "decline",
      declineReason: "当日は同席していません。",
    });
    expect(await requestRow()).toMatchObject({ status: "declined", decline_reason: "当日は同席していません。" });

    await db.updateTable("engagements").set({ counterpart_email: "" }).execute();
    const third = await makeEntry(db, p, "approved");
    await expect(
      requestCounterpartConfirmation(db, { placementId: p.placementId, entryId: third, viewer: trainer() }),
    ).rejects.toMatchObject({
      message: M.noContact,
    });
  });

  it("staff re-route a pending request to the new contact: the old link dies, the approval stays", async () => {
    const staff = await makeUser(db, ["staff"]);
    const staffViewer = { id: staff.id, roles: ["staff" as const] };
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    const oldToken = await tokenSentTo("taro@city.example.jp");
    const approvedBefore = await db
      .selectFrom("ojt_log_entries")
      .select(["approved_by", "approved_at", "fingerprint"])
      .where("id", "=", entryId)
      .executeTakeFirstOrThrow();
    const contact = {
      counterpartName: "最上 次郎",
      counterpartDepartment: "DX推進課",
      counterpartEmail: "jiro@city.example.jp",
    };
    await expect(
      rerouteCounterpartRequest(db, { placementId: p.placementId, entryId, viewer: trainer(), contact }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      rerouteCounterpartRequest(db, {
        placementId: p.placementId,
        entryId,
        viewer: staffViewer,
        contact: { counterpartName: "山形 太郎", counterpartDepartment: "", counterpartEmail: "taro@city.example.jp" },
      }),
    ).rejects.toMatchObject({ message: M.sameContact });
    await rerouteCounterpartRequest(db, { placementId: p.placementId, entryId, viewer: staffViewer, contact });

    const requests = await db
      .selectFrom("ojt_counterpart_requests")
      .select(["status", "recipient_email"])
      .where("entry_id", "=", entryId)
      .orderBy("id")
      .execute();
    expect(requests).toEqual([
      { status: "rerouted", recipient_email: "taro@city.example.jp" },
      { status: "pending", recipient_email: "jiro@city.example.jp" },
    ]);
    await expect(openCounterpartLink(db, oldToken)).rejects.toMatchObject({ status: 410, message: M.linkRerouted });
    const engagement = await db
      .selectFrom("engagements")
      .select(["counterpart_name", "counterpart_email"])
      .where("id", "=", p.engagementId)
      .executeTakeFirstOrThrow();
    expect(engagement).toEqual({ counterpart_name: "最上 次郎", counterpart_email: "jiro@city.example.jp" });
    expect(
      await db
        .selectFrom("ojt_log_entries")
        .select(["approved_by", "approved_at", "fingerprint"])
        .where("id", "=", entryId)
        .executeTakeFirstOrThrow(),
    ).toEqual(approvedBefore);
    await respondToCounterpartRequest(db, await tokenSentTo("jiro@city.example.jp"), {
      ...answer,
      responderName: "最上 次郎",
    });
    const section = await counterpartSectionData(db, { placementId: p.placementId, entryId, viewer: trainer() });
    expect(section.requests[0]).toMatchObject({ status: "confirmed", responder_name: "最上 次郎" });
    expect(section.contact.email).toBeNull(); // the address is for staff only
    expect(section.canRequest).toBe(false);
  });

  it("one reminder after the configured days, once even when two servers run the sweep; the new link works", async () => {
    const staff = await makeUser(db, ["staff"]);
    await setCounterpartReminderDays(db, 3, staff.id);
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    const firstToken = await tokenSentTo("taro@city.example.jp");
    expect(await sendCounterpartReminders(db, new Date(Date.now() + 2 * 86_400_000))).toBe(0);
    const later = new Date(Date.now() + 3 * 86_400_000 + 60_000);
    const counts = await Promise.all([sendCounterpartReminders(db, later), sendCounterpartReminders(db, later)]);
    expect(counts[0] + counts[1]).toBe(1);
    expect(await sendCounterpartReminders(db, new Date(later.getTime() + 86_400_000))).toBe(0);
    const reminders = await db
      .selectFrom("outbox_emails")
      .select("id")
      .where("kind", "=", "ojt_counterpart.reminder")
      .execute();
    expect(reminders).toHaveLength(1);
    const newToken = await tokenSentTo("taro@city.example.jp");
    expect(newToken).not.toBe(firstToken);
    await expect(openCounterpartLink(db, firstToken)).rejects.toMatchObject({ status: 404 });
    expect((await openCounterpartLink(db, newToken)).entry.trainee_name).toBe("田中 花子");

    // The outbox sends each addressed e-mail once and forgets the secret link.
    const sent: string[] = [];
    const transport = { sendMail: async (m: { to: string }) => void sent.push(m.to) };
    const opts = { transport, from: "x@example.jp", origin: "https://portal.example.jp" };
    const [a, b] = await Promise.all([deliverAddressedEmails(db, opts), deliverAddressedEmails(db, opts)]);
    expect(a.sent + b.sent).toBe(2);
    expect(sent).toEqual(["taro@city.example.jp", "taro@city.example.jp"]);
    expect(await db.selectFrom("outbox_emails").select("link").where("link", "is not", null).execute()).toEqual([]);
  });
});

// Issue 21 item 2: the trainer cannot be his own municipal counterpart.
describe("the counterpart is nobody of the pair", () => {
  /** "ab@x.test" → "ＡＢ＠Ｘ．ＴＥＳＴ": full-width upper case, the same address after NFKC and case folding. */
  const fullWidthUpper = (s: string) =>
    [...s.toUpperCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
  const setContactEmail = (email: string) =>
    db.updateTable("engagements").set({ counterpart_email: email }).where("id", "=", p.engagementId).execute();
  const requestCount = async () =>
    (await db.selectFrom("ojt_counterpart_requests").select("id").where("entry_id", "=", entryId).execute()).length;

  it("requests go to the accepted contact only, never to a proposal waiting for staff", async () => {
    const staff = { id: (await makeUser(db, ["staff"])).id, roles: ["staff" as const] };
    const proposedAt = "2026-12-02T01:00:00.000Z";
    await db
      .updateTable("engagements")
      .set({
        counterpart_pending_name: "佐藤 一郎",
        counterpart_pending_department: "",
        counterpart_pending_email: "ichiro@private.example.com",
        counterpart_pending_by: p.trainer.id,
        counterpart_pending_at: proposedAt,
      })
      .where("id", "=", p.engagementId)
      .execute();
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    expect((await requestRow()).recipient_email).toBe("taro@city.example.jp");
    expect(
      await db
        .selectFrom("outbox_emails")
        .select("id")
        .where("to_address", "=", "ichiro@private.example.com")
        .execute(),
    ).toEqual([]);
    // Once staff accept it, the next request goes to the new contact.
    await acceptCounterpartChange(db, { engagementId: p.engagementId, proposedAt }, staff);
    const second = await makeEntry(db, p, "approved");
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId: second, viewer: trainer() });
    const sent = await db
      .selectFrom("ojt_counterpart_requests")
      .select("recipient_email")
      .where("entry_id", "=", second)
      .executeTakeFirstOrThrow();
    expect(sent.recipient_email).toBe("ichiro@private.example.com");
  });

  it("a request to the trainer's or the trainee's address is refused (NFKC, any case), and the page offers none", async () => {
    for (const email of [p.trainer.email, fullWidthUpper(p.trainer.email), p.trainee.email.toUpperCase()]) {
      await setContactEmail(email);
      await expect(
        requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() }),
      ).rejects.toMatchObject({ status: 409, message: M.pairAddress });
      const section = await counterpartSectionData(db, { placementId: p.placementId, entryId, viewer: trainer() });
      expect(section).toMatchObject({ pairAddress: true, canRequest: false });
    }
    expect(await requestCount()).toBe(0);
    expect(
      await db.selectFrom("outbox_emails").select("id").where("kind", "=", "ojt_counterpart.request").execute(),
    ).toEqual([]);
  });

  it("staff cannot re-route a request to an address of the pair", async () => {
    const staff = { id: (await makeUser(db, ["staff"])).id, roles: ["staff" as const] };
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    const contact = { counterpartName: "田中 花子", counterpartDepartment: "", counterpartEmail: p.trainee.email };
    await expect(
      rerouteCounterpartRequest(db, { placementId: p.placementId, entryId, viewer: staff, contact }),
    ).rejects.toMatchObject({ status: 409, message: M.pairAddress });
    expect((await requestRow()).status).toBe("pending");
  });

  it("a link sent to an address of the pair is refused when opened and when used; nothing is signed", async () => {
    await requestCounterpartConfirmation(db, { placementId: p.placementId, entryId, viewer: trainer() });
    const token = await tokenSentTo("taro@city.example.jp");
    // A request that went out to the trainer's own address (before this rule, or by a contact since changed).
    await db
      .updateTable("ojt_counterpart_requests")
      .set({ recipient_email: fullWidthUpper(p.trainer.email) })
      .where("entry_id", "=", entryId)
      .execute();
    const before = await db
      .selectFrom("ojt_log_entries")
      .select("fingerprint")
      .where("id", "=", entryId)
      .executeTakeFirstOrThrow();
    const opened = await openCounterpartLink(db, token).catch((e) => e);
    expect(opened).toBeInstanceOf(CounterpartLinkError);
    expect(opened).toMatchObject({ status: 403, message: M.linkPairAddress });
    await expect(respondToCounterpartRequest(db, token, answer)).rejects.toMatchObject({
      status: 403,
      message: M.linkPairAddress,
    });
    expect((await requestRow()).status).toBe("pending");
    expect(
      await db.selectFrom("ojt_log_entries").select("fingerprint").where("id", "=", entryId).executeTakeFirstOrThrow(),
    ).toEqual(before);
    expect(
      await db.selectFrom("audit_log").select("id").where("action", "=", "ojt_counterpart.confirmed").execute(),
    ).toEqual([]);
  });
});
