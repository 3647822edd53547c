// Certificate numbers: "<fiscal year>-<serial, 6 digits>-<8 random Crockford base32 chars>".
// The serial runs gap-free per fiscal year (for the register); the random part (40 bits from
// the platform's CSPRNG) makes one number useless for guessing another on the public
// verification page.

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RANDOM_LENGTH = 8;
export const CERTIFICATE_NUMBER_PATTERN = /^\d{4}-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/;

/** Crockford base32 of the low 5 bits of each byte. */
export function crockford(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

export function certificateNumber(
  fiscalYear: number,
  serial: number,
  randomBytes: (n: number) => Uint8Array = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999)
    throw new RangeError(`serial out of range: ${serial}`);
  return `${fiscalYear}-${String(serial).padStart(6, "0")}-${crockford(randomBytes(RANDOM_LENGTH))}`;
}
