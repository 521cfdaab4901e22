import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFederationPki } from '../../../src/certs/pki.js';
import type { FederationPki, PkiInput } from '../../../src/certs/types.js';
import { fixedKeyPool } from '../../helpers/deps.js';

/**
 * A federation PKI on the real clock, for checkers (openssl, kubectl, TLS stacks) that compare
 * validity with the machine's time. Keys come from the fixed pool to keep the suite fast.
 */
export async function createRealClockPki(overrides: Partial<PkiInput> = {}): Promise<FederationPki> {
  const { pki } = await createFederationPki({
    federationName: 'myfed',
    namespace: 'federation-system',
    serviceName: 'apiserver',
    ips: ['127.0.0.1', '10.0.0.5'],
    hostnames: ['fed.example.com'],
    now: new Date(),
    randomBytes,
    generateKeyPair: fixedKeyPool(),
    ...overrides,
  });
  return pki;
}

/** Writes each certificate and key to `<dir>/<name>.pem` / `<name>-key.pem`; returns the dir. */
export function writePki(pki: FederationPki): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-certs-'));
  const names: Record<keyof FederationPki, string> = { ca: 'ca', server: 'server', controllerManager: 'controller-manager', admin: 'admin' };
  for (const [field, name] of Object.entries(names)) {
    const pair = pki[field as keyof FederationPki];
    writeFileSync(join(dir, `${name}.pem`), pair.certPem);
    writeFileSync(join(dir, `${name}-key.pem`), pair.keyPem, { mode: 0o600 });
  }
  return dir;
}
