import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as der from '../../../src/certs/der.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DER writer', () => {
  it.each([
    [0, '0400'],
    [127, '047f'],
    [128, '048180'],
    [255, '0481ff'],
    [256, '04820100'],
    [65535, '0482ffff'],
    [65536, '0483010000'],
  ])('writes a length of %i minimally (short form below 128, long form above)', (n, header) => {
    const out = der.octetString(Buffer.alloc(n));
    expect(hex(out.subarray(0, header.length / 2))).toBe(header);
    expect(out.length).toBe(header.length / 2 + n);
  });

  it.each([
    ['2.5.29.14', '0603551d0e'],
    ['1.2.840.113549.1.1.11', '06092a864886f70d01010b'],
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['2.999.3', '0603883703'],
  ])('writes OID %s and reads it back', (dotted, encoded) => {
    expect(hex(der.oid(dotted))).toBe(encoded);
    expect(der.decodeOid(der.oid(dotted).subarray(2))).toBe(dotted);
  });

  it('writes a serial hex as INTEGER contents, an odd digit count as a leading nibble byte', () => {
    expect(hex(der.integerFromHex('00ff01'))).toBe('020300ff01');
    expect(hex(der.integerFromHex('abc'))).toBe('02020abc');
    expect(() => der.integerFromHex('')).toThrow('not a hexadecimal serial number');
    expect(() => der.integerFromHex('0x12')).toThrow('not a hexadecimal serial number');
  });

  it('writes small integers with a sign byte when needed', () => {
    expect(hex(der.smallInteger(0))).toBe('020100');
    expect(hex(der.smallInteger(2))).toBe('020102');
    expect(hex(der.smallInteger(128))).toBe('02020080');
  });

  it('writes named bit strings with their trailing zero bits counted as unused', () => {
    expect(hex(der.namedBits([0, 5, 6]))).toBe('03020186');
    expect(hex(der.namedBits([0, 2]))).toBe('030205a0');
    expect(hex(der.namedBits([8]))).toBe('0303070080');
    expect(hex(der.bitString(Buffer.from([1, 2])))).toBe('0303000102');
  });

  it.each([
    ['2049-12-31T23:59:59.999Z', '170d3439313233313233353935395a'],
    ['1950-01-01T00:00:00Z', '170d3530303130313030303030305a'],
    ['2050-01-01T00:00:00Z', '180f32303530303130313030303030305a'],
    ['1949-12-31T23:59:59Z', '180f31393439313233313233353935395a'],
  ])('writes %s as %s', (iso, encoded) => {
    expect(hex(der.time(new Date(iso)))).toBe(encoded);
  });

  it.each([
    ['127.0.0.1', '7f000001'],
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80::', 'fe800000000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
  ])('writes IP %s as its bytes', (ip, bytes) => {
    expect(hex(der.ipBytes(ip))).toBe(bytes);
  });

  it.each(['1.2.3', '256.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '::g', 'example.com', ''])('refuses %j as an IP', (ip) => {
    expect(() => der.ipBytes(ip)).toThrow('not an IP address');
  });

  it('writes PEM in 64-character lines that Node reads back', () => {
    const pem = readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'golden', 'certs-layout', 'ca-rsa.pem'), 'utf8');
    const body = der.pemDecode('CERTIFICATE', pem);
    expect(der.pemEncode('CERTIFICATE', body)).toBe(pem);
    expect(new X509Certificate(der.pemEncode('CERTIFICATE', body)).subject).toBe('CN=myfed');
    expect(() => der.pemDecode('CERTIFICATE', 'garbage')).toThrow('no CERTIFICATE PEM block');
  });
});

describe('DER reader', () => {
  it('walks nested elements with long-form lengths', () => {
    const inner = der.octetString(Buffer.alloc(300, 7));
    const buf = der.sequence(der.oid('2.5.29.14'), inner);
    const top = der.readElement(buf, 0);
    expect(top).toEqual({ tag: 0x30, start: 0, contentStart: 4, end: buf.length });
    const [first, second] = der.children(buf, top);
    expect(der.decodeOid(der.contents(buf, first))).toBe('2.5.29.14');
    expect(second.tag).toBe(der.TAG.OCTET_STRING);
    expect(der.contents(buf, second)).toEqual(Buffer.alloc(300, 7));
    expect(der.encoding(buf, second)).toEqual(inner);
  });

  it.each([
    ['a header past the end', '30'],
    ['contents past the end', '300500'],
    ['an indefinite length', '308000000000'],
    ['a multi-byte tag', '1f0100'],
    ['a long-form length past the end', '3082'],
  ])('refuses %s', (_name, bytes) => {
    expect(() => der.readElement(Buffer.from(bytes, 'hex'), 0)).toThrow(/^DER: /);
  });

  it('refuses a child that runs past its parent', () => {
    const buf = Buffer.from('3003040500000000', 'hex');
    expect(() => der.children(buf, der.readElement(buf, 0))).toThrow('runs past the end');
  });
});
