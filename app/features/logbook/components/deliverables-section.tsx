import { Form } from "@remix-run/react";
import { formatDateTimeJa } from "~/lib/dates";
import { DELIVERABLE_MESSAGES as M, deliverableTypeOf, formatFileSize } from "../deliverable-rules";

export type DeliverableItem = {
  id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  uploader_name: string;
  uploaded_at: string;
  canDelete: boolean;
};

export type DeliverablesSectionProps = {
  placementId: number;
  entryId: number;
  deliverables: DeliverableItem[];
  /** The viewer is one of the pair and the entry is not approved yet. */
  canAdd: boolean;
  /** The entry is approved: files can be neither added nor removed. */
  locked: boolean;
  /** A refusal to show above the form (the files page passes its action's message). */
  error?: string | null;
  /** Where to come back after adding or deleting: the files page itself, or the entry page. */
  returnTo?: "files" | "entry";
};

/**
 * The deliverables (成果物) of one log entry: the list with download links and, for the pair
 * while the entry is open, the upload form. Rendered by the files page and by the entry page.
 * The forms post to the files route, which streams the upload into storage.
 */
export function DeliverablesSection({
  placementId,
  entryId,
  deliverables,
  canAdd,
  locked,
  error,
  returnTo = "files",
}: DeliverablesSectionProps) {
  const action = `/placements/${placementId}/log/${entryId}/files${returnTo === "entry" ? "?returnTo=entry" : ""}`;
  return (
    <section className="card" aria-labelledby={`deliverables-${entryId}`}>
      <h2 id={`deliverables-${entryId}`} className="mb-2">
        成果物
      </h2>
      {deliverables.length === 0 ? (
        <p className="text-solid-gray-800">添付された成果物はありません。</p>
      ) : (
        <ul className="divide-y divide-solid-gray-420">
          {deliverables.map((d) => (
            <li key={d.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <a href={`/files/${d.id}`} className="break-all underline" download>
                  {d.file_name}
                </a>
                <p className="text-dns-14N-130 text-solid-gray-800">
                  {deliverableTypeOf(d.media_type)?.label ?? d.media_type}・{formatFileSize(d.size_bytes)}・
                  {d.uploader_name}・{formatDateTimeJa(d.uploaded_at)}
                </p>
              </div>
              {d.canDelete ? (
                <Form method="post" action={action}>
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="deliverableId" value={d.id} />
                  <button type="submit" className="btn-danger btn-small" aria-label={`${d.file_name}を削除`}>
                    削除
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {locked ? <p className="mt-3 text-solid-gray-800">{M.locked}</p> : null}
      {canAdd ? (
        <Form method="post" encType="multipart/form-data" action={action} className="mt-4">
          {error ? (
            <p role="alert" className="mb-3 rounded-8 border-l-4 border-error-1 bg-red-50 p-3">
              {error}
            </p>
          ) : null}
          <label htmlFor={`deliverable-file-${entryId}`} className="label">
            成果物を添付する
          </label>
          <p id={`deliverable-hint-${entryId}`} className="hint">
            {M.allowed}。{M.limit}。承認後は追加・削除できません。
          </p>
          <input
            id={`deliverable-file-${entryId}`}
            type="file"
            name="file"
            required
            aria-describedby={`deliverable-hint-${entryId}`}
            accept=".pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp"
            className="mt-2 block w-full"
          />
          <button type="submit" className="btn mt-3 w-full sm:w-auto">
            添付する
          </button>
        </Form>
      ) : null}
    </section>
  );
}
