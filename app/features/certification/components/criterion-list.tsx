import { Link } from "@remix-run/react";

// One criterion per line, met or missing, with its evidence (queue, certificate, trainer page).

export function CriterionList<K extends string>({
  results,
  hrefOf,
}: {
  results: ReadonlyArray<{ kind: K; label: string; met: boolean; evidence: string }>;
  /** Where the evidence of a criterion can be checked (the queue links each one). */
  hrefOf?: (kind: K) => string | null;
}) {
  return (
    <ul className="mt-2 grid gap-1 text-dns-14N-130">
      {results.map((r) => (
        <li key={r.kind} className="flex gap-2">
          <span className={`badge shrink-0 ${r.met ? "bg-green-100 text-green-1200" : "bg-red-100 text-red-1200"}`}>
            {r.met ? "達成" : "未達"}
          </span>
          <span>
            {r.label}
            {r.evidence ? <span className="text-solid-gray-800">（{r.evidence}）</span> : null}
            {hrefOf?.(r.kind) ? (
              <>
                {" "}
                <Link to={hrefOf(r.kind)!} aria-label={`${r.label}の根拠を見る`}>
                  根拠を見る
                </Link>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
