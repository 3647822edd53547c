import { request as playwrightRequest } from "@playwright/test";
import { assessmentRules } from "./authorization/assessment";
import { catalogRules } from "./authorization/catalog";
import { certificateDocumentRules } from "./authorization/certificate-documents";
import { credentialRules } from "./authorization/credentials";
import { certificationRules } from "./authorization/certification";
import { engagementRules } from "./authorization/engagements";
import { foundationRules } from "./authorization/foundation";
import { invoiceRules } from "./authorization/invoices";
import { logbookFileRules } from "./authorization/logbook-files";
import { logbookRules } from "./authorization/logbook";
import { renewalStaffRules } from "./authorization/renewal-staff";
import { renewalItcRules } from "./authorization/renewal";
import { reportRules } from "./authorization/reports";
import type { AccessRule, Expected } from "./authorization/types";
import { DEMO, expect, randomIp, sessionCookieFor, test } from "./support/fixtures";
import { E2E_PORT } from "./support/env";

// Table-driven authorization at the server: every route × anonymous and each role. Each
// capability adds its rows in e2e/authorization/<capability>.ts and lists them here.
const rules: AccessRule[] = [
  ...foundationRules,
  ...catalogRules,
  ...engagementRules,
  ...logbookRules,
  ...logbookFileRules,
  ...assessmentRules,
  ...certificateDocumentRules,
  ...credentialRules,
  ...reportRules,
  ...invoiceRules,
  ...certificationRules,
  ...renewalStaffRules,
  ...renewalItcRules,
];

const visitors = ["anonymous", "trainee", "trainer", "staff", "admin"] as const;
const baseURL = `http://localhost:${E2E_PORT}`;

for (const visitor of visitors) {
  test.describe(`as ${visitor}`, () => {
    test("every route answers as the table says", async () => {
      const cookie = visitor === "anonymous" ? null : await sessionCookieFor(DEMO[visitor]);
      const api = await playwrightRequest.newContext({
        baseURL,
        extraHTTPHeaders: {
          "X-Forwarded-For": randomIp(),
          Origin: baseURL,
          ...(cookie ? { Cookie: `${cookie.name}=${cookie.value}` } : {}),
        },
      });
      const failures: string[] = [];
      for (const rule of rules) {
        const expected: Expected = rule[visitor];
        const response =
          rule.method === "POST"
            ? await api.post(rule.path, { form: rule.form ?? {}, maxRedirects: 0 })
            : await api.get(rule.path, { maxRedirects: 0 });
        const status = response.status();
        const location = response.headers()["location"] ?? "";
        const ok =
          expected === "login" ? status === 302 && location.startsWith("/login?redirectTo=") : status === expected;
        if (!ok) failures.push(`${rule.method ?? "GET"} ${rule.path}: expected ${expected}, got ${status} ${location}`);
      }
      await api.dispose();
      expect(failures).toEqual([]);
    });
  });
}
