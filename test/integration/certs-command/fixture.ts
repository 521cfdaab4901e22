/**
 * What the certs command tests share: a host with a federation made by init, the decoding of its
 * Secrets, keys that init did not use, and a bounded wait for a rolled pod's answer.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import type { StoredObject } from '../../emulator/contracts.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { fixedKeyPool } from '../../helpers/deps.js';

export interface InitialisedHost {
  emu: Emulator;
  dir: string;
  kubeconfig: string;
  port: number;
  /** A Secret of the federation namespace on the host, as stored. */
  secret(name: string): StoredObject | undefined;
}

/** rivendell with `kubefed init fellowship` (NodePort) done, its clock given by `now`. */
export async function initialisedHost(extraInitArgs: string[] = [], now?: () => Date): Promise<InitialisedHost> {
  const emu = await startEmulator([{ name: 'rivendell' }]);
  const dir = tempDir();
  const kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  const port = await freeNodePort();
  const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
  const init = await kubefed(initArgs(conf, port, '--timeout=60s', ...extraInitArgs), { env: { KUBECONFIG: kubeconfig }, ...(now ? { now } : {}) });
  expect(init.stderr).not.toContain('error');
  expect(init.code).toBe(0);
  const store = emu.cluster('rivendell').store;
  return { emu, dir, kubeconfig, port, secret: (name) => store.get(store.typeFor('v1', 'Secret')!, 'federation-system', name) };
}

export function decode(secret: unknown, key: string): string {
  const value = (secret as { data?: Record<string, string> } | undefined)?.data?.[key];
  if (value === undefined) throw new Error(`secret has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Keys after the four init used, so renewed certificates get keys of their own. */
export function laterKeys() {
  const pool = fixedKeyPool();
  for (let i = 0; i < 4; i++) void pool();
  return pool;
}

/** Retries `fn` until `ok` holds for its value (failures count as not yet), within `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`condition not met in time; last value: ${String(last)}`);
}
