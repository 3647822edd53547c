import {
  OJT_THEME_SHORT_LABELS,
  placementStatusLabel,
  type OjtTheme,
  type PlacementStatus,
} from "~/features/vocabulary/ojt-kinds";

const TONES: Record<PlacementStatus, string> = {
  proposed: "bg-yellow-100 text-solid-gray-900",
  accepted: "bg-blue-100 text-blue-1100",
  active: "bg-green-100 text-green-1100",
  declined: "bg-solid-gray-100 text-solid-gray-800",
  cancelled: "bg-solid-gray-100 text-solid-gray-800",
  ended: "bg-solid-gray-100 text-solid-gray-800",
};

/** The status; an ended placement shows its outcome (修了 / 中止). */
export function PlacementStatusBadge({ status, outcome }: { status: PlacementStatus; outcome?: string | null }) {
  const tone = status === "ended" && outcome === "completed" ? "bg-green-100 text-green-1100" : TONES[status];
  return <span className={`badge ${tone}`}>{placementStatusLabel(status, outcome)}</span>;
}

/** The OJT themes of an application or an engagement, as short badges in a row. */
export function ThemeBadges({ themes, className = "mt-1" }: { themes: readonly OjtTheme[]; className?: string }) {
  return (
    <p className={`${className} flex flex-wrap gap-1`}>
      {themes.map((t) => (
        <span key={t} className="badge bg-solid-gray-100 text-solid-gray-900">
          {OJT_THEME_SHORT_LABELS[t]}
        </span>
      ))}
    </p>
  );
}
