import { spawn } from 'node:child_process';
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
    ]);
    for (const doc of docs.filter((d) => d.kind === 'Secret')) {
      expect(Object.values(doc.data ?? {}).every((v) => v === '<redacted>')).toBe(true);
    }
    // The kubeconfig preview is for the reader, on stderr, after a line naming the file.
    const [, preview] = run.stderr.split(`Kubeconfig entries that would be written to ${kubeconfig}:\n`);
    const config = yaml.load(preview.slice(0, preview.indexOf('Federation control plane runs'))) as (typeof docs)[number];
    expect(config.kind).toBe('Config');
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
    expect(list.items.map((i) => i.kind)).not.toContain('Config');
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

  /** kubectl is the judge: what `--dry-run -o yaml|json` prints on stdout is a manifest stream it creates from. */
  async function kubectlCreate(manifests: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--context', 'rivendell', 'create', '--dry-run=client', '-o', 'name', ...extra, '-f', '-'], {
      env: { PATH: process.env.PATH ?? '', HOME: tempDir() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(manifests);
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    return { code, stdout, stderr };
  }

  it.each(['yaml', 'json'])('client -o %s piped into kubectl create --dry-run=client -f - succeeds, every object accepted', async (format) => {
    const run = await kubefed(initArgs(conf, 32002, '--dry-run', '-o', format), { env: { KUBECONFIG: kubeconfig } });
    expect(run.code).toBe(0);
    // kubectl checks a List document against /openapi/v2, which the emulator does not serve (it
    // serves v3 only): the JSON List is checked without schema validation; the YAML stream, the
    // same objects one per document, with it.
    const created = await kubectlCreate(run.stdout, ...(format === 'json' ? ['--validate=false'] : []));
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout.trim().split('\n')).toEqual([
      'namespace/federation-system',
      'service/apiserver',
      'secret/apiserver-credentials',
      'secret/federation-ca',
      'secret/controller-manager-kubeconfig',
      'persistentvolumeclaim/apiserver-etcd-claim',
      'deployment.apps/apiserver',
      'serviceaccount/federation-controller-manager',
      'role.rbac.authorization.k8s.io/federation-system:federation-controller-manager',
      'rolebinding.rbac.authorization.k8s.io/federation-system:federation-controller-manager',
      'secret/federation-dns-provider.conf',
      'deployment.apps/controller-manager',
    ]);
    expect(emu.cluster('rivendell').mutatingRequests()).toEqual([]);
  });
});
