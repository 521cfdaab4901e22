import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_LINE } from '../../../src/output/activity.js';
import { comparableSnapshot } from '../join/federation-fixture.js';
import { settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

/**
 * A host that refuses to delete two of the control plane's Secrets, then stops refusing. The
 * first runs keep the data (and so the namespace, which would otherwise take the Secrets along).
 */
let fx: DestroyFixture;
beforeAll(async () => {
  fx = await startJoinedFederation(['gondor']);
});
afterAll(async () => fx?.close());

const forbid = (name: string) => ({
  method: 'DELETE',
  path: `/api/v1/namespaces/federation-system/secrets/${name}`,
  times: Infinity,
  action: { type: 'status' as const, status: 403, message: `secrets "${name}" is forbidden: User "kubernetes-admin" cannot delete resource "secrets"` },
});

describe('errors on the way', () => {
  let result: Awaited<ReturnType<DestroyFixture['run']>>;
  let kubeconfigBefore: string;
  beforeAll(async () => {
    kubeconfigBefore = readFileSync(fx.kubeconfig, 'utf8');
    fx.emu.cluster('rivendell').faults.add(forbid('federation-ca'));
    fx.emu.cluster('rivendell').faults.add(forbid('apiserver-credentials'));
    result = await fx.run(['destroy', 'fellowship', '--yes', '--keep-data']);
    fx.emu.cluster('rivendell').faults.clear();
    await settleAll(fx.emu);
  });

  it('are collected while everything else is deleted; the run exits 1 listing each', () => {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const forbidden = (name: string) =>
      `secret "federation-system/${name}" in the host cluster: Error from server (Forbidden): secrets "${name}" is forbidden: User "kubernetes-admin" cannot delete resource "secrets"`;
    expect(result.stderr).toBe(
      [
        'Unjoining 1 cluster from the federation (gondor)... done',
        'Deleting federation component deployments... done',
        'Deleting federation control plane objects (credentials, persistent volume claim)... failed',
        'Deleting federation control plane service... done',
        'Deleting namespace federation-system... kept',
        'Updating kubeconfig... kept',
        'kubeconfig entries of federation "fellowship" kept so that running kubefed destroy fellowship again finds the federation',
        `error: ${forbidden('federation-ca')}`,
        `error: ${forbidden('apiserver-credentials')}`,
        'error: federation "fellowship" was not completely destroyed (2 errors above)',
        'Fix the cause and run kubefed destroy fellowship again: what was deleted stays deleted.',
        '',
      ].join('\n'),
    );
    expect(readFileSync(fx.kubeconfig, 'utf8')).toBe(kubeconfigBefore);
  });

  it('a re-run with nothing else given deletes what was refused, then removes the kubeconfig entries', async () => {
    const again = await fx.run(['destroy', 'fellowship', '--yes', '--keep-data', '-v']);
    expect(again.code).toBe(0);
    // -v also prints one line per request (a step line they interrupt is written again with its
    // result); the lines of the steps and objects are compared here.
    const requests = again.stderr.split('\n').filter((l) => REQUEST_LINE.test(l));
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((l) => l.startsWith('  DELETE ')).length).toBeGreaterThan(0);
    expect(again.stderr.split('\n').filter((l) => !REQUEST_LINE.test(l) && !l.endsWith('...')).join('\n')).toBe(
      [
        'Unjoining clusters from the federation... already gone',
        'Deleting federation component deployments... already gone',
        '  deployment "federation-system/controller-manager" in the host cluster already gone',
        '  deployment "federation-system/apiserver" in the host cluster already gone',
        '  secret "federation-system/federation-dns-provider.conf" in the host cluster already gone',
        '  rolebinding "federation-system/federation-system:federation-controller-manager" in the host cluster already gone',
        '  role "federation-system/federation-system:federation-controller-manager" in the host cluster already gone',
        '  serviceaccount "federation-system/federation-controller-manager" in the host cluster already gone',
        'Deleting federation control plane objects (credentials, persistent volume claim)... done',
        '  persistentvolumeclaim "federation-system/apiserver-etcd-claim" in the host cluster left: --keep-data',
        '  secret "federation-system/controller-manager-kubeconfig" in the host cluster already gone',
        '  secret "federation-system/federation-ca" in the host cluster deleted',
        '  secret "federation-system/apiserver-credentials" in the host cluster deleted',
        'Deleting federation control plane service... already gone',
        '  service "federation-system/apiserver" in the host cluster already gone',
        'Deleting namespace federation-system... kept',
        '  namespace "federation-system" in the host cluster left: --keep-data keeps the etcd claim in it',
        'Updating kubeconfig... done',
        '  cluster "fellowship" removed',
        '  user "fellowship" removed',
        '  context "fellowship" removed',
        '  current-context "fellowship" removed',
        '',
      ].join('\n'),
    );
  });

  it('and a last one without --keep-data leaves every cluster as before init', async () => {
    const last = await fx.run(['destroy', 'fellowship', '--yes', '--host-cluster-context=rivendell']);
    expect(last.code).toBe(0);
    await settleAll(fx.emu);
    for (const name of ['rivendell', 'gondor']) expect(comparableSnapshot(fx.emu, name), name).toEqual(fx.before[name]);
  });
});
