import fs from "node:fs";
import { activePlacement, insertEntry, referenceIds } from "../app/testing/logbook-progress";
import { screenshotDir } from "./support/env";
import { e2eDb, expect, expectAccessible, screenshot, test } from "./support/fixtures";

// Issue 23: the approvals page warns of two identical entries (same day, task kind and
// duration), so a double-logged hour is not approved twice unnoticed.

const SHOTS = screenshotDir("approvals-duplicates");

test("the trainer sees likely duplicates flagged, with a link to the other entry", async ({ page, signInAs }) => {
  const db = e2eDb();
  const p = await activePlacement(db);
  const ref = await referenceIds(db);
  const kind = ref.kind.consultation!;
  const approved = await insertEntry(db, p, {
    minutes: 150,
    taskKindId: kind,
    status: "approved",
    workDate: "2026-11-02",
  });
  const copy = await insertEntry(db, p, { minutes: 150, taskKindId: kind, workDate: "2026-11-02" });
  const single = await insertEntry(db, p, { minutes: 45, taskKindId: kind, workDate: "2026-11-02" });
  await signInAs(p.trainer.email);
  await page.goto("/trainer/approvals");
  const flagged = page.getByRole("listitem").filter({ has: page.locator(`#entry-${copy}`) });
  await expect(flagged).toContainText("重複の可能性");
  await expect(flagged.getByRole("link", { name: "承認済みの記録を開く" })).toHaveAttribute(
    "href",
    `/placements/${p.id}/log/${approved}`,
  );
  const alone = page.getByRole("listitem").filter({ has: page.locator(`#entry-${single}`) });
  await expect(alone).toBeVisible();
  await expect(alone).not.toContainText("重複の可能性");
  await expectAccessible(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${SHOTS}/approvals-${width}.png`);
  }
});
