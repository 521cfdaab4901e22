import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FederationPki } from '../../../src/certs/types.js';
import { LAYOUT_CASES, issueLayoutCases } from '../../unit/certs/layout-cases.js';
import { offsetKeyPool } from '../../unit/certs/pki-input.js';
import { createRealClockPki, writePki } from './real-pki.js';

/** openssl is an independent checker of the certificates kubefed writes. */
function openssl(args: string[], cwd: string): { status: number | null; out: string } {
  const run = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

let pki: FederationPki;
let dir: string;

beforeAll(async () => {
  pki = await createRealClockPki();
  dir = writePki(pki);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openssl verify', () => {
  it('verifies every leaf against the CA', () => {
    const run = openssl(['verify', '-CAfile', 'ca.pem', 'server.pem', 'controller-manager.pem', 'admin.pem'], dir);
    expect(run.out).toBe('server.pem: OK\ncontroller-manager.pem: OK\nadmin.pem: OK\n');
    expect(run.status).toBe(0);
  });

  it('accepts the server certificate for TLS serving', () => {
    const run = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver', 'server.pem'], dir);
    expect(run.out).toBe('server.pem: OK\n');
  });

  it('accepts both client certificates for TLS clients', () => {
    const run = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', 'controller-manager.pem', 'admin.pem'], dir);
    expect(run.out).toBe('controller-manager.pem: OK\nadmin.pem: OK\n');
  });

  it('refuses the server certificate as a client certificate (it carries serverAuth only)', () => {
    const run = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', 'server.pem'], dir);
    expect(run.status).toBe(2);
    expect(run.out).toBe('CN = federation-apiserver\nerror 26 at 0 depth lookup: unsuitable certificate purpose\nerror server.pem: verification failed\n');
  });

  it('refuses a client certificate for serving', () => {
    const run = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver', 'admin.pem'], dir);
    expect(run.status).toBe(2);
    expect(run.out).toBe('CN = admin\nerror 26 at 0 depth lookup: unsuitable certificate purpose\nerror admin.pem: verification failed\n');
  });

  it('refuses the leaves against another CA', async () => {
    // Same CA name, different keys: only the signature tells the two CAs apart.
    const otherDir = writePki(await createRealClockPki({ generateKeyPair: offsetKeyPool(4) }));
    try {
      const run = openssl(['verify', '-CAfile', join(otherDir, 'ca.pem'), 'server.pem'], dir);
      expect(run.status).toBe(2);
      expect(run.out).toContain('unable to get local issuer certificate');
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('verifies leaves re-issued later from the reused CA against the original CA file', async () => {
    const renewed = await createRealClockPki({ existing: { ca: pki.ca }, ips: ['127.0.0.1', '10.0.0.9'] });
    expect(renewed.ca).toEqual(pki.ca);
    const renewedDir = writePki(renewed);
    try {
      const run = openssl(['verify', '-CAfile', join(dir, 'ca.pem'), '-purpose', 'sslserver', 'server.pem'], renewedDir);
      expect(run.out).toBe('server.pem: OK\n');
    } finally {
      rmSync(renewedDir, { recursive: true, force: true });
    }
  });
});

describe('openssl x509 -text', () => {
  const text = (name: string) => openssl(['x509', '-in', `${name}.pem`, '-noout', '-text'], dir).out;

  it('shows the CA profile', () => {
    const out = text('ca');
    expect(out).toContain('Issuer: CN = myfed');
    expect(out).toContain('Subject: CN = myfed');
    expect(out).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE\n/);
    expect(out).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Certificate Sign, CRL Sign\n/);
    expect(out).toContain('X509v3 Subject Key Identifier');
    expect(out).toContain('Signature Algorithm: sha256WithRSAEncryption');
  });

  it('shows the server SANs (no trailing dot), serverAuth and the authority key id', () => {
    const out = text('server');
    expect(out).toContain('Subject: CN = federation-apiserver');
    expect(out).toMatch(
      /X509v3 Subject Alternative Name: \n\s+DNS:fed\.example\.com, DNS:apiserver, DNS:apiserver\.federation-system, DNS:apiserver\.federation-system\.svc, DNS:apiserver\.federation-system\.svc\.cluster\.local, IP Address:127\.0\.0\.1, IP Address:10\.0\.0\.5\n/,
    );
    expect(out).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
    expect(out).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
    expect(out).toContain('X509v3 Authority Key Identifier');
  });

  it.each([
    ['controller-manager', 'federation-controller-manager'],
    ['admin', 'admin'],
  ])('shows %s as a clientAuth certificate with CN=%s and no Organization', (name, cn) => {
    const out = text(name);
    expect(out).toContain(`Subject: CN = ${cn}\n`);
    expect(out).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
    expect(out).not.toContain('Subject Alternative Name');
  });

  it('reads the serial as a positive number below 2^127', () => {
    const out = openssl(['x509', '-in', 'server.pem', '-noout', '-serial'], dir).out;
    expect(out).toMatch(/^serial=[0-9A-F]+\n$/);
    const serial = BigInt(`0x${out.slice('serial='.length).trim()}`);
    expect(serial > 0n && serial < 2n ** 127n).toBe(true);
  });
});

describe('openssl on every certificate layout (RSA and EC CAs, SANs or none, UTF-8 names, dates around 2050)', () => {
  let layoutDir: string;
  let issuers: Map<string, string>;

  beforeAll(() => {
    layoutDir = mkdtempSync(join(tmpdir(), 'kubefed-layout-'));
    issuers = new Map();
    for (const [name, { pair, issuer }] of issueLayoutCases()) {
      writeFileSync(join(layoutDir, `${name}.pem`), pair.certPem);
      writeFileSync(join(layoutDir, `${name}-issuer.pem`), issuer.certPem);
      issuers.set(name, `${name}-issuer.pem`);
    }
  });
  afterAll(() => rmSync(layoutDir, { recursive: true, force: true }));

  it.each(LAYOUT_CASES.map((c) => [c.name]))('%s: x509 -text reads it and verify accepts it under its CA', (name) => {
    const text = openssl(['x509', '-in', `${name}.pem`, '-noout', '-text'], layoutDir);
    expect(text.status, text.out).toBe(0);
    expect(text.out).toContain('Version: 3 (0x2)');
    expect(text.out).toMatch(/X509v3 Key Usage: critical\n/);
    // Validity is pinned (some of it after 2049), so the time check is left out.
    const verify = openssl(['verify', '-no_check_time', '-CAfile', issuers.get(name)!, `${name}.pem`], layoutDir);
    expect(verify.out).toBe(`${name}.pem: OK\n`);
    expect(verify.status).toBe(0);
  });

  it('shows the dates on each side of 2050 and the UTF-8 names as written', () => {
    const dates = openssl(['x509', '-in', 'server-dates-around-2050.pem', '-noout', '-dates'], layoutDir).out;
    expect(dates).toBe('notBefore=Dec 31 23:59:59 2049 GMT\nnotAfter=Jan  1 00:00:00 2050 GMT\n');
    const subject = openssl(['x509', '-in', 'client-utf8-by-utf8-ca.pem', '-noout', '-subject', '-issuer', '-nameopt', 'utf8'], layoutDir).out;
    expect(subject).toBe('subject=CN=Åsa Ölund — 联邦 ✓ 🚀\nissuer=CN=fédération-Ωμέγα-連邦\n');
  });

  it('shows the IPv6 SANs', () => {
    const out = openssl(['x509', '-in', 'server-rsa.pem', '-noout', '-ext', 'subjectAltName'], layoutDir).out;
    expect(out).toContain('IP Address:2001:DB8:0:0:0:0:0:1, IP Address:0:0:0:0:0:0:0:1, IP Address:FE80:0:0:0:1:2:3:4');
  });
});
