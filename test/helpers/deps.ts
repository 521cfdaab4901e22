import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deps, KeyPairPem, OutStream } from '../../src/deps.js';
import { createLazyClientFactory } from '../../src/k8s/lazy-factory.js';

const KEY_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');

/** Fixed RSA keys, handed out in order, so generated certificates are byte-stable. */
export function fixedKeyPool(): () => Promise<KeyPairPem> {
  let next = 0;
  return async () => {
    const privateKeyPem = readFileSync(join(KEY_DIR, `key-${next++ % 8}.pem`), 'utf8');
    const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKeyPem, publicKeyPem };
  };
}

/** A deterministic byte source: SHA-256 in counter mode over a seed. */
export function seededRandom(seed = 'kubefed-test'): (n: number) => Buffer {
  let counter = 0;
  return (n: number) => {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(block);
      have += block.length;
    }
    return Buffer.concat(chunks).subarray(0, n);
  };
}

export interface CapturedStream extends OutStream {
  text(): string;
}

export function captureStream(isTTY = false): CapturedStream {
  let buffer = '';
  return {
    isTTY,
    write(chunk: string) {
      buffer += chunk;
      return true;
    },
    text: () => buffer,
  };
}

export interface TestDeps extends Deps {
  readonly stdout: CapturedStream;
  readonly stderr: CapturedStream;
}

/**
 * Deps for in-process CLI runs: pinned clock and randomness, fixed keys, captured streams,
 * the real client factory, and no real sleeping beyond what the caller allows.
 */
export function makeTestDeps(overrides: Partial<Deps> & { env?: Record<string, string | undefined> } = {}): TestDeps {
  const stdout = captureStream();
  const stderr = captureStream();
  return {
    env: {},
    cwd: process.cwd(),
    homeDir: '/nonexistent-home',
    interactive: false,
    prompt: async () => '',
    now: () => new Date('2026-01-02T03:04:05Z'),
    randomBytes: seededRandom(),
    generateKeyPair: fixedKeyPool(),
    sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    clients: createLazyClientFactory(),
    ...overrides,
    stdout,
    stderr,
  } as TestDeps;
}
