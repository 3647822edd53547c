// Irreversible staff actions (認定, 取り消し, OJTの終了, removing a role) take two posts: the first
// answers with what will happen, the second carries `confirmed=yes` with the same fields. The
// check is on the server, so it holds without JavaScript and for a forged single post.

export const CONFIRM_FIELD = "confirmed";

export type Confirmation = {
  title: string;
  /** What will happen, one sentence each, in the order it happens. */
  consequences: string[];
  confirmLabel: string;
  /** The first post's fields, sent again with the confirmation. */
  fields: [string, string][];
};

export function isConfirmed(formData: FormData): boolean {
  return formData.get(CONFIRM_FIELD) === "yes";
}

/** The text fields of a post, without the confirmation flag itself (files are never repeated). */
export function repeatableFields(formData: FormData): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of formData.entries()) {
    if (name !== CONFIRM_FIELD && typeof value === "string") fields.push([name, value]);
  }
  return fields;
}

export type ConfirmationText = Omit<Confirmation, "fields">;

export function confirmation(formData: FormData, text: ConfirmationText): { confirm: Confirmation } {
  return { confirm: { ...text, fields: repeatableFields(formData) } };
}
