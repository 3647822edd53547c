// The version of the OJT candidate set (open engagements and their free slots) in this process:
// matching.server.ts keeps its cached set while the version stays the same. Kept apart so that
// the functions that change engagements or placements can bump it without importing matching.

let version = 0;

/** Call after a change to an engagement or a placement (the cached candidate set is stale). */
export function invalidateCandidates() {
  version++;
}

export function candidatesVersion() {
  return version;
}
