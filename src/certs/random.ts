/**
 * Values derived from the injected random source, so that tests pinning `randomBytes` get
 * byte-stable certificates, tokens and passwords.
 */

/** An RFC 4122 version-4 UUID built from 16 injected random bytes. */
export function randomUuid(randomBytes: (n: number) => Buffer): string {
  const bytes = Buffer.from(randomBytes(16));
  if (bytes.length !== 16) throw new Error(`randomBytes(16) returned ${bytes.length} bytes`);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A certificate serial number as the hex of its DER INTEGER contents: 16 random bytes with the
 * top bit cleared so the number is positive (RFC 5280 §4.1.2.2). Leading zero bytes that DER
 * does not allow are dropped, because OpenSSL rejects non-minimal INTEGER encodings.
 */
export function randomSerialHex(randomBytes: (n: number) => Buffer): string {
  const bytes = Buffer.from(randomBytes(16));
  if (bytes.length !== 16) throw new Error(`randomBytes(16) returned ${bytes.length} bytes`);
  bytes[0] &= 0x7f;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1] < 0x80) start++;
  return bytes.subarray(start).toString('hex');
}
