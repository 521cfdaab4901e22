import { describe, expect, it } from 'vitest';
import { randomSerialHex, randomUuid } from '../../../src/certs/random.js';
import { seededRandom } from '../../helpers/deps.js';

const fill = (byte: number) => (n: number) => Buffer.alloc(n, byte);
const fromHex = (hex: string) => (n: number) => Buffer.from(hex, 'hex').subarray(0, n);

describe('randomUuid', () => {
  it.each([
    { name: 'all ones', source: fill(0xff), uuid: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
    { name: 'all zeros', source: fill(0x00), uuid: '00000000-0000-4000-8000-000000000000' },
    { name: 'a counting pattern', source: fromHex('00112233445566778899aabbccddeeff'), uuid: '00112233-4455-4677-8899-aabbccddeeff' },
  ])('sets the version and variant bits ($name)', ({ source, uuid }) => {
    expect(randomUuid(source)).toBe(uuid);
  });

  it('is stable for a seeded source and differs between calls', () => {
    const a = seededRandom('uuid');
    const b = seededRandom('uuid');
    const first = randomUuid(a);
    expect(randomUuid(b)).toBe(first);
    expect(randomUuid(a)).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not modify the buffer the source returned', () => {
    const buffer = Buffer.alloc(16, 0xff);
    randomUuid(() => buffer);
    expect(buffer.equals(Buffer.alloc(16, 0xff))).toBe(true);
  });

  it('rejects a source that returns too few bytes', () => {
    expect(() => randomUuid(() => Buffer.alloc(8))).toThrow('randomBytes(16) returned 8 bytes');
  });
});

describe('randomSerialHex', () => {
  it.each([
    { name: 'top bit cleared', hex: 'ff'.repeat(16), serial: '7f' + 'ff'.repeat(15) },
    { name: 'a leading zero kept before a high byte', hex: '80' + '85' + '00'.repeat(14), serial: '0085' + '00'.repeat(14) },
    { name: 'leading zero bytes dropped', hex: '0000' + '12' + '34'.repeat(13), serial: '12' + '34'.repeat(13) },
    { name: 'all zeros', hex: '00'.repeat(16), serial: '00' },
  ])('$name', ({ hex, serial }) => {
    expect(randomSerialHex(fromHex(hex))).toBe(serial);
  });
});
