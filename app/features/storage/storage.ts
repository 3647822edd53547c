// The file-storage interface (issue 13, decision 0018): where files that pages serve later
// (OJT deliverables, generated PDFs) are kept, so that every app server can read what another
// stored. Two implementations: a folder (SQLite installs, one machine) and the database
// (PostgreSQL installs, any number of app servers). Both keep the same contract, tested once
// against each (storage.test.ts).

export type PutResult = { size: number; sha256: string };

export interface FileStorage {
  /**
   * Stores the bytes under key (replacing what was there), all or nothing: if the body fails
   * part-way, is refused, or grows past maxBytes, nothing is left under key or anywhere else.
   */
  put(key: string, body: AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<PutResult>;
  /** The stored bytes as a stream, or null when nothing is stored under key. */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Removes what is stored under key; nothing stored is not an error. */
  delete(key: string): Promise<void>;
  /** Removes what an interrupted put (a crashed process) left behind before `before`. */
  sweepIncomplete(before: Date): Promise<number>;
}

/** Thrown by put when the body grows past maxBytes; nothing has been kept. */
export class StoredFileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = "StoredFileTooLargeError";
  }
}

/**
 * Keys are a few "/"-separated segments of letters, digits, "_", "-" and "." (not first), so
 * that a key is also a safe relative path: no "..", no absolute path, no hidden file.
 */
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}){0,4}$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
}
