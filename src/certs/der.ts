/*
 * The few parts of DER (ITU-T X.690) that certificates need: a writer for the TBSCertificate's
 * building blocks, and a reader that walks an encoded certificate without decoding more than
 * asked. Lengths are definite and minimal (short form below 128, long form above), as DER demands.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag `[n]`, constructed (holding elements) or primitive (holding bytes). */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** One element: tag, length, contents. */
export function tlv(tag: number, contents: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(contents.length), contents]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function sequence(...items: readonly Buffer[]): Buffer {
  return tlv(TAG.SEQUENCE, Buffer.concat(items));
}

export function set(...items: readonly Buffer[]): Buffer {
  return tlv(TAG.SET, Buffer.concat(items));
}

/**
 * An INTEGER whose contents are the given hex, as is: the caller has made it minimal and positive
 * (a leading `00` before a high bit). An odd number of digits reads the first one as a byte alone.
 */
export function integerFromHex(hex: string): Buffer {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new Error(`not a hexadecimal serial number: "${hex}"`);
  return tlv(TAG.INTEGER, Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex'));
}

/** An INTEGER from a small non-negative number (such as the certificate version). */
export function smallInteger(n: number): Buffer {
  const bytes: number[] = [];
  for (let rest = n; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, Buffer.from(bytes));
}

/** BOOLEAN TRUE; DER writes FALSE by leaving a DEFAULT FALSE field out. */
export const TRUE = tlv(TAG.BOOLEAN, Buffer.from([0xff]));
export const NULL = tlv(TAG.NULL, Buffer.alloc(0));

/** An OBJECT IDENTIFIER from dotted form: the first two arcs share a byte, then base-128 arcs. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) throw new Error(`not an object identifier: "${dotted}"`);
  const bytes: number[] = [];
  for (const arc of [arcs[0] * 40 + arcs[1], ...arcs.slice(2)]) {
    const group = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) group.unshift(0x80 | (rest & 0x7f));
    bytes.push(...group);
  }
  return tlv(TAG.OID, Buffer.from(bytes));
}

/** The dotted form of an OBJECT IDENTIFIER's contents. */
export function decodeOid(contents: Uint8Array): string {
  if (contents.length === 0) throw new Error('empty object identifier');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of contents) {
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.OCTET_STRING, bytes);
}

/** A BIT STRING of whole bytes (0 unused bits): keys and signatures. */
export function bitString(bytes: Uint8Array): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), bytes]));
}

/**
 * A named-bit BIT STRING (X.690 §11.2.2): `bits` lists the set bit numbers (0 is the most
 * significant bit of the first byte); trailing zero bits are left out and counted as unused.
 */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return tlv(TAG.BIT_STRING, Buffer.from([0]));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)] |= 0x80 >> bit % 8;
  return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([7 - (highest % 8)]), bytes]));
}

/**
 * A certificate date (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` from 1950 up to the end of
 * 2049, GeneralizedTime `YYYYMMDDHHMMSSZ` otherwise; fractions of a second are dropped.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const two = (n: number) => String(n).padStart(2, '0');
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${two(year % 100)}${rest}`, 'latin1'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'latin1'));
}

/** The bytes of an IPv4 (4) or IPv6 (16) address, for an iPAddress GeneralName. */
export function ipBytes(ip: string): Buffer {
  const v4 = parseIpv4(ip);
  if (v4) return v4;
  const v6 = parseIpv6(ip);
  if (v6) return v6;
  throw new Error(`not an IP address: "${ip}"`);
}

function parseIpv4(ip: string): Buffer | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return Buffer.from(parts.map(Number));
}

function parseIpv6(ip: string): Buffer | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const groups = (text: string): number[] | undefined => {
    if (text === '') return [];
    const out: number[] = [];
    const parts = text.split(':');
    for (const [i, part] of parts.entries()) {
      const v4 = i === parts.length - 1 ? parseIpv4(part) : undefined;
      if (v4) out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
      else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const bytes = Buffer.alloc(16);
  [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail].forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}

/** PEM armour (RFC 7468) with LF line ends and 64-character lines. */
export function pemEncode(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with this label. */
export function pemDecode(label: string, pem: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`no ${label} PEM block`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** One element of an encoding: where it starts and where its contents start and end. */
export interface DerElement {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first byte of the contents. */
  contentStart: number;
  /** Offset just past the contents. */
  end: number;
}

/** Reads the element at `at` of `buf`, within `limit` (definite lengths only, as in DER). */
export function readElement(buf: Uint8Array, at: number, limit = buf.length): DerElement {
  if (at + 2 > limit) throw new Error(`DER: element header past the end at offset ${at}`);
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) throw new Error(`DER: multi-byte tag at offset ${at}`);
  let length = buf[at + 1];
  let contentStart = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error(`DER: unsupported length form at offset ${at}`);
    if (contentStart + n > limit) throw new Error(`DER: length past the end at offset ${at}`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error(`DER: element at offset ${at} runs past the end`);
  return { tag, start: at, contentStart, end };
}

/** The elements inside a constructed element, in order. */
export function children(buf: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readElement(buf, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export function contents(buf: Uint8Array, el: DerElement): Buffer {
  return Buffer.from(buf.subarray(el.contentStart, el.end));
}

/** The whole encoding of an element, header included. */
export function encoding(buf: Uint8Array, el: DerElement): Buffer {
  return Buffer.from(buf.subarray(el.start, el.end));
}
