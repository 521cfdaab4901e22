import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../helpers/cli.js';
import { comparableSnapshot, federationClusters, getObject, mutationCounts } from '../join/federation-fixture.js';
import { settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

/**
 * Four members: gondor, whose context was renamed after join (found by its server address);
 * isengard, which is down; mordor, whose context was removed from the kubeconfig; and the host
 * rivendell itself, whose member objects share the control plane's namespace.
 */
let fx: DestroyFixture;
let mordorServer: string;
beforeAll(async () => {
  fx = await startJoinedFederation(['gondor', 'isengard', 'mordor', 'rivendell']);
  mordorServer = fx.emu.cluster('mordor').server;
  await kubectl(['config', 'rename-context', 'gondor', 'gondor-admin', '--kubeconfig', fx.kubeconfig]);
  await kubectl(['config', 'delete-context', 'mordor', '--kubeconfig', fx.kubeconfig]);
  await (fx.emu.cluster('isengard') as unknown as { close(): Promise<void> }).close();
});
afterAll(async () => fx?.close());

const withoutIsengard = (counts: Record<string, number>): Record<string, number> => {
  const { isengard: _ignored, ...rest } = counts;
  return rest;
};

describe('members that cannot be cleaned up', () => {
  it('stop destroy without --force before anything is deleted, naming each and the way out', async () => {
    const counts = mutationCounts(fx.emu);
    const result = await fx.run(['destroy', 'fellowship', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toMatch(
      /^error: cannot reach cluster "isengard" \(context "isengard"\): could not reach the API server .*\(ECONNREFUSED\) \(and 1 more, below\); nothing was deleted$/,
    );
    expect(lines.slice(1)).toEqual([
      `cluster "mordor": kubeconfig has no context "mordor" nor one whose cluster's server is ${mordorServer}`,
      'Add the missing contexts to the kubeconfig or make the clusters reachable; pass --keep-members to leave what join created on every cluster, or --force to go ahead and leave it on these.',
      '',
    ]);
    expect(withoutIsengard(mutationCounts(fx.emu))).toEqual(withoutIsengard(counts));
    expect(federationClusters(fx.emu).map((c) => c.metadata.name)).toEqual(['gondor', 'isengard', 'mordor', 'rivendell']);
  });
});

describe('destroy --force', () => {
  let result: Awaited<ReturnType<DestroyFixture['run']>>;
  beforeAll(async () => {
    result = await fx.run(['destroy', 'fellowship', '--yes', '--force']);
    await settleAll(fx.emu);
  });

  it('exits 0 and warns about what stays on the clusters it could not clean', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Federation "fellowship" destroyed\n');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('Unjoining 4 clusters from the federation (gondor, isengard, mordor, rivendell)... done');
    const left = (name: string) =>
      `WARNING: left on cluster "${name}": serviceaccount "federation-system/${name}-rivendell", secret "federation-system/${name}-rivendell-token", ` +
      `clusterrole and clusterrolebinding "federation-controller-manager:fellowship-${name}-rivendell", this federation's entries in configmap "kube-system/kube-dns", ` +
      'namespace "federation-system" if join created it';
    expect(lines.slice(1, 3)).toEqual([left('isengard'), left('mordor')]);
    expect(lines[3]).toBe('Deleting federation component deployments... done');
  });

  it('cleans the reachable members, the one found by its server address included', () => {
    expect(comparableSnapshot(fx.emu, 'gondor')).toEqual(fx.before.gondor);
  });

  it('leaves join\'s objects on the member it has no context for', () => {
    expect(getObject(fx.emu, 'mordor', 'v1', 'ServiceAccount', 'federation-system', 'mordor-rivendell')).toBeDefined();
  });

  it('leaves the host, also a member, exactly as before init, and stops the federation', () => {
    expect(comparableSnapshot(fx.emu, 'rivendell')).toEqual(fx.before.rivendell);
    expect(fx.emu.cluster('rivendell').federation('federation-system')).toBeUndefined();
  });
});
