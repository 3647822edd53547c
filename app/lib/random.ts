// Random choices that tests can repeat. A RandomSource returns a whole number in [0, max);
// production uses the platform's cryptographic generator (Web Crypto, in Node and browsers
// alike), tests pass `seededRandom(seed)` so an outcome never depends on chance.

export type RandomSource = (max: number) => number;

/** Unbiased whole numbers from crypto.getRandomValues (rejection sampling over 32 bits). */
export const cryptoRandom: RandomSource = (max) => {
  if (!Number.isInteger(max) || max < 1 || max > 2 ** 32) throw new RangeError(`max out of range: ${max}`);
  const limit = 2 ** 32 - (2 ** 32 % max);
  const buffer = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(buffer);
    const value = buffer[0]!;
    if (value < limit) return value % max;
  }
};

/** A repeatable source (mulberry32): the same seed gives the same sequence. For tests and fixtures. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return (max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    return Math.floor(unit * max);
  };
}

/** A shuffled copy (Fisher–Yates); the input is left as it was. */
export function shuffle<T>(items: readonly T[], random: RandomSource = cryptoRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `count` items drawn without replacement, in random order (all of them when count ≥ length). */
export function draw<T>(items: readonly T[], count: number, random: RandomSource = cryptoRandom): T[] {
  return shuffle(items, random).slice(0, Math.max(0, count));
}
