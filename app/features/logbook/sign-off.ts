import type { EntryStatus } from "./labels";

// The sign-off rules of a log entry, pure: who may do what to an entry in which status.
// The four-eyes rule (docs/decisions/0027): nobody approves what they wrote. The other
// member of the pair signs off: the trainer approves the trainee's entry, the trainee
// confirms the trainer's. Staff only read.
// submitted --approve (the other member of the pair)--> approved   (locked; fingerprint set)
// submitted --return (the other member, comment)--> returned
// submitted --edit (author)--> submitted
// returned  --resubmit (author, edited)--> submitted
// approved  --correct (trainer or trainee, reason)--> submitted, version + 1

export type PairRole = "trainer" | "trainee" | "staff";
export type EntryAction = "edit" | "resubmit" | "approve" | "return" | "correct";

export type EntryFacts = { status: EntryStatus; authorId: string };

/** What this viewer may do to this entry now (a staff viewer only reads). */
export function allowedEntryActions(entry: EntryFacts, viewer: { id: string; role: PairRole }): EntryAction[] {
  const actions: EntryAction[] = [];
  const { status } = entry;
  if (viewer.role === "staff") return actions;
  const author = entry.authorId === viewer.id;
  if (status === "submitted" && author) actions.push("edit");
  if (status === "returned" && author) actions.push("resubmit");
  if (status === "submitted" && !author) actions.push("approve", "return");
  if (status === "approved") actions.push("correct");
  return actions;
}

export const ACTION_REFUSALS: Record<EntryAction, string> = {
  edit: "この記録は修正できません。承認待ちの記録を修正できるのは記入した本人です（承認済みの記録は「訂正」してください）。",
  resubmit: "差戻しされた記録を修正して再提出できるのは記入した本人です。",
  approve:
    "自分が書いた記録は承認・確認できません。トレーニーの記録は担当トレーナーが承認し、トレーナーの記録はトレーニーが確認します。",
  return:
    "自分が書いた記録は差戻しできません。差戻しできるのは、このOJTのもう一方の当事者（トレーナーまたはトレーニー）です。",
  correct: "訂正できるのは承認済みの記録だけです。",
};

/** Minutes between two "HH:MM" times on one day, or null when the end is not after the start. */
export function minutesBetween(start: string, end: string): number | null {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const d = toMin(end) - toMin(start);
  return d > 0 ? d : null;
}
