import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../helpers/cli.js';
import { comparableSnapshot, federationClusters, getObject, mutationCounts } from '../join/federation-fixture.js';
import { settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

/**
 * Five members: gondor, whose context was renamed after join (found by its server address);
 * harad, whose context was removed from the kubeconfig and whose credentials Secret was removed
 * from the host (no way in); isengard, which is down; mordor, whose context was removed (reached
 * with the credentials join stored on the host, as unjoin does); and the host rivendell itself,
 * whose member objects share the control plane's namespace.
 */
let fx: DestroyFixture;
let haradServer: string;
beforeAll(async () => {
  fx = await startJoinedFederation(['gondor', 'harad', 'isengard', 'mordor', 'rivendell']);
  haradServer = fx.emu.cluster('harad').server;
  const haradSecret = (federationClusters(fx.emu).find((c) => c.metadata.name === 'harad')?.spec as { secretRef: { name: string } }).secretRef.name;
  await kubectl(['config', 'rename-context', 'gondor', 'gondor-admin', '--kubeconfig', fx.kubeconfig]);
  await kubectl(['config', 'delete-context', 'mordor', '--kubeconfig', fx.kubeconfig]);
  await kubectl(['config', 'delete-context', 'harad', '--kubeconfig', fx.kubeconfig]);
  await kubectl(['delete', 'secret', haradSecret, '-n', 'federation-system', '--context', 'rivendell', '--kubeconfig', fx.kubeconfig]);
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
    expect(lines[0]).toBe(`error: cluster "harad": kubeconfig has no context "harad" nor one whose cluster's server is ${haradServer} (and 1 more, below); nothing was deleted`);
    expect(lines[1]).toMatch(/^cannot reach cluster "isengard" \(context "isengard"\): could not reach the API server .*\(ECONNREFUSED\)$/);
    expect(lines.slice(2)).toEqual([
      'Add the missing contexts to the kubeconfig or make the clusters reachable; pass --keep-members to leave what join created on every cluster, or --force to go ahead and leave it on these.',
      '',
    ]);
    expect(withoutIsengard(mutationCounts(fx.emu))).toEqual(withoutIsengard(counts));
    expect(federationClusters(fx.emu).map((c) => c.metadata.name)).toEqual(['gondor', 'harad', 'isengard', 'mordor', 'rivendell']);
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
    expect(lines[0]).toBe('Unjoining 5 clusters from the federation (gondor, harad, isengard, mordor, rivendell)... done');
    const left = (name: string) =>
      `WARNING: left on cluster "${name}": serviceaccount "federation-system/${name}-rivendell", secret "federation-system/${name}-rivendell-token", ` +
      `clusterrole and clusterrolebinding "federation-controller-manager:fellowship-${name}-rivendell", this federation's entries in configmap "kube-system/kube-dns", ` +
      'namespace "federation-system" if join created it';
    expect(lines.slice(1, 3)).toEqual([left('harad'), left('isengard')]);
    expect(lines[3]).toBe('Deleting federation component deployments... done');
  });

  it('cleans the reachable members, the one found by its server address included', () => {
    expect(comparableSnapshot(fx.emu, 'gondor')).toEqual(fx.before.gondor);
  });

  it('cleans the member without a context through the credentials stored on the host', () => {
    expect(comparableSnapshot(fx.emu, 'mordor')).toEqual(fx.before.mordor);
  });

  it("leaves join's objects on the member it has neither a context nor stored credentials for", () => {
    expect(getObject(fx.emu, 'harad', 'v1', 'ServiceAccount', 'federation-system', 'harad-rivendell')).toBeDefined();
  });

  it('leaves the host, also a member, exactly as before init, and stops the federation', () => {
    expect(comparableSnapshot(fx.emu, 'rivendell')).toEqual(fx.before.rivendell);
    expect(fx.emu.cluster('rivendell').federation('federation-system')).toBeUndefined();
  });
});
