/**
 * How long the real tier takes to give a test three working clusters: etcd, three API servers
 * and controller managers, and a node agent on each (a Ready node). The figure is printed, not
 * asserted: timing belongs in reports, not in pass/fail.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { kubectl, tempDir } from '../helpers/cli.js';
import { leftovers } from './leftovers.js';
import { startNodeAgent } from './node-agent/index.js';
import { startRealWorld, type RealWorld } from './world.js';
import { join } from 'node:path';

describe('three real clusters with node agents', () => {
  let world: RealWorld | undefined;
  afterAll(async () => world?.stop());

  it('start, each with a Ready node, and stop leaving nothing behind', async () => {
    world = await startRealWorld({
      clusters: [{ name: 'rivendell' }, { name: 'gondor' }, { name: 'rohan' }],
      onClusterReady: (cluster) => startNodeAgent({ cluster, memberDns: cluster.name !== 'rivendell' }),
    });
    process.stdout.write(`real control plane: ${world.clusters.length} clusters ready in ${world.startupMs} ms\n`);
    const kubeconfig = join(tempDir('kubefed-real-startup-'), 'config');
    world.writeKubeconfig(kubeconfig);
    for (const cluster of world.clusters) {
      const ready = await kubectl(['--context', cluster.context, 'get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'], { KUBECONFIG: kubeconfig });
      expect(ready.trim(), cluster.name).toBe('True');
    }
    const pids = world.pids();
    await world.stop();
    expect(await leftovers(pids, world.dir)).toEqual({ alive: [], mentioning: [] });
  });
});
