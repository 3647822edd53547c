import { Link, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { draftField, forgetDraft, pendingDrafts, sendPendingDrafts, type StoredDraft } from "../offline-drafts";

type Notice = { tone: "saved" | "info"; text: string };

/** How a draft is named in the list: its date and the start of what was done. */
export function draftName(draft: StoredDraft): string {
  const activity = draftField(draft, "activity").trim();
  const minutes = draftField(draft, "duration");
  const what = activity ? (activity.length > 24 ? `${activity.slice(0, 24)}…` : activity) : `${minutes}分の記録`;
  return `${draftField(draft, "workDate") || "日付なし"}「${what}」`;
}

/**
 * Sends the drafts this device kept while offline, on mount and whenever the connection
 * returns, and says so in one notice: the page's own offline save (`kept` grows by one each
 * time) and the sending replace each other, never stand side by side. Drafts the server
 * refused stay listed with its reasons until they are corrected (`onCorrect`, or the form's
 * page with `?draft=`) or discarded. Renders nothing when there is nothing to say.
 */
export function PendingDrafts({ kept = 0, onCorrect }: { kept?: number; onCorrect?: (draft: StoredDraft) => void }) {
  const revalidator = useRevalidator();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [refused, setRefused] = useState<StoredDraft[]>([]);
  const refresh = () => setRefused(pendingDrafts().filter((d) => d.refused));

  // A new offline save of the page replaces whatever was said before (state adjusted on render).
  const [keptSeen, setKeptSeen] = useState(kept);
  if (kept !== keptSeen) {
    setKeptSeen(kept);
    setNotice({ tone: "saved", text: "通信できないため端末に保存しました。接続が戻ると自動で送信します。" });
  }

  useEffect(() => {
    let busy = false;
    const flush = async () => {
      refresh();
      if (busy || !pendingDrafts().some((d) => !d.refused)) return;
      busy = true;
      try {
        const result = await sendPendingDrafts();
        refresh();
        if (result.refused > 0)
          setNotice({
            tone: "info",
            text:
              (result.sent > 0 ? `端末に保存していた記録を${result.sent}件送信しました。` : "") +
              `${result.refused}件は受け付けられませんでした。理由を確かめて、直すか削除してください。`,
          });
        else if (result.sent > 0)
          setNotice({ tone: "info", text: `端末に保存していた記録を${result.sent}件送信しました。` });
        else if (result.waiting > 0)
          setNotice({
            tone: "saved",
            text: `端末に保存した記録が${result.waiting}件あります。接続が戻ると自動で送信します。`,
          });
        if (result.sent > 0) revalidator.revalidate();
      } finally {
        busy = false;
      }
    };
    void flush();
    window.addEventListener("online", flush);
    return () => window.removeEventListener("online", flush);
    // Once per mount: the revalidator's identity changes on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const discard = (draft: StoredDraft) => {
    forgetDraft(draft.clientKey);
    refresh();
    setNotice({ tone: "info", text: `端末に保存していた記録 ${draftName(draft)} を削除しました。` });
  };

  if (!notice && refused.length === 0) return null;
  return (
    <div className="mb-4">
      {notice ? (
        <p
          role="status"
          className={
            notice.tone === "saved"
              ? "mb-3 rounded-8 border-l-4 border-yellow-700 bg-yellow-50 p-3"
              : "mb-3 rounded-8 border-l-4 border-blue-900 bg-blue-50 p-3"
          }
          data-testid={notice.tone === "saved" ? "offline-saved" : "draft-status"}
        >
          {notice.text}
        </p>
      ) : null}
      {refused.length > 0 ? (
        <section aria-labelledby="refused-drafts" className="rounded-8 border-l-4 border-red-800 bg-red-50 p-3">
          <h2 id="refused-drafts" className="mb-2 text-std-16B-170">
            送信できなかった記録（この端末に保存されています）
          </h2>
          <ul className="space-y-3" data-testid="refused-drafts">
            {refused.map((draft) => (
              <li key={draft.clientKey}>
                <p className="text-std-16B-170">{draftName(draft)}</p>
                <ul className="mb-2 list-disc pl-5">
                  {(draft.refused ?? []).map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
                <div className="flex flex-wrap gap-3">
                  {onCorrect ? (
                    <button type="button" className="btn-secondary min-h-12" onClick={() => onCorrect(draft)}>
                      直す
                    </button>
                  ) : (
                    <Link
                      className="btn-secondary inline-flex min-h-12 items-center"
                      to={`${draft.action}?draft=${draft.clientKey}`}
                    >
                      直す
                    </Link>
                  )}
                  <button type="button" className="btn-secondary min-h-12" onClick={() => discard(draft)}>
                    削除する
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
