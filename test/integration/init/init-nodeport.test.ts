import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yaml from 'js-yaml';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubectl, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';

function decode(secret: { data?: Record<string, string> } | undefined, key: string): string {
  const value = secret?.data?.[key];
  if (value === undefined) throw new Error(`secret has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

describe('kubefed init with NodePort against the emulator', () => {
  let emu: Emulator;
  let dir: string;
  let kubeconfig: string;
  let port: number;
  let run: CliRun;

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
    dir = tempDir();
    kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    port = await freeNodePort();
    const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
    run = await kubefed(initArgs(conf, port, '--timeout=60s'), { env: { KUBECONFIG: kubeconfig } });
  });

  afterAll(async () => {
    await emu?.close();
  });

  it('exits 0 and prints the original final line with the node port', () => {
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Federation API server is running at: 127.0.0.1:${port}\n`);
  });

  it('prints the original progress lines on stderr', () => {
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe('Creating a namespace federation-system for federation system components... done');
    expect(lines[1]).toBe('Creating federation control plane service... done');
    expect(lines[2]).toBe('Creating federation control plane objects (credentials, persistent volume claim)... done');
    expect(lines[3]).toBe('Creating federation component deployments... done');
    expect(lines[4]).toBe('Updating kubeconfig... done');
    expect(lines[5]).toMatch(/^Waiting for federation control plane to come up\.* done$/);
  });

  it('created every object with the original names', () => {
    const store = emu.cluster('rivendell').store;
    const names = [...emu.cluster('rivendell').snapshot().keys()].filter((k) => k.includes('federation-system')).sort();
    for (const expected of [
      'Service/federation-system/apiserver',
      'Secret/federation-system/apiserver-credentials',
      'Secret/federation-system/controller-manager-kubeconfig',
      'Secret/federation-system/federation-ca',
      'Secret/federation-system/federation-dns-provider.conf',
      'PersistentVolumeClaim/federation-system/apiserver-etcd-claim',
      'Deployment/federation-system/apiserver',
      'Deployment/federation-system/controller-manager',
      'ServiceAccount/federation-system/federation-controller-manager',
      'Role/federation-system/federation-system:federation-controller-manager',
      'RoleBinding/federation-system/federation-system:federation-controller-manager',
    ]) {
      expect(names).toContain(expected);
    }
    const ns = store.get(store.typeFor('v1', 'Namespace')!, undefined, 'federation-system');
    expect(ns?.metadata.annotations?.['federation.alpha.kubernetes.io/federation-name']).toBe('fellowship');
    const cm = store.get(store.typeFor('apps/v1', 'Deployment')!, 'federation-system', 'controller-manager');
    expect(cm?.metadata.annotations).toMatchObject({
      federations: 'fellowship=example.com',
      'dns-provider': 'coredns',
      'dns-zone-name': 'example.com',
      nameserver: '127.0.0.1:30053',
    });
  });

  it('kubectl reaches the federation API server through the new context', async () => {
    const out = await kubectl(['--kubeconfig', kubeconfig, '--context', 'fellowship', 'get', '--raw', '/healthz']);
    expect(out.trim()).toBe('ok');
  });

  it('openssl verifies the server and client certificates against the CA', () => {
    const store = emu.cluster('rivendell').store;
    const secrets = store.typeFor('v1', 'Secret')!;
    const creds = store.get(secrets, 'federation-system', 'apiserver-credentials') as { data?: Record<string, string> };
    const caPath = writeTemp(dir, 'ca.crt', decode(creds, 'ca.crt'));
    const serverPath = writeTemp(dir, 'server.crt', decode(creds, 'server.crt'));
    const cmKubeconfig = yaml.load(decode(store.get(secrets, 'federation-system', 'controller-manager-kubeconfig') as never, 'kubeconfig')) as {
      users: { user: Record<string, string> }[];
    };
    const cmCert = writeTemp(dir, 'cm.crt', Buffer.from(cmKubeconfig.users[0].user['client-certificate-data'], 'base64').toString());
    const local = yaml.load(readFileSync(kubeconfig, 'utf8')) as { users: { name: string; user: Record<string, string> }[] };
    const admin = local.users.find((u) => u.name === 'fellowship')!;
    const adminCert = writeTemp(dir, 'admin.crt', Buffer.from(admin.user['client-certificate-data'], 'base64').toString());
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', caPath, serverPath], { encoding: 'utf8' })).toContain('OK');
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', caPath, cmCert, adminCert], { encoding: 'utf8' })).toMatch(/cm\.crt: OK\n.*admin\.crt: OK/);
  });

  it("the controller manager's kubeconfig Secret authenticates to the federation endpoint", async () => {
    const store = emu.cluster('rivendell').store;
    const text = decode(store.get(store.typeFor('v1', 'Secret')!, 'federation-system', 'controller-manager-kubeconfig') as never, 'kubeconfig');
    const file = writeTemp(dir, 'cm.kubeconfig', text);
    const out = await kubectl(['--kubeconfig', file, '--server', `https://127.0.0.1:${port}`, '--tls-server-name', 'apiserver', 'get', '--raw', '/apis/federation/v1beta1/clusters']);
    expect(JSON.parse(out)).toMatchObject({ kind: 'ClusterList' });
  });

  it('records the host context on the federation context and leaves current-context alone', async () => {
    const view = JSON.parse(await kubectl(['--kubeconfig', kubeconfig, 'config', 'view', '-o', 'json']));
    expect(view['current-context']).toBe('rivendell');
    const ctx = view.contexts.find((c: { name: string }) => c.name === 'fellowship');
    expect(ctx.context.extensions).toEqual([
      { name: 'kubefed', extension: { 'host-context': 'rivendell', 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' } },
    ]);
  });

  it('a re-run converges: everything kept, certificates reused, same final line', async () => {
    const before = readFileSync(kubeconfig, 'utf8');
    const mutationsBefore = emu.cluster('rivendell').mutatingRequests().length;
    const again = await kubefed(initArgs(join(dir, 'coredns-provider.conf'), port, '--timeout=60s', '-o', 'json'), { env: { KUBECONFIG: kubeconfig } });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.certificates).toEqual({ reused: ['ca', 'server', 'controller-manager', 'admin'], generated: [] });
    expect(report.objects.every((o: { action: string }) => o.action === 'kept')).toBe(true);
    expect(emu.cluster('rivendell').mutatingRequests().length).toBe(mutationsBefore);
    expect(readFileSync(kubeconfig, 'utf8')).toBe(before);
  });

  it("a re-run from the federation's own context (no --host-cluster-context) uses the recorded host", async () => {
    await kubectl(['--kubeconfig', kubeconfig, 'config', 'use-context', 'fellowship']);
    const args = initArgs(join(dir, 'coredns-provider.conf'), port, '--timeout=60s', '-o', 'json').filter((a) => a !== '--host-cluster-context=rivendell');
    const again = await kubefed(args, { env: { KUBECONFIG: kubeconfig } });
    await kubectl(['--kubeconfig', kubeconfig, 'config', 'use-context', 'rivendell']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ hostContext: 'rivendell' });
  });

  it('repairs a drifted object on a re-run', async () => {
    const cluster = emu.cluster('rivendell');
    const deployments = cluster.store.typeFor('apps/v1', 'Deployment')!;
    const cm = cluster.store.get(deployments, 'federation-system', 'controller-manager')!;
    delete cm.metadata.annotations!.federations;
    cluster.store.update(deployments, cm);
    const again = await kubefed(initArgs(join(dir, 'coredns-provider.conf'), port, '--timeout=60s', '-o', 'json'), { env: { KUBECONFIG: kubeconfig } });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.objects.filter((o: { action: string }) => o.action === 'repaired')).toEqual([
      { kind: 'Deployment', name: 'controller-manager', action: 'repaired' },
    ]);
    expect(cluster.store.get(deployments, 'federation-system', 'controller-manager')!.metadata.annotations!.federations).toBe('fellowship=example.com');
      });
});
