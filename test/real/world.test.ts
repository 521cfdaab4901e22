/**
 * The real control plane itself: four clusters (one under a GKE-style context name) answer the
 * real kubectl with the admin identity, enforce RBAC, run their controllers, and leave nothing
 * behind when stopped.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, tempDir } from '../helpers/cli.js';
import { leftovers } from './leftovers.js';
import { delay } from './process-group.js';
import { startRealWorld, type RealWorld } from './world.js';

const GKE_CONTEXT = 'gke_middle-earth_europe-west1-b_isengard';

describe('a world of real clusters', () => {
  let world: RealWorld;
  let env: Record<string, string>;
  let kubeconfig: string;

  beforeAll(async () => {
    world = await startRealWorld({ clusters: [{ name: 'rivendell' }, { name: 'gondor' }, { name: 'rohan' }, { name: 'isengard', context: GKE_CONTEXT }] });
    // A plain line on stdout, so CI logs show how long the control plane takes to start.
    process.stdout.write(`real control plane: ${world.clusters.length} clusters ready in ${world.startupMs} ms\n`);
    kubeconfig = join(tempDir('kubefed-real-kubeconfig-'), 'config');
    world.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    env = { KUBECONFIG: kubeconfig };
  });
  afterAll(async () => {
    await world?.stop();
    if (kubeconfig) rmSync(dirname(kubeconfig), { recursive: true, force: true });
  });

  const contexts = () => world.clusters.map((c) => c.context);

  it('serves every cluster under its context, the GKE-style one included', async () => {
    expect(contexts()).toEqual(['rivendell', 'gondor', 'rohan', GKE_CONTEXT]);
    for (const context of contexts()) {
      const namespaces = await kubectl(['--context', context, 'get', 'ns', '-o', 'name'], env);
      expect(namespaces.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system', 'namespace/kube-public']));
    }
    const current = await kubectl(['config', 'current-context'], env);
    expect(current.trim()).toBe('rivendell');
  });

  it('gives the admin identity everything, through system:masters, under RBAC', async () => {
    for (const context of contexts()) {
      expect((await kubectl(['--context', context, 'auth', 'can-i', '*', '*', '--all-namespaces'], env)).trim()).toBe('yes');
      const whoami = JSON.parse(await kubectl(['--context', context, 'auth', 'whoami', '-o', 'json'], env));
      expect(whoami.status.userInfo.groups).toContain('system:masters');
    }
    // RBAC is on: an identity without bindings is refused (can-i exits 1 and prints "no").
    await expect(kubectl(['--context', 'gondor', 'auth', 'can-i', 'create', 'namespaces', '--as=frodo'], env)).rejects.toMatchObject({ stdout: 'no\n' });
  });

  it('keeps clusters apart: own CA, own objects, disjoint node-port ranges', async () => {
    const cas = new Set(world.clusters.map((c) => c.caPem));
    expect(cas.size).toBe(world.clusters.length);
    await kubectl(['--context', 'gondor', 'create', 'namespace', 'minas-tirith'], env);
    await expect(kubectl(['--context', 'rohan', 'get', 'namespace', 'minas-tirith'], env)).rejects.toMatchObject({ stderr: expect.stringContaining('NotFound') });
    const ranges = world.clusters.map((c) => c.nodePortRange).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
    await kubectl(['--context', 'rohan', 'create', 'service', 'nodeport', 'edoras', '--tcp=80:8080'], env);
    const port = Number(await kubectl(['--context', 'rohan', 'get', 'service', 'edoras', '-o', 'jsonpath={.spec.ports[0].nodePort}'], env));
    const [low, high] = world.cluster('rohan').nodePortRange;
    expect(port).toBeGreaterThanOrEqual(low);
    expect(port).toBeLessThanOrEqual(high);
  });

  it('runs the controllers: root CA publisher, workloads, namespace deletion', async () => {
    const ctx = ['--context', 'rivendell'];
    // The root-ca-certificate-publisher puts the cluster CA into every namespace.
    const ca = await kubectl([...ctx, 'get', 'configmap', 'kube-root-ca.crt', '-n', 'default', '-o', 'jsonpath={.data.ca\\.crt}'], env);
    expect(ca.trim()).toBe(world.cluster('rivendell').caPem.trim());
    // Deployment → ReplicaSet → Pods (which stay Pending: this world has no node of its own).
    await kubectl([...ctx, 'create', 'namespace', 'lothlorien'], env);
    await kubectl([...ctx, '-n', 'lothlorien', 'create', 'deployment', 'mallorn', '--image=registry.k8s.io/pause:3.10', '--replicas=2'], env);
    await eventually(async () => {
      const pods = await kubectl([...ctx, '-n', 'lothlorien', 'get', 'pods', '-l', 'app=mallorn', '-o', 'name'], env);
      expect(pods.trim().split('\n')).toHaveLength(2);
    });
    // The namespace controller empties and removes a deleted namespace.
    await kubectl([...ctx, 'delete', 'namespace', 'lothlorien', '--wait=true', '--timeout=60s'], env);
    await expect(kubectl([...ctx, 'get', 'namespace', 'lothlorien'], env)).rejects.toMatchObject({ stderr: expect.stringContaining('NotFound') });
  });

  it('stops every process and removes its folder', async () => {
    const pids = world.pids();
    // The launcher, etcd, and an API server and controller manager per cluster.
    expect(pids).toHaveLength(2 + 2 * world.clusters.length);
    await world.stop();
    await world.stop(); // idempotent
    expect(await leftovers(pids, world.dir, 1000)).toEqual({ alive: [], mentioning: [] });
    expect(existsSync(world.dir)).toBe(false);
  });
});

async function eventually(check: () => Promise<void>, boundMs = 60_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(500);
    }
  }
}
