import { SEED_CATALOG } from "../../db/seed/catalog";
import type { AccessRule } from "./types";

// Rows for invoices, receipts and the issuer settings, against the demo seed: the demo sets a
// registration number, so the seed's paid enrolments carry documents. Document 1 is the
// invoice of trainee@ (鈴木 美咲, enrolment 1); document 2 is 田中's. Every mutation row is one
// the server refuses, so the table leaves the data as it was.
const OWN_INVOICE = 1;
const OTHERS_INVOICE = 2;
const TANAKA_BASIC_ENROLLMENT = 2;

export const invoiceRules: AccessRule[] = [
  {
    path: "/staff/issuer-settings",
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 200,
    admin: 200,
  },
  {
    path: "/staff/issuer-settings",
    method: "POST",
    form: { associationName: "協会", registrationNumber: "T1234567890123" },
    note: "a wrong check digit: refused with a message, nothing written",
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 400,
    admin: 400,
  },
  {
    path: "/staff/issuer-settings",
    method: "POST",
    form: { intent: "issue-documents" },
    note: "only staff issue the missing documents",
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 302,
    admin: 302,
  },
  {
    path: `/invoices/${OWN_INVOICE}.pdf`,
    note: "trainee@'s own invoice",
    anonymous: "login",
    trainee: 200,
    trainer: 404,
    staff: 200,
    admin: 200,
  },
  {
    path: `/invoices/${OTHERS_INVOICE}.pdf`,
    note: "another trainee's invoice: the same 404 as an unknown one",
    anonymous: "login",
    trainee: 404,
    trainer: 404,
    staff: 200,
    admin: 200,
  },
  {
    path: `/staff/cohorts/${SEED_CATALOG.cohorts.basicNext}/enrollments/${TANAKA_BASIC_ENROLLMENT}`,
    method: "POST",
    form: { intent: "issue-documents" },
    note: "enrolment 2 is of another cohort: 404 for staff",
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 404,
    admin: 404,
  },
  { path: "/invoices/999999.pdf", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  { path: "/invoices/abc.pdf", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
];
