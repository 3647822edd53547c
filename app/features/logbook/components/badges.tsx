import { ENTRY_STATUS_LABELS, type EntryStatus } from "../labels";

const TONES: Record<EntryStatus, string> = {
  submitted: "bg-yellow-100 text-solid-gray-900",
  returned: "bg-red-100 text-red-1000",
  approved: "bg-green-100 text-green-1100",
};

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  return <span className={`badge ${TONES[status]}`}>{ENTRY_STATUS_LABELS[status]}</span>;
}
