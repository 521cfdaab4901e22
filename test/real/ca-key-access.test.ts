/**
 * The CA key out of the controller manager's reach, under the real RBAC authorizer: a real
 * kube-apiserver answers the real `kubectl auth can-i` for the controller manager's
 * ServiceAccount before and after a join, and after the unjoin.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COREDNS_CONFIG, freeNodePort, kubefed, kubectl, tempDir, writeTemp } from '../helpers/cli.js';
import { startNodeAgent } from './node-agent/index.js';
import { startRealWorld, type RealWorld } from './world.js';

const NS = 'federation-system';
const CONTROLLER_MANAGER = `system:serviceaccount:${NS}:federation-controller-manager`;

describe("the controller manager's Role on a real API server", () => {
  let world: RealWorld;
  let dir: string;
  let env: Record<string, string>;
  const run = (argv: string[]) => kubefed(argv, { env, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });

  /** `kubectl auth can-i … --as=<the controller manager>`: "yes" or "no" (can-i exits 1 on no). */
  async function canI(...args: string[]): Promise<string> {
    try {
      return (await kubectl(['--context', 'rivendell', 'auth', 'can-i', ...args, '-n', NS, `--as=${CONTROLLER_MANAGER}`], env)).trim();
    } catch (err) {
      const out = (err as { stdout?: string }).stdout;
      if (out === undefined) throw err;
      return out.trim();
    }
  }

  async function memberSecretName(): Promise<string> {
    return (await kubectl(['--context', 'fellowship', 'get', 'clusters', 'gondor', '-o', 'jsonpath={.spec.secretRef.name}'], env)).trim();
  }

  beforeAll(async () => {
    world = await startRealWorld({
      clusters: [{ name: 'rivendell' }, { name: 'gondor' }],
      onClusterReady: (cluster) => startNodeAgent({ cluster, memberDns: cluster.name !== 'rivendell' }),
    });
    dir = tempDir('kubefed-real-ca-key-');
    const kubeconfig = join(dir, 'config');
    world.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    env = { KUBECONFIG: kubeconfig };
    const port = await freeNodePort(world.cluster('rivendell').nodePortRange);
    const conf = writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG);
    const init = await run([
      'init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=coredns', '--dns-zone-name=example.com.',
      `--dns-provider-config=${conf}`, '--api-server-service-type=NodePort', '--api-server-advertise-address=127.0.0.1',
      `--api-server-port=${port}`, '--timeout=120s', '--set-current-context',
    ]);
    if (init.code !== 0) throw new Error(`kubefed init failed (${init.code}): ${init.stderr}`);
  }, 300_000);
  afterAll(async () => {
    await world?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('without members: no Secret of the namespace, federation-ca included', async () => {
    expect(await canI('get', 'secret/federation-ca')).toBe('no');
    expect(await canI('get', 'secret/some-member-abcde')).toBe('no');
    expect(await canI('list', 'secrets')).toBe('no');
  });

  it('after join: the member credentials Secret yes, federation-ca no, listing no', async () => {
    const joined = await run(['join', 'gondor', '--timeout=120s']);
    expect(joined.code, joined.stderr).toBe(0);
    const secret = await memberSecretName();
    expect(secret).not.toBe('');
    expect(await canI('get', `secret/${secret}`)).toBe('yes');
    expect(await canI('get', 'secret/federation-ca')).toBe('no');
    expect(await canI('get', 'secret/controller-manager-kubeconfig')).toBe('no');
    expect(await canI('list', 'secrets')).toBe('no');
    expect(await canI('watch', 'secrets')).toBe('no');
  });

  it('after unjoin: the member credentials Secret no longer either', async () => {
    const secret = await memberSecretName();
    const unjoined = await run(['unjoin', 'gondor', '--timeout=120s']);
    expect(unjoined.code, unjoined.stderr).toBe(0);
    expect(await canI('get', `secret/${secret}`)).toBe('no');
    expect(await canI('get', 'secret/federation-ca')).toBe('no');
  });
});
