// One criterion per line, met or missing, with its evidence (queue, certificate, trainer page).

export function CriterionList({
  results,
}: {
  results: ReadonlyArray<{ kind: string; label: string; met: boolean; evidence: string }>;
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
          </span>
        </li>
      ))}
    </ul>
  );
}
