import crypto from "node:crypto";
import { entryFingerprint } from "../app/features/logbook/fingerprint";
import { e2eDb, expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { screenshotDir } from "./support/env";
import { uniqueHex } from "./support/unique";

// Issue 21 item 2: the trainer cannot be his own municipal counterpart. His change of the
// engagement's contact waits for staff; confirmation requests go only to the accepted contact;
// an address of the pair is refused when the request is made and when its link is used.
// The spec builds its own engagement and placement for trainer@ (田中, as in placement 1), so
// that specs running beside it on engagement 1 do not move its contact.

const SHOTS = screenshotDir("counterpart-contact");
test.describe.configure({ timeout: 120_000 });

let engagementId: number;
let placementId: number;

async function approvedEntry() {
  const db = e2eDb();
  const p = await db.selectFrom("ojt_placements").selectAll().where("id", "=", placementId).executeTakeFirstOrThrow();
  const kind = await db
    .selectFrom("ojt_task_kinds")
    .select(["id", "code"])
    .where("code", "=", "consultation")
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const values = {
    placement_id: placementId,
    author_id: p.trainee_id,
    status: "submitted",
    work_date: "2026-11-20",
    start_time: "10:00",
    end_time: "12:00",
    minutes: 120,
    task_kind_id: kind.id,
    department: "情報政策課",
    activity: "窓口のデジタル化に関する職員相談会に同席し、論点を整理した。",
    contribution: "論点整理",
    reflection: "現場の声を聞けた。",
    trainer_feedback: "",
    submitted_at: now,
    created_at: now,
    updated_at: now,
  };
  const { id } = await db.insertInto("ojt_log_entries").values(values).returning("id").executeTakeFirstOrThrow();
  const fingerprint = entryFingerprint(
    {
      entryId: id,
      placementId,
      version: 1,
      workDate: values.work_date,
      startTime: values.start_time,
      endTime: values.end_time,
      minutes: values.minutes,
      taskKind: kind.code,
      pglPhase: null,
      micRole: null,
      department: values.department,
      activity: values.activity,
      contribution: values.contribution,
      reflection: values.reflection,
      trainerFeedback: "",
      correctionReason: null,
    },
    { approval: { by: p.trainer_id, at: now } },
  );
  await db
    .updateTable("ojt_log_entries")
    .set({ status: "approved", approved_by: p.trainer_id, approved_at: now, fingerprint })
    .where("id", "=", id)
    .execute();
  return id;
}

test.beforeAll(async () => {
  const db = e2eDb();
  const { id: _e, ...engagement } = await db
    .selectFrom("engagements")
    .selectAll()
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  ({ id: engagementId } = await db
    .insertInto("engagements")
    .values({
      ...engagement,
      title: `担当者変更の確認 ${uniqueHex()}`,
      counterpart_name: "山形 太郎",
      counterpart_department: "情報政策課",
      counterpart_email: "taro@city.example.jp",
      counterpart_pending_name: null,
      counterpart_pending_department: null,
      counterpart_pending_email: null,
      counterpart_pending_by: null,
      counterpart_pending_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow());
  const { id: _p, ...placement } = await db
    .selectFrom("ojt_placements")
    .selectAll()
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  ({ id: placementId } = await db
    .insertInto("ojt_placements")
    .values({ ...placement, engagement_id: engagementId, status: "active", override_reason: "e2e: 担当者の変更" })
    .returning("id")
    .executeTakeFirstOrThrow());
});

test("the trainer proposes a new counterpart, staff accept it, and the request goes to the new address", async ({
  page,
  signInAs,
}) => {
  const email = `jiro-${uniqueHex()}@city.example.jp`;
  await signInAs("trainer");
  await page.goto(`/engagements/${engagementId}/edit`);
  await expect(page.getByText("事務局が承認してから確認依頼に使われます")).toBeVisible();
  await page.getByLabel("氏名", { exact: true }).fill("最上 次郎");
  await page.getByLabel("所属（課・係）").fill("DX推進課");
  await page.getByLabel("メールアドレス", { exact: true }).fill(email);
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("自治体の担当者の変更は、事務局が承認してから確認依頼に使われます。")).toBeVisible();
  const pending = page.getByRole("region", { name: "担当者の変更は事務局の承認待ちです" });
  await expect(pending).toContainText(`最上 次郎（DX推進課）・${email}`);
  await expect(pending.getByRole("button", { name: "担当者の変更を承認する" })).toHaveCount(0);
  // The contact in effect is still the city's.
  await expect(page.getByText("山形 太郎（情報政策課）・taro@city.example.jp")).toBeVisible();
  await expectAccessible(page);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/engagement-pending-trainer-${width}.png`);
  }
  const edit = await e2eDb()
    .selectFrom("audit_log")
    .select("details")
    .where("action", "=", "engagement.update")
    .where("entity_id", "=", String(engagementId))
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  expect(JSON.parse(edit.details)).toMatchObject({
    changed: ["counterpart_proposal"],
    counterpartProposal: { before: { email: "taro@city.example.jp" }, proposed: { email } },
  });

  // Until staff accept, a request goes to the accepted contact.
  const first = await approvedEntry();
  await page.goto(`/placements/${placementId}/log/${first}/counterpart`);
  await expect(page.getByText("依頼先: 山形 太郎（情報政策課）")).toBeVisible();

  await signInAs("staff");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/engagements");
  const queue = page.getByRole("region", { name: /自治体の担当者の変更（承認待ち/ });
  await queue
    .getByRole("link", { name: /担当者変更の確認/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: "担当者の変更は事務局の承認待ちです" })).toBeVisible();
  await expectAccessible(page);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/engagement-pending-staff-${width}.png`);
  }
  await page.getByRole("button", { name: "担当者の変更を承認する" }).click();
  await expect(page.getByText("担当者の変更を承認しました。")).toBeVisible();
  await expect(page.getByText(`最上 次郎（DX推進課）・${email}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "担当者の変更は事務局の承認待ちです" })).toHaveCount(0);

  await signInAs("trainer");
  const second = await approvedEntry();
  await page.goto(`/placements/${placementId}/log/${second}/counterpart`);
  await page.getByRole("button", { name: "自治体担当者に確認を依頼する" }).click();
  await expect(page.getByText("自治体の担当者に確認を依頼しました。")).toBeVisible();
  const request = await e2eDb()
    .selectFrom("ojt_counterpart_requests")
    .select("recipient_email")
    .where("entry_id", "=", second)
    .executeTakeFirstOrThrow();
  expect(request.recipient_email).toBe(email);
  const mail = await e2eDb()
    .selectFrom("outbox_emails")
    .select("kind")
    .where("to_address", "=", email)
    .executeTakeFirstOrThrow();
  expect(mail.kind).toBe("ojt_counterpart.request");
});

test("staff reject a proposal with a reason the trainer is told", async ({ page, signInAs }) => {
  await signInAs("trainer");
  await page.goto(`/engagements/${engagementId}/edit`);
  await page.getByLabel("メールアドレス", { exact: true }).fill(`private-${uniqueHex()}@example.net`);
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("heading", { name: "担当者の変更は事務局の承認待ちです" })).toBeVisible();
  await signInAs("staff");
  await page.reload();
  await page.getByRole("button", { name: "却下する" }).click();
  await expect(page.getByRole("alert")).toContainText("却下の理由を入力してください。");
  await page.getByLabel(/却下の理由/).fill("市の職員のアドレスではありません。");
  await page.getByRole("button", { name: "却下する" }).click();
  await expect(page.getByText("担当者の変更を却下しました。")).toBeVisible();
  await expect(page.getByRole("heading", { name: "担当者の変更は事務局の承認待ちです" })).toHaveCount(0);
  const trainer = await e2eDb()
    .selectFrom("users")
    .select("id")
    .where("email", "=", "trainer@example.com")
    .executeTakeFirstOrThrow();
  const note = await e2eDb()
    .selectFrom("notifications")
    .select("body")
    .where("user_id", "=", trainer.id)
    .where("kind", "=", "engagement.counterpart_rejected")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  expect(note.body).toContain("理由: 市の職員のアドレスではありません。");
});

test("a confirmation from an address of the pair is refused, at the request and at the link", async ({
  page,
  signInAs,
  browser,
}) => {
  const db = e2eDb();
  // An accepted contact that is the trainer's own address, typed in upper case (an old row).
  await db
    .updateTable("engagements")
    .set({ counterpart_name: "佐藤 健一", counterpart_email: "TRAINER@example.com" })
    .where("id", "=", engagementId)
    .execute();
  const entry = await approvedEntry();
  await signInAs("trainer");
  await page.goto(`/placements/${placementId}/log/${entry}/counterpart`);
  await expect(page.getByText("このOJTのトレーナーまたはトレーニーのものです")).toBeVisible();
  await expect(page.getByRole("button", { name: "自治体担当者に確認を依頼する" })).toHaveCount(0);
  // Forged: the request form sent anyway.
  const forged = await page.request.post(`/placements/${placementId}/log/${entry}/counterpart`, {
    form: { intent: "request" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(forged.status()).toBe(409);
  expect(await db.selectFrom("ojt_counterpart_requests").select("id").where("entry_id", "=", entry).execute()).toEqual(
    [],
  );

  // A request that went out to the trainee's own address before the rule: its link is refused.
  await db
    .updateTable("engagements")
    .set({ counterpart_name: "山形 太郎", counterpart_email: "taro@city.example.jp" })
    .where("id", "=", engagementId)
    .execute();
  await page.reload();
  await page.getByRole("button", { name: "自治体担当者に確認を依頼する" }).click();
  await expect(page.getByText("自治体の担当者に確認を依頼しました。")).toBeVisible();
  const trainee = await db
    .selectFrom("ojt_placements")
    .innerJoin("users", "users.id", "ojt_placements.trainee_id")
    .select("users.email")
    .where("ojt_placements.id", "=", placementId)
    .executeTakeFirstOrThrow();
  const token = crypto.randomBytes(32).toString("base64url");
  await db
    .updateTable("ojt_counterpart_requests")
    .set({
      recipient_email: trainee.email.toUpperCase(),
      token_hash: crypto.createHash("sha256").update(token).digest("hex"),
    })
    .where("entry_id", "=", entry)
    .where("status", "=", "pending")
    .execute();
  const context = await browser.newContext();
  const public_ = await context.newPage();
  const opened = await public_.goto(`/counterpart/${token}`);
  expect(opened?.status()).toBe(403);
  await expect(public_.getByText("OJTのトレーナーまたはトレーニー本人のメールアドレスです")).toBeVisible();
  await expectAccessible(public_);
  await context.close();
  const request = await db
    .selectFrom("ojt_counterpart_requests")
    .select("status")
    .where("entry_id", "=", entry)
    .executeTakeFirstOrThrow();
  expect(request.status).toBe("pending");
});
