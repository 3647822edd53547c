import fs from "node:fs";
import { request as playwrightRequest } from "@playwright/test";
import { entryStatus, independentVerifier, statusBit } from "../app/testing/credential-verifier";
import { DEMO, e2eDb, expect, randomIp, sessionCookieFor, test } from "./support/fixtures";
import { E2E_BASE_URLS, E2E_CREDENTIAL_SIGNING_KEY, E2E_ENGINE } from "./support/env";

// Issue 15: the certificate as an Open Badges 3.0 credential. Certificates are written straight
// into the database (certifying from the queue has its own journey); the holder downloads the
// signed credential, another trainee cannot, and the public status lists mark a revocation. On
// SQLite the server created its own key at start; on PostgreSQL both servers sign with the
// suite's test key.

const OTHER_TRAINEE = "tanaka.trainee@example.com";

/** A certificate of a demo account, outside the fiscal years the journeys issue in. */
async function issueCertificate(email: string) {
  const db = e2eDb();
  const holder = await db
    .selectFrom("users")
    .select(["id", "name"])
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  const staff = await db.selectFrom("users").select("id").where("email", "=", DEMO.staff).executeTakeFirstOrThrow();
  // Unique columns get the next number of this spec's own fiscal year (a spec file runs in one
  // worker, so reading the highest and adding one cannot race); status-list positions from
  // 100,000 on are far from those the app hands out.
  const last = await db
    .selectFrom("certificates")
    .select((eb) => eb.fn.max("serial").as("serial"))
    .where("fiscal_year", "=", 2199)
    .executeTakeFirst();
  const next = Number(last?.serial ?? 0) + 1;
  const index = 100_000 + next;
  const { id } = await db
    .insertInto("certificates")
    .values({
      programme_id: 1,
      subject_id: 900_000_000 + next,
      holder_id: holder.id,
      fiscal_year: 2199,
      serial: next,
      number: `E2E-${String(next).padStart(6, "0")}`,
      holder_name: holder.name,
      programme_name: "自治体ビジネス基礎研修",
      certificate_title: "自治体ビジネス基礎研修 修了証",
      printed_facts: "{}",
      issued_on: "2026-11-30",
      issued_at: "2026-11-30T01:00:00.000Z",
      issued_by: staff.id,
      criteria_snapshot: JSON.stringify([{ kind: "course_completed", params: {} }]),
      evidence_snapshot: "{}",
      status_list_index: index,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, index, holderName: holder.name };
}

async function apiAs(baseURL: string, email: string | null) {
  const cookie = email ? await sessionCookieFor(email) : null;
  return playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: {
      "X-Forwarded-For": randomIp(),
      ...(cookie ? { Cookie: `${cookie.name}=${cookie.value}` } : {}),
    },
  });
}

test("the holder downloads the signed credential of a certificate; another trainee cannot", async ({
  page,
  signInAs,
}) => {
  const certificate = await issueCertificate(DEMO.trainee);
  const url = `/certificates/${certificate.id}/credential`;

  await signInAs("trainee");
  await page.goto("/");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.evaluate((href) => {
      const link = document.createElement("a");
      link.href = href;
      document.body.append(link);
      link.click();
    }, url),
  ]);
  expect(download.suggestedFilename()).toMatch(/^デジタル証明書_自治体ビジネス基礎研修 修了証_E2E-\d+\.json$/);
  const bytes = fs.readFileSync((await download.path())!);
  const credential = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  expect(credential.credentialSubject.name).toBe("鈴木 美咲");
  expect(credential.credentialSubject.name).toBe(certificate.holderName);
  expect(credential["@context"]).toEqual([
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
  ]);

  // Verified by a verifier that knows nothing of the server but the credential itself.
  const verifier = independentVerifier();
  const result = await verifier.verify(credential);
  expect(result.error).toBeUndefined();
  expect(result.verified).toBe(true);
  expect(verifier.unknownUrls).toEqual([]);
  if (E2E_ENGINE === "postgres") {
    const { parseSigningKey } = await import("../app/features/credentials/signing-key.server");
    expect(credential.issuer.id).toBe(parseSigningKey(E2E_CREDENTIAL_SIGNING_KEY).did);
  }

  // The answer itself: a JSON-LD credential in UTF-8, never kept by a cache.
  const holder = await apiAs(E2E_BASE_URLS[0]!, DEMO.trainee);
  const response = await holder.get(url);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/vc+ld+json; charset=utf-8");
  expect(response.headers()["content-disposition"]).toContain("filename*=UTF-8''%E3%83%87%E3%82%B8%E3%82%BF%E3%83%AB");
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  await holder.dispose();

  // Another trainee: refused, in Japanese; staff may download it.
  await page.context().clearCookies();
  await signInAs(OTHER_TRAINEE);
  const refused = await page.goto(url);
  expect(refused?.status()).toBe(403);
  await expect(page.getByText("このデジタル証明書を受け取れるのは、証明書の本人と事務局だけです。")).toBeVisible();
  const staff = await apiAs(E2E_BASE_URLS[0]!, DEMO.staff);
  expect((await staff.get(url)).status()).toBe(200);
  await staff.dispose();
});

test("the public status lists answer, signed, and tell a suspended certificate from a revoked one", async () => {
  const certificate = await issueCertificate(DEMO.trainee);
  const verifier = independentVerifier();
  const holder = await apiAs(E2E_BASE_URLS[0]!, DEMO.trainee);
  const credential = await (await holder.get(`/certificates/${certificate.id}/credential`)).json();
  await holder.dispose();
  // One status entry (OB 3.0), in the two-bit "message" list (decision 0028).
  const entry = credential.credentialStatus;
  expect(Array.isArray(entry)).toBe(false);
  expect(entry).toMatchObject({ statusPurpose: "message", statusSize: 2 });
  expect(new URL(entry.statusListCredential).pathname).toBe("/credentials/status/message");
  // The one-bit lists of the credentials downloaded before stay published.
  const listUrls = ["/credentials/status/message", "/credentials/status/revocation", "/credentials/status/suspension"];

  const lists = async (base: string) => {
    const anonymous = await apiAs(base, null);
    const out: Record<string, { credentialSubject: { encodedList: string; statusPurpose: string }; issuer: string }> =
      {};
    for (const path of listUrls) {
      const response = await anonymous.get(path);
      expect(response.status()).toBe(200);
      expect(response.headers()["cache-control"]).toBe("public, max-age=60");
      expect(response.headers()["content-type"]).toBe("application/vc+ld+json; charset=utf-8");
      const list = await response.json();
      expect(list.type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);
      expect(list.credentialSubject.statusPurpose).toBe(path.split("/").pop());
      expect(list.issuer).toBe(credential.issuer.id);
      expect((await verifier.verify(list)).verified).toBe(true);
      out[path] = list;
    }
    await anonymous.dispose();
    return out;
  };
  const setStatus = (status: "suspended" | "revoked") =>
    e2eDb()
      .updateTable("certificates")
      .set({ status, status_reason: "e2e", status_changed_at: new Date().toISOString() })
      .where("id", "=", certificate.id)
      .execute();
  const expectStatus = async (message: string, revoked: boolean, suspended: boolean) => {
    // Every app server (two on PostgreSQL) signs with the same key and reads the same table.
    for (const base of E2E_BASE_URLS) {
      const now = await lists(base);
      expect(entryStatus(now["/credentials/status/message"]!, entry)).toBe(message);
      expect(statusBit(now["/credentials/status/revocation"]!, certificate.index)).toBe(revoked);
      expect(statusBit(now["/credentials/status/suspension"]!, certificate.index)).toBe(suspended);
    }
  };

  await expectStatus("valid", false, false);
  await setStatus("suspended");
  await expectStatus("suspended", false, true);
  await setStatus("revoked");
  await expectStatus("revoked", true, false);
  expect(verifier.unknownUrls).toEqual([]);

  const anonymous = await apiAs(E2E_BASE_URLS[0]!, null);
  expect((await anonymous.get("/credentials/status/other")).status()).toBe(404);
  await anonymous.dispose();
});
