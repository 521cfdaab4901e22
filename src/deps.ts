import type { ClientFactory } from './k8s/types.js';

/** A stream we write text to (stdout for data, stderr for people). */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The key types init can generate (`--key-algorithm`); RSA-2048 like the original. */
export const KEY_ALGORITHMS = ['rsa-2048', 'ecdsa-p256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** A key pair in PEM: SPKI public key; PKCS#1 (RSA) or SEC1 (EC) private key. */
export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * Everything below main.ts that touches the outside world gets it from here, so tests can pin
 * the clock, the random source, key generation, the environment and the output streams.
 */
export interface Deps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly homeDir: string;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** True when stdin is a terminal we may ask questions on. */
  readonly interactive: boolean;
  /** Ask a yes/no question on the terminal; resolves to the answer line. */
  prompt(question: string): Promise<string>;
  now(): Date;
  randomBytes(size: number): Buffer;
  /** Generate a key pair off the main thread (RSA-2048 unless told). Tests replace it with a fixed pool of keys. */
  generateKeyPair(algorithm?: KeyAlgorithm): Promise<KeyPairPem>;
  sleep(ms: number): Promise<void>;
  /** Builds API clients for kubeconfig contexts; loads @kubernetes/client-node lazily. */
  readonly clients: ClientFactory;
}
