import type { AccessRule } from "./types";

// Rows for the catalog, cohorts, enrolment, attendance and points routes.
export const catalogRules: AccessRule[] = [];
