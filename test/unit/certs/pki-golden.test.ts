import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFederationPki } from '../../../src/certs/pki.js';
import type { FederationPki } from '../../../src/certs/types.js';
import { fixedKeyPool } from '../../helpers/deps.js';
import { pinnedInput } from './pki-input.js';

const GOLDEN_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'golden', 'certs');
const FILES: Record<keyof FederationPki, string> = {
  ca: 'ca.pem',
  server: 'server.pem',
  controllerManager: 'controller-manager.pem',
  admin: 'admin.pem',
};

describe('createFederationPki with pinned clock, randomness and keys', () => {
  it('produces byte-identical PEM on every run', async () => {
    const first = await createFederationPki(pinnedInput());
    const second = await createFederationPki(pinnedInput());
    expect(second.pki).toEqual(first.pki);
  });

  it('matches the golden certificates (UPDATE_GOLDEN=1 rewrites them)', async () => {
    const { pki, generated, reused } = await createFederationPki(pinnedInput());
    expect(generated).toEqual(['ca', 'server', 'controller-manager', 'admin']);
    expect(reused).toEqual([]);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      for (const [field, file] of Object.entries(FILES)) {
        writeFileSync(join(GOLDEN_DIR, file), pki[field as keyof FederationPki].certPem);
      }
    }
    for (const [field, file] of Object.entries(FILES)) {
      const path = join(GOLDEN_DIR, file);
      expect(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(pki[field as keyof FederationPki].certPem, file).toBe(readFileSync(path, 'utf8'));
    }
  });

  it('hands out the injected keys in order: CA, server, controller manager, admin', async () => {
    const { pki } = await createFederationPki(pinnedInput());
    const pool = fixedKeyPool();
    const keys = [await pool(), await pool(), await pool(), await pool()].map((k) => k.privateKeyPem);
    expect([pki.ca.keyPem, pki.server.keyPem, pki.controllerManager.keyPem, pki.admin.keyPem]).toEqual(keys);
    expect(pki.ca.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  it('writes PEM with LF line ends only', async () => {
    const { pki } = await createFederationPki(pinnedInput());
    for (const pair of Object.values(pki)) {
      expect(pair.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    }
  });
});
