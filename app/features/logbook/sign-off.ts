import type { EntryStatus } from "./labels";

// The sign-off rules of a log entry, pure: who may do what to an entry in which status.
// submitted --approve (trainer)--> approved            (locked; fingerprint set)
// submitted --return (trainer, comment)--> returned
// submitted --edit (author)--> submitted
// returned  --resubmit (trainee, edited)--> submitted
// approved  --correct (trainer or trainee, reason)--> submitted, version + 1

export type PairRole = "trainer" | "trainee" | "staff";
export type EntryAction = "edit" | "resubmit" | "approve" | "return" | "correct";

export type EntryFacts = { status: EntryStatus; authorId: string };

/** What this viewer may do to this entry now (a staff viewer only reads). */
export function allowedEntryActions(entry: EntryFacts, viewer: { id: string; role: PairRole }): EntryAction[] {
  const actions: EntryAction[] = [];
  const { status } = entry;
  if (viewer.role === "staff") return actions;
  if (status === "submitted" && entry.authorId === viewer.id) actions.push("edit");
  if (status === "returned" && viewer.role === "trainee") actions.push("resubmit");
  if (status === "submitted" && viewer.role === "trainer") actions.push("approve", "return");
  if (status === "approved") actions.push("correct");
  return actions;
}

export const ACTION_REFUSALS: Record<EntryAction, string> = {
  edit: "この記録は修正できません。承認待ちの記録を修正できるのは記入した本人です（承認済みの記録は「訂正」してください）。",
  resubmit: "差戻しされた記録を修正して再提出できるのはトレーニー本人です。",
  approve: "この記録を承認できるのは、このOJTの担当トレーナーで、記録が承認待ちのときだけです。",
  return: "この記録を差戻しできるのは、このOJTの担当トレーナーで、記録が承認待ちのときだけです。",
  correct: "訂正できるのは承認済みの記録だけです。",
};

/** Minutes between two "HH:MM" times on one day, or null when the end is not after the start. */
export function minutesBetween(start: string, end: string): number | null {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const d = toMin(end) - toMin(start);
  return d > 0 ? d : null;
}
