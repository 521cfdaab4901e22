import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yaml from 'js-yaml';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';

const KEY_MARKERS = ['PRIVATE KEY', Buffer.from('-----BEGIN RSA PRIVATE KEY').toString('base64').slice(0, 24)];

describe('kubefed init --dry-run', () => {
  let emu: Emulator;
  let kubeconfig: string;
  let conf: string;
  let before: string;

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
    const dir = tempDir();
    kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    before = readFileSync(kubeconfig, 'utf8');
    conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
  });
  afterAll(() => emu?.close());

  it('client: sends no mutating request and prints every object and the kubeconfig entries, redacted', async () => {
    const cluster = emu.cluster('rivendell');
    const run = await kubefed(initArgs(conf, 32000, '--dry-run'), { env: { KUBECONFIG: kubeconfig } });
    expect(run.code).toBe(0);
    expect(cluster.mutatingRequests()).toEqual([]);
    expect(cluster.requests.every((r) => r.method === 'GET')).toBe(true);
    const docs = yaml.loadAll(run.stdout) as { kind: string; metadata: { name: string }; data?: Record<string, string>; users?: { user: Record<string, string> }[] }[];
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/federation-system',
      'Service/apiserver',
      'Secret/apiserver-credentials',
      'Secret/federation-ca',
      'Secret/controller-manager-kubeconfig',
      'PersistentVolumeClaim/apiserver-etcd-claim',
      'Deployment/apiserver',
      'ServiceAccount/federation-controller-manager',
      'Role/federation-system:federation-controller-manager',
      'RoleBinding/federation-system:federation-controller-manager',
      'Secret/federation-dns-provider.conf',
      'Deployment/controller-manager',
      'Config/fellowship',
    ]);
    for (const doc of docs.filter((d) => d.kind === 'Secret')) {
      expect(Object.values(doc.data ?? {}).every((v) => v === '<redacted>')).toBe(true);
    }
    const config = docs.at(-1)!;
    expect(config.users?.[0].user['client-key-data']).toBe('<redacted>');
    for (const marker of KEY_MARKERS) {
      expect(run.stdout).not.toContain(marker);
      expect(run.stderr).not.toContain(marker);
    }
    expect(run.stderr).toContain('Federation control plane runs (dry run)\n');
    expect(readFileSync(kubeconfig, 'utf8')).toBe(before);
  });

  it('client with --show-secrets prints the key material, and -o json prints a List', async () => {
    const run = await kubefed(initArgs(conf, 32000, '--dry-run=client', '--show-secrets', '-o', 'json'), { env: { KUBECONFIG: kubeconfig } });
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { kind: string; items: { kind: string; metadata: { name: string }; data?: Record<string, string> }[] };
    expect(list.kind).toBe('List');
    const creds = list.items.find((i) => i.metadata.name === 'apiserver-credentials')!;
    expect(Buffer.from(creds.data!['server.key'], 'base64').toString()).toContain('BEGIN RSA PRIVATE KEY');
    expect(emu.cluster('rivendell').mutatingRequests()).toEqual([]);
  });

  it('server: NodePort with no --api-server-port into a namespace that does not exist yet', async () => {
    const cluster = emu.cluster('rivendell');
    const args = initArgs(conf, 0, '--dry-run=server').filter((a) => !a.startsWith('--api-server-port'));
    const run = await kubefed(args, { env: { KUBECONFIG: kubeconfig } });
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kind: Deployment');
    expect(cluster.mutatingRequests()).toEqual([]);
  });

  it('server: every write is sent with dryRun=All and nothing is stored', async () => {
    const cluster = emu.cluster('rivendell');
    const seen = cluster.requests.length;
    const run = await kubefed(initArgs(conf, 32001, '--dry-run=server'), { env: { KUBECONFIG: kubeconfig } });
    expect(run.code).toBe(0);
    const writes = cluster.requests.slice(seen).filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((r) => r.dryRun)).toBe(true);
    expect(cluster.mutatingRequests()).toEqual([]);
    expect(cluster.store.get(cluster.store.typeFor('v1', 'Namespace')!, undefined, 'federation-system')).toBeUndefined();
    expect(readFileSync(kubeconfig, 'utf8')).toBe(before);
  });
});
