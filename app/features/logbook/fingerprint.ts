import { createHash } from "node:crypto";

// The fingerprint of a locked log entry: SHA-256 over its content and the signatures it
// carries. Stored on the entry when the trainer approves (and again when the municipal
// counterpart confirms), printed on the entry and later on the certificate, so that a later
// edit of the stored record, by anyone, no longer matches. Pure: the same inputs always give
// the same hex string, whatever the order of the object's keys.

/** The fields of an entry that its signatures vouch for. */
export type EntryContent = {
  entryId: number;
  placementId: number;
  version: number;
  workDate: string;
  startTime: string | null;
  endTime: string | null;
  minutes: number;
  taskKind: string;
  pglPhase: string | null;
  micRole: string | null;
  department: string;
  activity: string;
  contribution: string;
  reflection: string;
  trainerFeedback: string;
  correctionReason: string | null;
};

export type EntrySignatures = {
  approval: { by: string; at: string };
  /** The city hall's confirmation, once given. */
  counterpart?: { name: string; department: string; at: string } | null;
};

export function entryFingerprint(content: EntryContent, signatures: EntrySignatures): string {
  const signed = {
    content,
    signatures: { approval: signatures.approval, counterpart: signatures.counterpart ?? null },
  };
  return createHash("sha256").update(canonicalJson(signed)).digest("hex");
}

/** JSON with object keys sorted at every depth, so equal data has one text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Shown to people: the first 16 hex digits in groups of four (enough to compare by eye). */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 16).replace(/(.{4})(?=.)/g, "$1 ");
}
