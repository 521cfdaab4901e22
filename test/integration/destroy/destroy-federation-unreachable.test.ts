import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../helpers/cli.js';
import { comparableSnapshot, getObject, mutationCounts } from '../join/federation-fixture.js';
import { settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

/**
 * One member joined; then the federation's kubeconfig cluster is pointed at a closed port (the
 * record on its context stays), and the user has put a ConfigMap of their own into the
 * federation's namespace.
 */
let fx: DestroyFixture;
beforeAll(async () => {
  fx = await startJoinedFederation(['gondor']);
  await kubectl(['config', 'set-cluster', 'fellowship', '--server=https://127.0.0.1:1', '--kubeconfig', fx.kubeconfig]);
  const store = fx.emu.cluster('rivendell').store;
  store.create(store.typeFor('v1', 'ConfigMap')!, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', namespace: 'federation-system' }, data: { owner: 'me' } });
  await settleAll(fx.emu);
});
afterAll(async () => fx?.close());

describe('a federation API server that cannot be reached', () => {
  it('stops destroy without --force, with nothing deleted', async () => {
    const counts = mutationCounts(fx.emu);
    const result = await fx.run(['destroy', 'fellowship', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [first, ...rest] = result.stderr.split('\n');
    expect(first).toMatch(/^error: cannot reach the federation API server \(context "fellowship"\): could not reach the API server .*\(ECONNREFUSED\); nothing was deleted$/);
    expect(rest).toEqual([
      "Without it the federation's clusters cannot be listed and unjoined. Pass --force to delete the control plane anyway, leaving what join created on the clusters.",
      '',
    ]);
    expect(mutationCounts(fx.emu)).toEqual(counts);
  });

  it('asks on a terminal without a cluster count when --force goes on without it', async () => {
    const asked: string[] = [];
    const result = await fx.run(['destroy', 'fellowship', '--force'], { interactive: true, prompt: async (q) => (asked.push(q), '') });
    expect(result.code).toBe(1);
    expect(asked).toEqual([
      'Destroy federation "fellowship" in namespace federation-system of context rivendell, without unjoining its clusters (the federation API server cannot be reached)? [y/N] ',
    ]);
  });
});

describe('destroy --force --yes', () => {
  let result: Awaited<ReturnType<DestroyFixture['run']>>;
  beforeAll(async () => {
    result = await fx.run(['destroy', 'fellowship', '--yes', '--force']);
    await settleAll(fx.emu);
  });

  it("deletes the control plane, warns about the members and about the namespace that holds the user's ConfigMap", () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Federation "fellowship" destroyed\n');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('Unjoining clusters from the federation... skipped');
    expect(lines[1]).toMatch(
      /^WARNING: cannot reach the federation API server \(context "fellowship"\): could not reach the API server .*; what join created on the clusters stays$/,
    );
    expect(lines.slice(2)).toEqual([
      'Deleting federation component deployments... done',
      'Deleting federation control plane objects (credentials, persistent volume claim)... done',
      'Deleting federation control plane service... done',
      'Deleting namespace federation-system... kept',
      'WARNING: left namespace "federation-system" in the host cluster alone: it still holds configmap "notes", which kubefed did not create',
      'Updating kubeconfig... done',
      '',
    ]);
  });

  it("deletes join's credentials Secret on the host with the rest, and keeps the user's ConfigMap", () => {
    const left = Object.keys(comparableSnapshot(fx.emu, 'rivendell')).filter((key) => !(key in fx.before.rivendell));
    expect(left.sort()).toEqual([
      'ConfigMap/federation-system/kube-root-ca.crt',
      'ConfigMap/federation-system/notes',
      'Namespace//federation-system',
      'ServiceAccount/federation-system/default',
    ]);
    expect(getObject(fx.emu, 'rivendell', 'v1', 'ConfigMap', 'federation-system', 'notes')?.data).toEqual({ owner: 'me' });
  });

  it('leaves the member as join made it', () => {
    expect(getObject(fx.emu, 'gondor', 'v1', 'ServiceAccount', 'federation-system', 'gondor-rivendell')).toBeDefined();
    expect(getObject(fx.emu, 'gondor', 'rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'federation-controller-manager:fellowship-gondor-rivendell')).toBeDefined();
  });

  it('removed the federation context that pointed at the unreachable server', async () => {
    const contexts = await kubectl(['config', 'get-contexts', '-o', 'name', '--kubeconfig', fx.kubeconfig]);
    expect(contexts.trim().split('\n').sort()).toEqual(['gondor', 'rivendell']);
  });
});
