import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { entryFingerprint } from "../app/features/logbook/fingerprint";
import {
  DEMO,
  e2eDb,
  expect,
  expectAccessible,
  randomIp,
  sessionCookieFor,
  test,
  screenshot,
} from "./support/fixtures";
import { E2E_DATABASE, E2E_PORT, screenshotDir } from "./support/env";

// Issue 14: deliverables (成果物) of a log entry — streamed upload, content-checked, downloaded
// only by the pair and staff — and the municipal counterpart's e-mailed confirmation link.
// Entries are written straight into the database (the entry workflow has its own journey) for
// placement 1 (田中@山形市, trainer@'s).

const PLACEMENT = 1;
// Uploads of 10–20 MB and screenshots at two widths on a shared two-core machine.
test.describe.configure({ timeout: 180_000 });
const STORAGE = path.join(path.dirname(E2E_DATABASE), "files");
const SHOTS = screenshotDir("logbook-files-counterpart");

const filesInStorage = (dir = STORAGE): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? filesInStorage(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    : [];
const deliverableCount = async () =>
  Number(
    (
      await e2eDb()
        .selectFrom("ojt_deliverables")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function makeEntry(status: "submitted" | "approved") {
  const db = e2eDb();
  const p = await db.selectFrom("ojt_placements").selectAll().where("id", "=", PLACEMENT).executeTakeFirstOrThrow();
  const kind = await db
    .selectFrom("ojt_task_kinds")
    .select(["id", "code"])
    .where("code", "=", "consultation")
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const values = {
    placement_id: PLACEMENT,
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
  if (status === "approved") {
    const fingerprint = entryFingerprint(
      {
        entryId: id,
        placementId: PLACEMENT,
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
  }
  return id;
}

const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n"),
  Buffer.alloc(20_000, 0x20),
  Buffer.from("%%EOF\n"),
]);

/** Sends a multipart upload over a raw socket, chunked (no Content-Length); `cutAfter` aborts mid-file. */
async function rawUpload(pathname: string, file: { name: string; size: number; head: Buffer }, cutAfter?: number) {
  const cookie = await sessionCookieFor(DEMO.trainer);
  const boundary = `----e2e${crypto.randomBytes(8).toString("hex")}`;
  return new Promise<{ status: number; body: string } | "aborted">((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port: E2E_PORT,
      method: "POST",
      path: pathname,
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Transfer-Encoding": "chunked",
        Cookie: `${cookie.name}=${cookie.value}`,
        Origin: `http://localhost:${E2E_PORT}`,
        Host: `localhost:${E2E_PORT}`,
        "X-Forwarded-For": randomIp(),
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (error) => (cutAfter !== undefined ? resolve("aborted") : reject(error)));
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    req.write(file.head);
    let sent = file.head.length;
    const block = Buffer.alloc(256 * 1024, 0x20);
    const pump = () => {
      while (sent < file.size) {
        if (cutAfter !== undefined && sent >= cutAfter) {
          // Wait until the server has begun storing, then drop the connection mid-file.
          setTimeout(() => {
            req.destroy();
            resolve("aborted");
          }, 500);
          return;
        }
        const n = Math.min(block.length, file.size - sent);
        sent += n;
        if (!req.write(block.subarray(0, n))) return void req.once("drain", pump);
      }
      req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

test.describe("deliverables", () => {
  test("a PDF is uploaded, listed and downloaded with safe headers; outsiders are refused", async ({
    page,
    signInAs,
    browser,
  }) => {
    const entryId = await makeEntry("submitted");
    await signInAs("trainer");
    const filesPage = `/placements/${PLACEMENT}/log/${entryId}/files`;
    await page.goto(filesPage);
    await expect(page.getByRole("heading", { name: "成果物", level: 1 })).toBeVisible();
    await expect(page.getByText("1ファイル20 MBまで")).toBeVisible();
    await expectAccessible(page);
    await page
      .getByLabel("成果物を添付する")
      .setInputFiles({ name: "議事録（案）.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "添付する", exact: true }).click();
    await expect(page.getByText("成果物を添付しました。")).toBeVisible();
    await expect(page.getByRole("link", { name: "議事録（案）.pdf" })).toBeVisible();
    await expectAccessible(page);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${SHOTS}/files-${width}.png`);
    }

    const row = await e2eDb()
      .selectFrom("ojt_deliverables")
      .selectAll()
      .where("entry_id", "=", entryId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ media_type: "application/pdf", size_bytes: PDF.length, file_name: "議事録（案）.pdf" });
    const response = await page.request.get(`/files/${row.id}`);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers["content-type"]).toBe("application/pdf");
    expect(headers["content-disposition"]).toBe(
      `attachment; filename="______.pdf"; filename*=UTF-8''${encodeURIComponent("議事録（案）.pdf")}`,
    );
    expect(headers["x-content-type-options"]).toContain("nosniff");
    expect(headers["cache-control"]).toBe("private, no-store");
    expect(Buffer.from(await response.body()).equals(PDF)).toBe(true);

    // The trainee of another placement and a trainer who is not the pair's: refused, also by id.
    for (const outsider of [DEMO.trainee, "watanabe.trainer@example.com"]) {
      const context = await browser.newContext();
      await context.addCookies([await sessionCookieFor(outsider)]);
      const other = await context.newPage();
      expect((await other.request.get(`/files/${row.id}`)).status()).toBe(403);
      expect((await other.request.get(filesPage)).status()).toBe(403);
      expect((await other.request.get(`/files/${row.id + 1000}`)).status()).toBe(404);
      await context.close();
    }
    const anonymous = await browser.newContext();
    expect((await anonymous.request.get(`/files/${row.id}`, { maxRedirects: 0 })).status()).toBe(302);
    await anonymous.close();
  });

  test("a renamed executable, an over-limit file and a cut-off upload are refused and leave nothing", async ({
    page,
    signInAs,
  }) => {
    const entryId = await makeEntry("submitted");
    const filesPage = `/placements/${PLACEMENT}/log/${entryId}/files`;
    const before = { files: filesInStorage().length, rows: await deliverableCount() };

    await signInAs("trainer");
    await page.goto(filesPage);
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(4096)]);
    await page
      .getByLabel("成果物を添付する")
      .setInputFiles({ name: "報告書.pdf", mimeType: "application/pdf", buffer: exe });
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "添付する", exact: true }).click(),
    ]);
    expect(answer.status()).toBe(415);
    await expect(page.getByRole("alert")).toContainText("プログラム（実行ファイル）は添付できません。");
    await expectAccessible(page);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${SHOTS}/files-refused-${width}.png`);
    }

    // Over the limit, chunked (no Content-Length): stopped while streaming into storage.
    const over = await rawUpload(filesPage, {
      name: "大きな資料.pdf",
      size: 20 * 1024 * 1024 + 10_000,
      head: PDF.subarray(0, 64),
    });
    expect(over).not.toBe("aborted");
    if (over !== "aborted") {
      expect(over.status).toBe(413);
      expect(over.body).toContain("ファイルが大きすぎます（20 MBまで）");
    }

    // Cut off mid-file: the connection drops after ~3 MB.
    const cut = await rawUpload(
      filesPage,
      { name: "途中.pdf", size: 10 * 1024 * 1024, head: PDF.subarray(0, 64) },
      3 * 1024 * 1024,
    );
    expect(cut).toBe("aborted");
    await expect.poll(() => filesInStorage().length, { timeout: 5000 }).toBe(before.files);
    expect(await deliverableCount()).toBe(before.rows);
  });
});

test.describe("counterpart confirmation", () => {
  test.beforeAll(async () => {
    await e2eDb()
      .updateTable("engagements")
      .set({
        counterpart_name: "山形 太郎",
        counterpart_department: "情報政策課",
        counterpart_email: "taro@city.example.jp",
      })
      .where("id", "=", 1)
      .execute();
  });

  /** As the e2e of account links does: the e-mailed token is stored only as a hash, so a known one replaces it. */
  async function knownToken(entryId: number) {
    const token = crypto.randomBytes(32).toString("base64url");
    await e2eDb()
      .updateTable("ojt_counterpart_requests")
      .set({ token_hash: crypto.createHash("sha256").update(token).digest("hex") })
      .where("entry_id", "=", entryId)
      .where("status", "=", "pending")
      .execute();
    return token;
  }

  test("the trainer requests; the counterpart confirms through the link; the link cannot be used again", async ({
    page,
    signInAs,
    browser,
  }) => {
    const entryId = await makeEntry("approved");
    const fingerprintBefore = (
      await e2eDb()
        .selectFrom("ojt_log_entries")
        .select("fingerprint")
        .where("id", "=", entryId)
        .executeTakeFirstOrThrow()
    ).fingerprint;
    await signInAs("trainer");
    await page.goto(`/placements/${PLACEMENT}/log/${entryId}/counterpart`);
    await expectAccessible(page);
    await page.getByRole("button", { name: "自治体担当者に確認を依頼する" }).click();
    await expect(page.getByText("自治体の担当者に確認を依頼しました。")).toBeVisible();
    await expect(page.getByText("確認待ち")).toBeVisible();
    await expectAccessible(page);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${SHOTS}/counterpart-section-${width}.png`);
    }
    const mail = await e2eDb()
      .selectFrom("outbox_emails")
      .select(["to_address", "subject"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail).toMatchObject({
      to_address: "taro@city.example.jp",
      subject: "【ITC研修ポータル】OJT記録のご確認のお願い",
    });

    const token = await knownToken(entryId);
    const context = await browser.newContext();
    const public_ = await context.newPage();
    await public_.goto(`/counterpart/${token}`);
    await expect(public_.getByRole("heading", { name: "OJT記録のご確認" })).toBeVisible();
    await expect(public_.getByText("窓口のデジタル化に関する職員相談会に同席し")).toBeVisible();
    const html = await public_.content();
    expect(html).not.toMatch(/[\w.]+@[\w.]+\.(com|jp)/); // no e-mail address on the page
    await expectAccessible(public_);
    for (const width of [375, 1280]) {
      await public_.setViewportSize({ width, height: 900 });
      await screenshot(public_, `${SHOTS}/counterpart-public-${width}.png`);
    }
    await public_.getByLabel("お名前").fill("山形 太郎");
    await public_.getByRole("button", { name: "内容を確認しました" }).click();
    await expect(public_.getByText("ご確認いただき、ありがとうございました。")).toBeVisible();
    await expectAccessible(public_);

    const request = await e2eDb()
      .selectFrom("ojt_counterpart_requests")
      .selectAll()
      .where("entry_id", "=", entryId)
      .executeTakeFirstOrThrow();
    expect(request).toMatchObject({
      status: "confirmed",
      responder_name: "山形 太郎",
      responder_department: "情報政策課",
    });
    const fingerprintAfter = (
      await e2eDb()
        .selectFrom("ojt_log_entries")
        .select("fingerprint")
        .where("id", "=", entryId)
        .executeTakeFirstOrThrow()
    ).fingerprint;
    expect(fingerprintAfter).not.toBe(fingerprintBefore);
    // The entry's timeline reads in Japanese and credits the confirmation to the counterpart.
    await page.goto(`/placements/${PLACEMENT}/log/${entryId}`);
    const timeline = page.getByTestId("entry-timeline");
    await expect(timeline.locator("li").filter({ hasText: "自治体の担当者に確認を依頼" })).toBeVisible();
    await expect(timeline.locator("li").filter({ hasText: "自治体の担当者が確認" })).toContainText(
      "山形 太郎さん（自治体の担当者・情報政策課）",
    );
    await expect(timeline).not.toContainText("ojt_");
    await expect(timeline).not.toContainText("システム");
    await screenshot(page, `${SHOTS}/entry-timeline.png`);

    // The same link a second time: a Japanese message, 410, nothing changed.
    const again = await public_.goto(`/counterpart/${token}`);
    expect(again?.status()).toBe(410);
    await expect(public_.getByText("このリンクはすでに使用されています。")).toBeVisible();
    await expectAccessible(public_);
    await context.close();
    expect(
      (
        await e2eDb()
          .selectFrom("ojt_log_entries")
          .select("fingerprint")
          .where("id", "=", entryId)
          .executeTakeFirstOrThrow()
      ).fingerprint,
    ).toBe(fingerprintAfter);
  });

  test("an expired link and a forged one are refused with a Japanese message", async ({ page, signInAs, browser }) => {
    const entryId = await makeEntry("approved");
    await signInAs("trainer");
    await page.goto(`/placements/${PLACEMENT}/log/${entryId}/counterpart`);
    await page.getByRole("button", { name: "自治体担当者に確認を依頼する" }).click();
    await expect(page.getByText("自治体の担当者に確認を依頼しました。")).toBeVisible();
    const token = await knownToken(entryId);
    await e2eDb()
      .updateTable("ojt_counterpart_requests")
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where("entry_id", "=", entryId)
      .execute();
    const context = await browser.newContext();
    const public_ = await context.newPage();
    const expired = await public_.goto(`/counterpart/${token}`);
    expect(expired?.status()).toBe(410);
    await expect(public_.getByText("このリンクの有効期限（7日間）が切れています。")).toBeVisible();
    await expectAccessible(public_);
    for (const width of [375, 1280]) {
      await public_.setViewportSize({ width, height: 900 });
      await screenshot(public_, `${SHOTS}/counterpart-expired-${width}.png`);
    }
    const forged = await public_.goto(`/counterpart/${crypto.randomBytes(32).toString("base64url")}`);
    expect(forged?.status()).toBe(404);
    await expect(public_.getByText("このリンクは無効です。")).toBeVisible();
    await context.close();
    expect(
      await e2eDb()
        .selectFrom("ojt_counterpart_requests")
        .select(["status", "responder_name"])
        .where("entry_id", "=", entryId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: "pending", responder_name: null });
  });
});

test("staff set the reminder days and the engagement's counterpart contact", async ({ page, signInAs }) => {
  await signInAs("staff");
  await page.goto("/staff/ojt-settings");
  await page.getByLabel("催促メールを送るまでの日数").fill("3");
  await page.getByRole("button", { name: "保存する" }).last().click();
  await expect(page.getByText("確認依頼の催促までの日数を保存しました。")).toBeVisible();
  await expectAccessible(page);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/ojt-settings-${width}.png`);
  }
  const settings = await e2eDb()
    .selectFrom("ojt_settings")
    .select("counterpart_reminder_days")
    .executeTakeFirstOrThrow();
  expect(settings.counterpart_reminder_days).toBe(3);

  await page.goto("/engagements/2/edit");
  await page.getByLabel("氏名", { exact: true }).fill("入間 花子");
  await page.getByLabel("所属（課・係）").fill("デジタル推進課");
  await page.getByLabel("メールアドレス", { exact: true }).fill("hanako@city.example.jp");
  await expectAccessible(page);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/engagement-edit-${width}.png`);
  }
  await page.getByRole("button", { name: /保存|更新/ }).click();
  await expect(page.getByText("入間 花子（デジタル推進課）")).toBeVisible();
  const engagement = await e2eDb()
    .selectFrom("engagements")
    .select(["counterpart_name", "counterpart_email"])
    .where("id", "=", 2)
    .executeTakeFirstOrThrow();
  expect(engagement).toEqual({ counterpart_name: "入間 花子", counterpart_email: "hanako@city.example.jp" });
});
