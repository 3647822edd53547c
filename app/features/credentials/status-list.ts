// W3C Bitstring Status List v1.0. A list of `statusSize` bits per entry: the entry at index i
// takes the bits i × size … i × size + size - 1, the first bit the left-most bit of the first
// byte, the entry's value read most significant bit first. A list is at least 16 KB (131,072
// bits) so that a set bit does not single out a holder among few.

export const MINIMUM_STATUS_LIST_BITS = 131_072;

/** The bitstring with the given indexes set, at least the minimum size, whole bytes. */
export function bitstringOf(setIndexes: readonly number[]): Uint8Array {
  return bitstringOfValues(
    setIndexes.map((index) => ({ index, value: 1 })),
    1,
  );
}

/** The bitstring of entries of `size` bits holding the given values (others 0). */
export function bitstringOfValues(
  entries: readonly { index: number; value: number }[],
  size: number,
  minimumBits = MINIMUM_STATUS_LIST_BITS,
): Uint8Array {
  const highestBit = entries.reduce((max, e) => Math.max(max, (e.index + 1) * size - 1), minimumBits - 1);
  const bits = Math.max(MINIMUM_STATUS_LIST_BITS, Math.ceil((highestBit + 1) / 8) * 8);
  const bytes = new Uint8Array(bits / 8);
  for (const { index, value } of entries)
    for (let b = 0; b < size; b++) if ((value >> (size - 1 - b)) & 1) setBit(bytes, index * size + b);
  return bytes;
}

export function setBit(bitstring: Uint8Array, position: number): void {
  bitstring[position >> 3]! |= 0x80 >> (position & 7);
}

export function bitAt(bitstring: Uint8Array, index: number): boolean {
  return ((bitstring[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

/** The value of the entry at `index` in a list of `size`-bit entries. */
export function valueAt(bitstring: Uint8Array, index: number, size: number): number {
  let value = 0;
  for (let b = 0; b < size; b++) value = (value << 1) | (bitAt(bitstring, index * size + b) ? 1 : 0);
  return value;
}
