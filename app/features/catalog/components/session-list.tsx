import { formatDateJa } from "~/lib/dates";

export type SessionView = { id: number; date: string; start_time: string; end_time: string; topic: string };

/** The days of a cohort as a compact list ("2026年7月9日(木) 10:00〜17:00 テーマ"). */
export function SessionList({ sessions, label }: { sessions: ReadonlyArray<SessionView>; label?: string }) {
  if (sessions.length === 0) return <p className="text-solid-gray-700">日程は未定です。</p>;
  return (
    <ol className="space-y-1" aria-label={label}>
      {sessions.map((s, i) => (
        <li key={s.id} className="flex flex-wrap gap-x-3">
          {sessions.length > 1 ? <span className="text-solid-gray-700">{i + 1}日目</span> : null}
          <span className="font-bold">{formatDateJa(s.date)}</span>
          <span>
            {s.start_time}〜{s.end_time}
          </span>
          {s.topic ? <span className="text-solid-gray-800">{s.topic}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export function dateRangeJa(first: string | null, last: string | null): string {
  if (!first) return "日程未定";
  if (!last || last === first) return formatDateJa(first);
  return `${formatDateJa(first)}〜${formatDateJa(last)}`;
}
