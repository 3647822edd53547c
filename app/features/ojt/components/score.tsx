import { SCORE_PART_LABELS, type Score } from "../scoring";

/** The suggestion score with each part's points and reason, readable without colour. */
export function ScoreBreakdown({ score, open = false }: { score: Score; open?: boolean }) {
  return (
    <details open={open} className="mt-1">
      <summary className="cursor-pointer text-dns-16B-130">
        推薦度 {score.total}点<span className="sr-only">（100点満点）</span>の内訳
      </summary>
      <dl className="mt-1 grid grid-cols-[auto_auto_1fr] gap-x-3 gap-y-1 text-dns-14N-130">
        {score.parts.map((p) => (
          <div key={p.key} className="contents">
            <dt className="font-bold">{SCORE_PART_LABELS[p.key]}</dt>
            <dd className="text-right tabular-nums">
              {p.points}/{p.max}
            </dd>
            <dd className="text-solid-gray-800">{p.reason}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** One line per suggestion for long lists (the board): the same explanation, fewer elements. */
export function ScoreLine({ score }: { score: Score }) {
  return (
    <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
      <span className="text-dns-16B-130 text-solid-gray-900">推薦度 {score.total}点</span>
      {"：" + score.parts.map((p) => `${SCORE_PART_LABELS[p.key]} ${p.points}/${p.max}（${p.reason}）`).join("、")}
    </p>
  );
}
