import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { pendingDrafts, sendPendingDrafts } from "../offline-drafts";

/**
 * Sends the drafts this device kept while offline, on mount and whenever the connection
 * returns, and says so. Renders nothing when there is nothing to say.
 */
export function PendingDrafts() {
  const revalidator = useRevalidator();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let busy = false;
    const flush = async () => {
      if (busy || pendingDrafts().length === 0) return;
      busy = true;
      try {
        const result = await sendPendingDrafts();
        if (result.sent > 0) {
          setMessage(`端末に保存していた記録を${result.sent}件送信しました。`);
          revalidator.revalidate();
        } else if (result.refused > 0) setMessage("端末に保存していた記録のうち、送信できなかったものがあります。");
        else if (result.waiting > 0)
          setMessage(`端末に保存した記録が${result.waiting}件あります。接続が戻ると自動で送信します。`);
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
  if (!message) return null;
  return (
    <p role="status" className="mb-3 rounded-8 border-l-4 border-blue-900 bg-blue-50 p-3" data-testid="draft-status">
      {message}
    </p>
  );
}
