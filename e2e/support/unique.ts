// Values that must differ between tests (names, codes, e-mail addresses, the source address a
// request claims) come from a counter, not chance: random suffixes collide now and then, and a
// test that fails one run in ten thousand is still a test that fails. Each Playwright worker has
// its own index (a restarted worker gets the next one), so two workers never make the same value.
const worker = Number(process.env.TEST_WORKER_INDEX ?? 0);
let counter = 0;

function next(): number {
  counter += 1;
  if (counter >= 0x100000) throw new Error("e2e/support/unique: more than 2^20 values in one worker");
  return counter;
}

/** 8 lower-case hex digits (the worker, then its counter), unique within one run of the suite. */
export function uniqueHex(): string {
  return ((worker % 4096) * 0x100000 + next()).toString(16).padStart(8, "0");
}

/**
 * A source address of its own (the sign-in and request limits count per address): 10.x.y.z
 * from the worker (16 of them before addresses repeat) and its counter.
 */
export function uniqueIp(): string {
  const n = (worker % 16) * 0x100000 + next();
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
