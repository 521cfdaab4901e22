import { describe, expect, it } from 'vitest';
import { runHostStep, type HostRunContext } from '../../../src/destroy/host-side.js';
import type { HostStep } from '../../../src/destroy/plan.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../../../src/k8s/types.js';
import { fakeClient, type FakeClient } from '../../helpers/fake-client.js';

const FED = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' };
const NS_REF: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: 'federation-system' };
const inNs = (apiVersion: string, kind: string, name: string, extra: Partial<K8sObject> = {}, meta: Record<string, unknown> = {}): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'federation-system', ...meta },
  ...extra,
});
const NAMESPACE: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system', annotations: FED } };
const NAMESPACE_STEP: HostStep = { step: 'namespace', title: 'Deleting namespace federation-system', decisions: [{ ref: NS_REF, action: 'delete' }] };

/** A clock that only moves when slept on, so waits end without real time passing. */
function context(host: ClusterClient, extra: Partial<HostRunContext> = {}): HostRunContext & { ticks: number } {
  let now = 1_000_000;
  const ctx = {
    host,
    federationName: 'fellowship',
    deadline: now + 3_000,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    ticks: 0,
    onTick: () => {
      ctx.ticks++;
    },
    ...extra,
  };
  return ctx;
}

describe('runHostStep: the namespace', () => {
  it('is deleted when only our objects and what controllers made are left in it', async () => {
    const host = fakeClient('rivendell', [
      NAMESPACE,
      inNs('v1', 'ServiceAccount', 'default'),
      inNs('v1', 'ConfigMap', 'kube-root-ca.crt'),
      inNs('v1', 'Secret', 'default-token-abcde', { type: 'kubernetes.io/service-account-token' }, { annotations: { 'kubernetes.io/service-account.name': 'default' } }),
      // Our controller manager's token from a cluster before 1.24; its ServiceAccount was deleted a moment ago.
      inNs('v1', 'Secret', 'federation-controller-manager-token-x2x4z', { type: 'kubernetes.io/service-account-token' }, {
        annotations: { 'kubernetes.io/service-account.name': 'federation-controller-manager' },
      }),
      // What the deleted apiserver Deployment owned, still being collected.
      inNs('apps/v1', 'ReplicaSet', 'apiserver-5d8f', {}, { uid: 'rs-1', ownerReferences: [{ kind: 'Deployment', name: 'apiserver', uid: 'deploy-1' }] }),
      inNs('v1', 'Pod', 'apiserver-5d8f-xyz', {}, { uid: 'pod-1', ownerReferences: [{ kind: 'ReplicaSet', name: 'apiserver-5d8f', uid: 'rs-1' }] }),
      inNs('v1', 'Endpoints', 'apiserver'),
      inNs('v1', 'Event', 'apiserver-5d8f-xyz.1'),
      inNs('v1', 'PersistentVolumeClaim', 'apiserver-etcd-claim', {}, { deletionTimestamp: '2026-01-02T03:04:05Z' }),
      inNs('v1', 'Secret', 'rivendell-rivendell-token', {}, { annotations: FED }),
    ]);
    const deleted = [
      { kind: 'Deployment', name: 'apiserver', uid: 'deploy-1' },
      { kind: 'Service', name: 'apiserver', uid: 'svc-1' },
      { kind: 'ServiceAccount', name: 'federation-controller-manager', uid: 'sa-1' },
    ];
    const record = await runHostStep(NAMESPACE_STEP, context(host, { deleted }));
    expect(host.writes).toEqual(['DELETE Namespace//federation-system']);
    expect(record.removals).toEqual([{ where: 'host', ref: NS_REF, result: 'deleted' }]);
    expect(record.lines).toEqual(['namespace "federation-system" in the host cluster deleted']);
    expect(record.errors).toEqual([]);
    expect(record.warnings).toEqual([]);
  });

  it("is left, with a warning, while it holds an object of the user's", async () => {
    const host = fakeClient('rivendell', [NAMESPACE, inNs('apps/v1', 'Deployment', 'my-app')]);
    const record = await runHostStep(NAMESPACE_STEP, context(host));
    expect(host.writes).toEqual([]);
    expect(record.removals).toEqual([{ where: 'host', ref: NS_REF, result: 'left', note: 'it still holds deployment "my-app", which kubefed did not create' }]);
    expect(record.warnings).toEqual(['left namespace "federation-system" in the host cluster alone: it still holds deployment "my-app", which kubefed did not create']);
  });

  it("is left while it holds a Job's pod (owned, but not by anything of ours), naming it", async () => {
    const jobPod = inNs('v1', 'Pod', 'nightly-report-7d9kq', {}, { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'nightly-report', uid: 'job-1', controller: true }] });
    const host = fakeClient('rivendell', [NAMESPACE, jobPod]);
    const record = await runHostStep(NAMESPACE_STEP, context(host));
    expect(host.writes).toEqual([]);
    expect(record.warnings).toEqual(['left namespace "federation-system" in the host cluster alone: it still holds pod "nightly-report-7d9kq", which kubefed did not create']);
  });

  it('is left, naming the first three, while it holds several objects of kinds nobody listed in advance', async () => {
    const host = fakeClient('rivendell', [
      NAMESPACE,
      inNs('v1', 'PersistentVolumeClaim', 'reports'),
      inNs('rbac.authorization.k8s.io/v1', 'Role', 'report-reader'),
      inNs('apps/v1', 'ReplicaSet', 'worker'),
      inNs('v1', 'Endpoints', 'external-db'),
      inNs('v1', 'Secret', 'shire-gondor-x1y2z', {}, { annotations: { 'federation.alpha.kubernetes.io/federation-name': 'shire' } }),
    ]);
    const record = await runHostStep(NAMESPACE_STEP, context(host));
    expect(host.writes).toEqual([]);
    expect(record.removals).toEqual([
      {
        where: 'host',
        ref: NS_REF,
        result: 'left',
        note: 'it still holds endpoints "external-db", persistentvolumeclaim "reports", secret "shire-gondor-x1y2z" and 2 more, which kubefed did not create',
      },
    ]);
  });

  it('is left when one of the types cannot be listed: whether it holds more cannot be told', async () => {
    const base = fakeClient('rivendell', [NAMESPACE]);
    const forbidden: FakeClient = {
      ...base,
      list: async (apiVersion, kind, o) => {
        if (kind === 'Role') throw new KubeApiError(403, 'roles.rbac.authorization.k8s.io is forbidden: User "frodo" cannot list resource "roles"', { reason: 'Forbidden' });
        return base.list(apiVersion, kind, o);
      },
    };
    const record = await runHostStep(NAMESPACE_STEP, context(forbidden));
    expect(base.writes).toEqual([]);
    expect(record.errors).toEqual([]);
    expect(record.warnings).toEqual([
      'left namespace "federation-system" in the host cluster alone: whether it holds anything else cannot be told: could not list roles.rbac.authorization.k8s.io: ' +
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User "frodo" cannot list resource "roles"',
    ]);
  });

  it('is waited for, bounded, with a diagnosis when it does not go away', async () => {
    const base = fakeClient('rivendell', [NAMESPACE]);
    const stuck: FakeClient = {
      ...base,
      delete: async (ref) => {
        const ns = base.objects.get('Namespace//federation-system') as K8sObject;
        base.objects.set('Namespace//federation-system', {
          ...ns,
          metadata: { ...ns.metadata, deletionTimestamp: '2026-01-02T03:04:05Z' },
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Terminating', conditions: [{ type: 'NamespaceContentRemaining', status: 'True', message: 'Some resources are remaining: pods. has 1 resource instances' }] },
        });
        return ref.kind === 'Namespace' ? 'deleted' : 'not-found';
      },
    };
    const ctx = context(stuck);
    const record = await runHostStep(NAMESPACE_STEP, ctx);
    expect(record.timedOut).toEqual({
      message: 'timed out waiting for namespace "federation-system" to be deleted',
      diagnosis: ['namespace "federation-system" is Terminating (finalizers: kubernetes)', 'NamespaceContentRemaining: Some resources are remaining: pods. has 1 resource instances'],
    });
    expect(ctx.ticks).toBe(3);
  });

  it('is neither checked for emptiness nor waited for in a client dry run', async () => {
    const host = fakeClient('rivendell', [NAMESPACE, inNs('v1', 'ConfigMap', 'ours', {}, { annotations: FED })]);
    const record = await runHostStep(NAMESPACE_STEP, context(host, { dryRun: 'client' }));
    expect(host.writes).toEqual([]);
    expect(record.removals).toEqual([{ where: 'host', ref: NS_REF, result: 'would be deleted' }]);
  });
});

describe('runHostStep: other objects', () => {
  const ref = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Secret', name, namespace: 'federation-system' });
  const STEP: HostStep = {
    step: 'credentials',
    title: 'Deleting federation control plane objects (credentials, persistent volume claim)',
    decisions: [
      { ref: ref('controller-manager-kubeconfig'), action: 'delete' },
      { ref: ref('federation-ca'), action: 'delete' },
      { ref: ref('apiserver-credentials'), action: 'gone' },
      { ref: ref('theirs'), action: 'foreign', note: 'it belongs to federation "shire"' },
      { ref: { ...ref('apiserver-etcd-claim'), kind: 'PersistentVolumeClaim' }, action: 'keep', note: '--keep-data' },
    ],
  };

  it('collects a failed delete and goes on with the next object', async () => {
    const base = fakeClient('rivendell', [inNs('v1', 'Secret', 'controller-manager-kubeconfig'), inNs('v1', 'Secret', 'federation-ca')]);
    const failing: FakeClient = {
      ...base,
      delete: async (r, o) => {
        if (r.name === 'controller-manager-kubeconfig') throw new KubeApiError(403, 'secrets "controller-manager-kubeconfig" is forbidden: User "frodo" cannot delete resource', { reason: 'Forbidden' });
        return base.delete(r, o);
      },
    };
    const record = await runHostStep(STEP, context(failing));
    expect(base.writes).toEqual(['DELETE Secret/federation-system/federation-ca']);
    expect(record.errors).toEqual([
      'secret "federation-system/controller-manager-kubeconfig" in the host cluster: Error from server (Forbidden): secrets "controller-manager-kubeconfig" is forbidden: User "frodo" cannot delete resource',
    ]);
    expect(record.lines).toEqual([
      'secret "federation-system/controller-manager-kubeconfig" in the host cluster failed: Error from server (Forbidden): secrets "controller-manager-kubeconfig" is forbidden: User "frodo" cannot delete resource',
      'secret "federation-system/federation-ca" in the host cluster deleted',
      'secret "federation-system/apiserver-credentials" in the host cluster already gone',
      'secret "federation-system/theirs" in the host cluster left: it belongs to federation "shire"',
      'persistentvolumeclaim "federation-system/apiserver-etcd-claim" in the host cluster left: --keep-data',
    ]);
    expect(record.warnings).toEqual(['left secret "federation-system/theirs" in the host cluster alone: it belongs to federation "shire"']);
  });
});

describe('runHostStep: a claim destroy deleted, still terminating', () => {
  const CLAIM = inNs('v1', 'PersistentVolumeClaim', 'apiserver-etcd-claim', {}, { annotations: FED, deletionTimestamp: '2026-01-02T03:04:05Z', finalizers: ['kubernetes.io/pvc-protection'] });
  const deleted = [{ kind: 'PersistentVolumeClaim', name: 'apiserver-etcd-claim', uid: 'pvc-1' }];

  it('is waited for until it is released, before the namespace check reads anything', async () => {
    const host = fakeClient('rivendell', [NAMESPACE, CLAIM]);
    const get = host.get.bind(host);
    let reads = 0;
    // The pvc-protection controller releases the claim after the third look.
    host.get = async (ref) => {
      if (ref.kind === 'PersistentVolumeClaim' && ++reads === 3) host.objects.delete('PersistentVolumeClaim/federation-system/apiserver-etcd-claim');
      return get(ref);
    };
    const ctx = context(host, { deleted, deadline: 1_000_000 + 600_000 });
    const record = await runHostStep(NAMESPACE_STEP, ctx);
    const firstList = host.calls.findIndex((c) => c.startsWith('list '));
    const claimReads = host.calls.map((c, i) => [c, i] as const).filter(([c]) => c === 'get PersistentVolumeClaim/federation-system/apiserver-etcd-claim');
    expect(claimReads).toHaveLength(3);
    expect(claimReads.every(([, i]) => i < firstList)).toBe(true);
    expect(ctx.ticks).toBe(2);
    expect(record.removals).toEqual([{ where: 'host', ref: NS_REF, result: 'deleted' }]);
  });

  it('past the 30 s wait the check goes on, and counts the claim as ours', async () => {
    const host = fakeClient('rivendell', [NAMESPACE, CLAIM]);
    const start = 1_000_000;
    const ctx = context(host, { deleted, deadline: start + 600_000 });
    const record = await runHostStep(NAMESPACE_STEP, ctx);
    // The fake clock moves only by sleeping: the claim wait slept its 30 s (the namespace, deleted
    // at once by the fake, needed no wait), not the 10 minutes left before the deadline.
    expect(ctx.now() - start).toBe(30_000);
    expect(host.calls.filter((c) => c.startsWith('list ')).length).toBeGreaterThan(0);
    expect(record.removals).toEqual([{ where: 'host', ref: NS_REF, result: 'deleted' }]);
    expect(record.warnings).toEqual([]);
  });

  it('a dry run does not wait', async () => {
    const host = fakeClient('rivendell', [NAMESPACE, CLAIM]);
    await runHostStep(NAMESPACE_STEP, context(host, { deleted, dryRun: 'client' }));
    expect(host.calls.filter((c) => c.startsWith('get PersistentVolumeClaim'))).toEqual([]);
  });
});
