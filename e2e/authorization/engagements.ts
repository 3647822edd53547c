import type { AccessRule } from "./types";

// Rows for municipalities, engagements, OJT applications, matching and placements.
export const engagementRules: AccessRule[] = [];
