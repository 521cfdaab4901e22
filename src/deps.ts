import type { ClientFactory } from './k8s/types.js';

/** A stream we write text to (stdout for data, stderr for people). */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** An RSA key pair in PEM (PKCS#1 private key, SPKI public key). */
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
  /** Generate an RSA-2048 key pair. Tests replace it with a fixed pool of keys. */
  generateKeyPair(): Promise<KeyPairPem>;
  sleep(ms: number): Promise<void>;
  /** Builds API clients for kubeconfig contexts; loads @kubernetes/client-node lazily. */
  readonly clients: ClientFactory;
}
