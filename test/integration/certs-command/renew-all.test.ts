import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yaml from 'js-yaml';
import type { Emulator } from '../../emulator/index.js';
import { kubectl, kubefed, writeTemp } from '../../helpers/cli.js';
import { seededRandom } from '../../helpers/deps.js';
import { decode, eventually, initialisedHost, laterKeys, type InitialisedHost } from './fixture.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The certificate the server at 127.0.0.1:port presents. */
function servedCertificate(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'apiserver' }, () => {
      const raw = socket.getPeerX509Certificate();
      socket.destroy();
      if (!raw) reject(new Error('no certificate'));
      else resolve(raw.toString());
    });
    socket.on('error', reject);
  });
}

describe('kubefed certs check-expiration and renew all, 360 days after init', () => {
  let emu: Emulator;
  let dir: string;
  let kubeconfig: string;
  let port: number;
  let servedAtInit: string;
  const env = () => ({ KUBECONFIG: kubeconfig });
  let secret: InitialisedHost['secret'];

  beforeAll(async () => {
    // init's clock is 360 days behind: every later command runs 360 days after the certificates were issued.
    ({ emu, dir, kubeconfig, port, secret } = await initialisedHost(['--set-current-context'], () => new Date(Date.now() - 360 * DAY_MS)));
    servedAtInit = new X509Certificate(await servedCertificate(port)).fingerprint256;
  });

  afterAll(async () => {
    await emu?.close();
  });

  it('check-expiration exits 1 and names each certificate that expires within --warn-days', async () => {
    const run = await kubefed(['certs', 'check-expiration', '--warn-days', '30'], { env: env() });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CERTIFICATE\s+SUBJECT\s+EXPIRES\s+DAYS LEFT\s+STATUS\s+SOURCE$/);
    expect(lines.slice(1).map((l) => l.split(/\s{3,}/).filter(Boolean))).toEqual([
      ['ca', 'CN=fellowship', expect.stringMatching(/^20\d\d-/), expect.stringMatching(/^\d+$/), 'ok', 'Secret federation-system/federation-ca'],
      ['apiserver', 'CN=federation-apiserver', expect.any(String), '4', 'expiring', 'Secret federation-system/apiserver-credentials'],
      ['controller-manager', 'CN=federation-controller-manager', expect.any(String), '4', 'expiring', 'Secret federation-system/controller-manager-kubeconfig'],
      ['admin', 'CN=admin', expect.any(String), '4', 'expiring', 'kubeconfig user "fellowship"'],
    ]);
    expect(run.stderr).toBe(
      'error: certificates need renewal within --warn-days=30: apiserver (expires in 4 days), controller-manager (expires in 4 days), admin (expires in 4 days)\n' +
        'Run `kubefed certs renew all` to issue new ones.\n',
    );
  });

  it('renew all --dry-run says what would change and sends nothing', async () => {
    const before = secret('apiserver-credentials')?.metadata.resourceVersion;
    const config = readFileSync(kubeconfig, 'utf8');
    const run = await kubefed(['certs', 'renew', 'all', '--dry-run'], { env: env(), generateKeyPair: laterKeys(), randomBytes: seededRandom('renew') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Would renew: apiserver, controller-manager, admin',
        'Would update Secret federation-system/apiserver-credentials (ca.crt, server.crt, server.key)',
        'Would update Secret federation-system/controller-manager-kubeconfig (kubeconfig)',
        'Would update Deployment federation-system/apiserver (pods restarted)',
        'Would update Deployment federation-system/controller-manager (pods restarted)',
        'Would update kubeconfig user "fellowship"',
        '',
      ].join('\n'),
    );
    const json = await kubefed(['certs', 'renew', 'all', '--dry-run', '-o', 'json'], { env: env(), generateKeyPair: laterKeys(), randomBytes: seededRandom('renew') });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      renewed: ['apiserver', 'controller-manager', 'admin'],
      dryRun: 'client',
      changes: [
        'Secret federation-system/apiserver-credentials (ca.crt, server.crt, server.key)',
        'Secret federation-system/controller-manager-kubeconfig (kubeconfig)',
        'Deployment federation-system/apiserver (pods restarted)',
        'Deployment federation-system/controller-manager (pods restarted)',
        'kubeconfig user "fellowship"',
      ],
    });
    expect(secret('apiserver-credentials')?.metadata.resourceVersion).toBe(before);
    expect(readFileSync(kubeconfig, 'utf8')).toBe(config);
  });

  it('renew all issues new certificates; check-expiration then exits 0', async () => {
    const run = await kubefed(['certs', 'renew', 'all'], { env: env(), generateKeyPair: laterKeys(), randomBytes: seededRandom('renew') });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        'Updating Secret federation-system/apiserver-credentials (ca.crt, server.crt, server.key)... done',
        'Updating Secret federation-system/controller-manager-kubeconfig (kubeconfig)... done',
        'Updating Deployment federation-system/apiserver (pods restarted)... done',
        'Updating Deployment federation-system/controller-manager (pods restarted)... done',
        'Updating kubeconfig user "fellowship"... done',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toMatch(/^Renewed: apiserver, controller-manager, admin \(valid until 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n$/);
    const check = await kubefed(['certs', 'check-expiration', '--warn-days', '30', '-o', 'json'], { env: env() });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const doc = JSON.parse(check.stdout) as { federation: string; warnDays: number; certificates: { certificate: string; status: string; daysLeft: number }[] };
    expect(doc.federation).toBe('fellowship');
    expect(doc.warnDays).toBe(30);
    expect(doc.certificates.map((c) => [c.certificate, c.status])).toEqual([
      ['ca', 'ok'],
      ['apiserver', 'ok'],
      ['controller-manager', 'ok'],
      ['admin', 'ok'],
    ]);
    expect(doc.certificates[1].daysLeft).toBe(364);
  });

  it('openssl verifies the renewed certificates against the kept CA', () => {
    const caPath = writeTemp(dir, 'ca.crt', decode(secret('federation-ca'), 'ca.crt'));
    const serverPath = writeTemp(dir, 'server.crt', decode(secret('apiserver-credentials'), 'server.crt'));
    const cm = yaml.load(decode(secret('controller-manager-kubeconfig'), 'kubeconfig')) as { users: { user: Record<string, string> }[] };
    const cmPath = writeTemp(dir, 'cm.crt', Buffer.from(cm.users[0].user['client-certificate-data'], 'base64').toString());
    const local = yaml.load(readFileSync(kubeconfig, 'utf8')) as { users: { name: string; user: Record<string, string> }[] };
    const admin = local.users.find((u) => u.name === 'fellowship')!;
    const adminPath = writeTemp(dir, 'admin.crt', Buffer.from(admin.user['client-certificate-data'], 'base64').toString());
    for (const path of [serverPath, cmPath, adminPath]) {
      expect(new X509Certificate(readFileSync(path)).validTo).not.toBe('');
      expect(new Date(new X509Certificate(readFileSync(path)).validTo).getTime()).toBeGreaterThan(Date.now() + 300 * DAY_MS);
    }
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', caPath, serverPath], { encoding: 'utf8' })).toContain('OK');
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', caPath, cmPath, adminPath], { encoding: 'utf8' })).toMatch(/cm\.crt: OK\n.*admin\.crt: OK/);
  });

  it('the rolled API server serves the new certificate, and kubectl reaches it', async () => {
    const store = emu.cluster('rivendell').store;
    const deployment = store.get(store.typeFor('apps/v1', 'Deployment')!, 'federation-system', 'apiserver') as unknown as { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
    expect(deployment.spec.template.metadata.annotations?.['federation.alpha.kubernetes.io/certs-renewed-at']).toMatch(/^20\d\d-/);
    const renewed = new X509Certificate(decode(secret('apiserver-credentials'), 'server.crt')).fingerprint256;
    expect(renewed).not.toBe(servedAtInit);
    await eventually(
      async () => new X509Certificate(await servedCertificate(port)).fingerprint256,
      (served) => served === renewed,
    );
    const out = await eventually(
      () => kubectl(['--kubeconfig', kubeconfig, '--context', 'fellowship', 'get', '--raw', '/healthz']),
      (text) => text.trim() === 'ok',
    );
    expect(out.trim()).toBe('ok');
  });
});
