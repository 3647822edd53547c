import type { AccessRule } from "./types";

// Rows for the certificate as a document and its public verification (issue 15). A certificate
// the visitor may not see answers exactly like an unknown one (404), which
// e2e/certificate-documents.spec.ts checks with certificates of its own. The demo data issues
// one certificate, id 1: 田中's basic-course certificate. trainer@ supervises 田中's OJT
// placement, which does not make a course certificate his to read (issue 21).
const signedIn404 = { anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 } as const;
const everyone = (status: number) =>
  ({ anonymous: status, trainee: status, trainer: status, staff: status, admin: status }) as const;

export const certificateDocumentRules: AccessRule[] = [
  { path: "/certificates/999999.pdf", ...signedIn404 },
  {
    path: "/certificates/1.pdf",
    note: "田中's course certificate",
    anonymous: "login",
    trainee: 404,
    trainer: 404,
    staff: 200,
    admin: 200,
  },
  { path: "/certificates/abc.pdf", ...signedIn404 },
  { path: "/certificates/1", ...signedIn404 },
  // The staff ZIP: staff only; an empty selection is a 400, an unknown id a 404.
  {
    path: "/staff/certificates/zip",
    method: "POST",
    form: { ids: "999999" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 404,
    admin: 404,
  },
  {
    path: "/staff/certificates/zip",
    method: "POST",
    form: {},
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  // Opened directly it is no page: staff go back to the dashboard.
  { path: "/staff/certificates/zip", anonymous: "login", trainee: 403, trainer: 403, staff: 302, admin: 302 },
  // Public, signed in or not.
  { path: "/verify", ...everyone(200) },
  { path: "/verify?number=", ...everyone(400) },
  { path: "/verify/ITC-2099-99999-FFFFFF", ...everyone(404) },
  { path: "/verify/%E4%BF%AE%E4%BA%86", ...everyone(404) },
];
