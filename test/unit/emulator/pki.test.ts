/**
 * The emulator's own certificates, checked by openssl and Node's X509 parser.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testPki, type Pki } from './harness.js';

let pki: Pki;
let dir: string;
beforeAll(async () => {
  pki = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'emulator-pki-'));
  writeFileSync(join(dir, 'ca.pem'), pki.ca.certPem);
  writeFileSync(join(dir, 'server.pem'), pki.server.certPem);
  writeFileSync(join(dir, 'admin.pem'), pki.admin.certPem);
  writeFileSync(join(dir, 'stranger.pem'), pki.stranger.certPem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { cwd: dir }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: `${stdout}${stderr}` }));
  });
}

describe('emulator certificates', () => {
  test('openssl verifies the chain and each purpose', async () => {
    expect(await openssl('verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver', 'server.pem')).toEqual({ code: 0, out: 'server.pem: OK\n' });
    expect(await openssl('verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', 'admin.pem')).toEqual({ code: 0, out: 'admin.pem: OK\n' });
    expect((await openssl('verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver', 'admin.pem')).code).toBe(1);
    expect((await openssl('verify', '-CAfile', 'ca.pem', 'stranger.pem')).code).toBe(1);
  });

  test('subjects, SANs and the CA flag', () => {
    const ca = new X509Certificate(pki.ca.certPem);
    const server = new X509Certificate(pki.server.certPem);
    const admin = new X509Certificate(pki.admin.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=emulator-ca');
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(server.checkIssued(ca)).toBe(true);
    expect(admin.subject).toBe('O=system:masters\nCN=kubernetes-admin');
    expect(admin.verify(ca.publicKey)).toBe(true);
  });
});
