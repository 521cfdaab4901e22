import type { PkiInput } from '../../../src/certs/types.js';
import type { KeyPairPem } from '../../../src/deps.js';
import { fixedKeyPool, seededRandom } from '../../helpers/deps.js';

export const PINNED_NOW = new Date('2026-01-02T03:04:05Z');
export const DAY_MS = 24 * 60 * 60 * 1000;

/** PKI input with the pinned clock, seeded randomness and the fixed key pool. */
export function pinnedInput(overrides: Partial<PkiInput> = {}): PkiInput {
  return {
    federationName: 'myfed',
    namespace: 'federation-system',
    serviceName: 'apiserver',
    ips: ['10.0.0.5', '127.0.0.1'],
    hostnames: ['fed.example.com'],
    now: PINNED_NOW,
    randomBytes: seededRandom(),
    generateKeyPair: fixedKeyPool(),
    ...overrides,
  };
}

/** A key source that counts how often it was asked, handing out the fixed pool's keys. */
export function countingKeyPool(): { generateKeyPair(): Promise<KeyPairPem>; calls(): number } {
  const pool = fixedKeyPool();
  let calls = 0;
  return {
    generateKeyPair: () => {
      calls++;
      return pool();
    },
    calls: () => calls,
  };
}

/** The fixed pool, starting at key `offset`, so a second PKI gets keys different from the first. */
export function offsetKeyPool(offset: number): () => Promise<KeyPairPem> {
  const pool = fixedKeyPool();
  let skipped = false;
  // Skips synchronously: key generation may be requested several times before any call resolves.
  return () => {
    if (!skipped) {
      for (let i = 0; i < offset; i++) void pool();
      skipped = true;
    }
    return pool();
  };
}

/** A key source that must not be used. */
export function noKeys(): Promise<KeyPairPem> {
  throw new Error('generateKeyPair was called');
}

export function daysAfter(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
