// The phone's offline save (browser only): a draft whose 保存 failed because the connection
// dropped is kept in localStorage with its idempotency key, and sent again later. The server
// stores a key once per author, so a draft sent twice (the first answer lost) is one entry.
// A draft the server refuses when it is sent stays on the device with the server's reasons,
// until the user corrects it (and it is sent) or discards it.

const STORAGE_KEY = "itc-logbook-drafts";

export type StoredDraft = {
  action: string;
  clientKey: string;
  fields: [string, string][];
  savedAt: string;
  /** The server's reasons, once it refused the draft; a refused draft is not sent again as is. */
  refused?: string[];
};

function read(): StoredDraft[] {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as StoredDraft[]) : [];
  } catch {
    return [];
  }
}

function write(drafts: StoredDraft[]) {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(drafts));
}

export function pendingDrafts(): StoredDraft[] {
  return typeof window === "undefined" ? [] : read();
}

export function findDraft(clientKey: string): StoredDraft | undefined {
  return pendingDrafts().find((d) => d.clientKey === clientKey);
}

/** A value of a draft's form, "" when absent. */
export function draftField(draft: StoredDraft, name: string): string {
  return draft.fields.find(([k]) => k === name)?.[1] ?? "";
}

/** Keeps a draft (replacing an earlier one with the same key). */
export function keepDraft(action: string, form: FormData, now: Date = new Date()) {
  const fields = [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
  const clientKey = fields.find(([k]) => k === "clientKey")?.[1] ?? "";
  write([
    ...read().filter((d) => d.clientKey !== clientKey),
    { action, clientKey, fields, savedAt: now.toISOString() },
  ]);
}

export function forgetDraft(clientKey: string) {
  write(read().filter((d) => d.clientKey !== clientKey));
}

function markRefused(clientKey: string, reasons: string[]) {
  write(read().map((d) => (d.clientKey === clientKey ? { ...d, refused: reasons } : d)));
}

export type SendOutcome = "sent" | "offline" | "refused";

/** The messages of a refused form, read from the page the server answered with. */
function refusalReasons(html: string): string[] {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const texts = [...doc.querySelectorAll("form [id$='-error']")]
    .map((e) => e.textContent?.trim() ?? "")
    .filter(Boolean);
  return texts.length > 0 ? [...new Set(texts)] : ["サーバーが記録を受け付けませんでした。"];
}

/** Posts a form; "offline" when the request never got an answer (or a server error). */
export async function postEntry(
  action: string,
  form: FormData,
): Promise<{ outcome: SendOutcome; url?: string; reasons?: string[] }> {
  try {
    const response = await fetch(action, { method: "POST", body: form, credentials: "same-origin" });
    if (response.redirected || (response.ok && response.url !== new URL(action, window.location.href).href))
      return { outcome: "sent", url: response.url };
    if (response.status >= 500) return { outcome: "offline" };
    return { outcome: "refused", reasons: refusalReasons(await response.text()) };
  } catch {
    return { outcome: "offline" };
  }
}

/**
 * Sends every kept draft not yet refused: forgets those sent, keeps those refused with the
 * server's reasons, keeps those still offline.
 */
export async function sendPendingDrafts(): Promise<{ sent: number; refused: number; waiting: number }> {
  let sent = 0;
  let refused = 0;
  let waiting = 0;
  for (const draft of read()) {
    if (draft.refused) continue;
    const form = new FormData();
    for (const [k, v] of draft.fields) form.append(k, v);
    const { outcome, reasons } = await postEntry(draft.action, form);
    if (outcome === "offline") waiting++;
    else if (outcome === "sent") {
      forgetDraft(draft.clientKey);
      sent++;
    } else {
      markRefused(draft.clientKey, reasons ?? []);
      refused++;
    }
  }
  return { sent, refused, waiting };
}
