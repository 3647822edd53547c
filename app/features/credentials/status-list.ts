// W3C Bitstring Status List v1.0: one bit per certificate (its status_list_index), the first
// index the left-most bit of the first byte. The list is at least 16 KB (131,072 entries) so
// that a set bit does not single out a holder among few.

export const MINIMUM_STATUS_LIST_BITS = 131_072;

/** The bitstring with the given indexes set, at least the minimum size, whole bytes. */
export function bitstringOf(setIndexes: readonly number[]): Uint8Array {
  const highest = setIndexes.reduce((max, i) => Math.max(max, i), -1);
  const bits = Math.max(MINIMUM_STATUS_LIST_BITS, Math.ceil((highest + 1) / 8) * 8);
  const bytes = new Uint8Array(bits / 8);
  for (const index of setIndexes) bytes[index >> 3]! |= 0x80 >> (index & 7);
  return bytes;
}

export function bitAt(bitstring: Uint8Array, index: number): boolean {
  return ((bitstring[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}
