/**
 * kubectl's connection overrides: `kubefed join` reaches the federation API server with
 * `--server`, `--token` and `--certificate-authority` when the kubeconfig has no context for it
 * (as `kubectl --server=… --token=…` works without one), and never prints the token.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { federationClusters } from './federation-fixture.js';

interface Entry {
  name: string;
  cluster?: { server: string; 'certificate-authority-data': string };
  user?: { token?: string };
}

let emu: Emulator;
let dir: string;
let kubeconfig: string;
let server: string;
let token: string;
let caFile: string;
const run = (argv: string[]) => kubefed(argv, { env: { KUBECONFIG: kubeconfig } });

beforeAll(async () => {
  emu = await startEmulator([{ name: 'rivendell' }, { name: 'gondor' }]);
  dir = tempDir('kubefed-overrides-');
  kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
  const init = await run(initArgs(conf, await freeNodePort(), '--apiserver-enable-token-auth=true', '--timeout=60s'));
  if (init.code !== 0) throw new Error(`kubefed init failed (${init.code}): ${init.stderr}`);
  // Take the federation's address, CA and token, then every trace of its context out of the
  // kubeconfig: no context reaches the federation API server, and there is no current context.
  const doc = yaml.load(readFileSync(kubeconfig, 'utf8')) as Record<string, Entry[] | string>;
  const cluster = (doc.clusters as Entry[]).find((c) => c.name === 'fellowship')?.cluster;
  const user = (doc.users as Entry[]).find((u) => u.name === 'fellowship')?.user;
  if (!cluster || !user?.token) throw new Error('init wrote no fellowship cluster with a token user');
  server = cluster.server;
  token = user.token;
  caFile = writeTemp(dir, 'federation-ca.crt', Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'));
  for (const list of ['clusters', 'users', 'contexts']) doc[list] = (doc[list] as Entry[]).filter((e) => e.name !== 'fellowship');
  doc['current-context'] = '';
  writeFileSync(kubeconfig, yaml.dump(doc, { lineWidth: -1 }));
}, 120_000);
afterAll(async () => emu?.close());

describe('join with --server and --token, and no context for the federation API server', () => {
  it('a token the federation API server does not know is refused (exit 1), and neither token is printed', async () => {
    const wrong = 'not-the-federation-token-5e1f';
    const join = await run(['join', 'gondor', '--host-cluster-context=rivendell', `--server=${server}`, `--token=${wrong}`, `--certificate-authority=${caFile}`]);
    expect(join.code).toBe(1);
    expect(join.stderr).toMatch(/Unauthorized|credentials/);
    expect(`${join.stdout}${join.stderr}`).not.toContain(wrong);
    expect(`${join.stdout}${join.stderr}`).not.toContain(token);
    expect(federationClusters(emu)).toEqual([]);
  });

  it('joins the cluster with the right token, and never prints it', async () => {
    const join = await run(['join', 'gondor', '--host-cluster-context=rivendell', `--server=${server}`, `--token=${token}`, `--certificate-authority=${caFile}`]);
    expect(join.code, join.stderr).toBe(0);
    expect(join.stdout).toBe('cluster "gondor" created\n');
    expect(`${join.stdout}${join.stderr}`).not.toContain(token);
    expect(federationClusters(emu).map((c) => c.metadata.name)).toEqual(['gondor']);
  });

  it('unjoin takes the same flags', async () => {
    const unjoin = await run(['unjoin', 'gondor', '--host-cluster-context=rivendell', `--server=${server}`, `--token=${token}`, '--insecure-skip-tls-verify']);
    expect(unjoin.code, unjoin.stderr).toBe(0);
    expect(unjoin.stdout).toBe('Successfully removed cluster "gondor" from federation\n');
    expect(`${unjoin.stdout}${unjoin.stderr}`).not.toContain(token);
    expect(federationClusters(emu)).toEqual([]);
  });

  it('without --server there is nothing to reach: exit 2 naming the flags, nothing sent', async () => {
    const before = emu.clusters.map((c) => c.mutatingRequests().length);
    const join = await run(['join', 'gondor', '--host-cluster-context=rivendell', `--token=${token}`]);
    expect({ code: join.code, stdout: join.stdout, stderr: join.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: no current context in kubeconfig; pass --context, or the server to --server\n',
    });
    expect(emu.clusters.map((c) => c.mutatingRequests().length)).toEqual(before);
  });

  it('a bad --insecure-skip-tls-verify value is a usage error that does not echo the token', async () => {
    const join = await run(['join', 'gondor', '--host-cluster-context=rivendell', `--server=${server}`, `--token=${token}`, '--insecure-skip-tls-verify=maybe']);
    expect(join.code).toBe(2);
    expect(join.stderr).toBe('error: --insecure-skip-tls-verify takes true or false, e.g. --insecure-skip-tls-verify=true; got "maybe"\n');
  });
});
