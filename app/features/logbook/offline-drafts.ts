// The phone's offline save (browser only): a draft whose 保存 failed because the connection
// dropped is kept in localStorage with its idempotency key, and sent again later. The server
// stores a key once per author, so a draft sent twice (the first answer lost) is one entry.

const STORAGE_KEY = "itc-logbook-drafts";

export type StoredDraft = { action: string; clientKey: string; fields: [string, string][]; savedAt: string };

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

/** Keeps a draft (replacing an earlier one with the same key). */
export function keepDraft(action: string, form: FormData) {
  const fields = [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
  const clientKey = fields.find(([k]) => k === "clientKey")?.[1] ?? "";
  write([
    ...read().filter((d) => d.clientKey !== clientKey),
    { action, clientKey, fields, savedAt: new Date().toISOString() },
  ]);
}

export function forgetDraft(clientKey: string) {
  write(read().filter((d) => d.clientKey !== clientKey));
}

export type SendOutcome = "sent" | "offline" | "refused";

/** Posts a form; "offline" when the request never got an answer (or a server error). */
export async function postEntry(action: string, form: FormData): Promise<{ outcome: SendOutcome; url?: string }> {
  try {
    const response = await fetch(action, { method: "POST", body: form, credentials: "same-origin" });
    if (response.redirected || (response.ok && response.url !== new URL(action, window.location.href).href))
      return { outcome: "sent", url: response.url };
    if (response.status >= 500) return { outcome: "offline" };
    return { outcome: "refused" };
  } catch {
    return { outcome: "offline" };
  }
}

/** Sends every kept draft; drops those sent or refused, keeps those still offline. */
export async function sendPendingDrafts(): Promise<{ sent: number; refused: number; waiting: number }> {
  let sent = 0;
  let refused = 0;
  let waiting = 0;
  for (const draft of read()) {
    const form = new FormData();
    for (const [k, v] of draft.fields) form.append(k, v);
    const { outcome } = await postEntry(draft.action, form);
    if (outcome === "offline") waiting++;
    else {
      forgetDraft(draft.clientKey);
      if (outcome === "sent") sent++;
      else refused++;
    }
  }
  return { sent, refused, waiting };
}
