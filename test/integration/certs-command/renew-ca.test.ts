import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yaml from 'js-yaml';
import type { Emulator } from '../../emulator/index.js';
import { kubectl, kubefed, writeTemp } from '../../helpers/cli.js';
import { seededRandom } from '../../helpers/deps.js';
import { decode, eventually, initialisedHost, laterKeys, type InitialisedHost } from './fixture.js';

describe('kubefed certs renew ca', () => {
  let emu: Emulator;
  let dir: string;
  let kubeconfig: string;
  let oldCa: string;
  let run: Awaited<ReturnType<typeof kubefed>>;
  let secret: InitialisedHost['secret'];

  beforeAll(async () => {
    ({ emu, dir, kubeconfig, secret } = await initialisedHost());
    oldCa = decode(secret('federation-ca'), 'ca.crt');
    run = await kubefed(['certs', 'renew', 'ca', '--context', 'fellowship'], { env: { KUBECONFIG: kubeconfig }, generateKeyPair: laterKeys(), randomBytes: seededRandom('renew-ca') });
  });

  afterAll(async () => {
    await emu?.close();
  });

  it('replaces the CA and every certificate under it', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        'Updating Secret federation-system/federation-ca (ca.crt, ca.key)... done',
        'Updating Secret federation-system/apiserver-credentials (ca.crt, server.crt, server.key)... done',
        'Updating Secret federation-system/controller-manager-kubeconfig (kubeconfig)... done',
        'Updating Deployment federation-system/apiserver (pods restarted)... done',
        'Updating Deployment federation-system/controller-manager (pods restarted)... done',
        'Updating kubeconfig user "fellowship" and cluster "fellowship"... done',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toMatch(/^Renewed: ca, apiserver, controller-manager, admin \(valid until /);
    const ca = decode(secret('federation-ca'), 'ca.crt');
    expect(ca).not.toBe(oldCa);
    expect(new X509Certificate(ca).subject).toBe('CN=fellowship');
    const caPath = writeTemp(dir, 'ca.crt', ca);
    const serverPath = writeTemp(dir, 'server.crt', decode(secret('apiserver-credentials'), 'server.crt'));
    const cm = yaml.load(decode(secret('controller-manager-kubeconfig'), 'kubeconfig')) as { users: { user: Record<string, string> }[]; clusters: { cluster: Record<string, string> }[] };
    expect(Buffer.from(cm.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(ca);
    const cmPath = writeTemp(dir, 'cm.crt', Buffer.from(cm.users[0].user['client-certificate-data'], 'base64').toString());
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', caPath, serverPath], { encoding: 'utf8' })).toContain('OK');
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', caPath, cmPath], { encoding: 'utf8' })).toContain('OK');
    const local = yaml.load(readFileSync(kubeconfig, 'utf8')) as { clusters: { name: string; cluster: Record<string, string> }[] };
    expect(Buffer.from(local.clusters.find((c) => c.name === 'fellowship')!.cluster['certificate-authority-data'], 'base64').toString()).toBe(ca);
  });

  it('kubectl reaches the rolled API server with the new CA and admin certificate', async () => {
    const out = await eventually(() => kubectl(['--kubeconfig', kubeconfig, '--context', 'fellowship', 'get', '--raw', '/healthz']), (text) => text.trim() === 'ok');
    expect(out.trim()).toBe('ok');
  });
});
