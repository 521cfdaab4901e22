/**
 * The user put their own objects into the federation's namespace on the host and into the
 * member's namespace join created: destroy removes the control plane and keeps both namespaces,
 * with everything of the user's in them, naming what keeps them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { comparableSnapshot, getObject } from '../join/federation-fixture.js';
import { settleAll, startJoinedFederation, type DestroyFixture } from './destroy-fixture.js';

const NS = 'federation-system';

let fx: DestroyFixture;
let result: Awaited<ReturnType<DestroyFixture['run']>>;
const users: Record<string, StoredObject[]> = { rivendell: [], gondor: [] };

function create(cluster: string, obj: StoredObject): void {
  const store = fx.emu.cluster(cluster).store;
  users[cluster].push(store.create(store.typeFor(obj.apiVersion, obj.kind)!, obj));
}

const claim = (name: string): StoredObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: NS },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

beforeAll(async () => {
  fx = await startJoinedFederation(['gondor']);
  // A Pod of the user's Job: owned, but by nothing of kubefed's (the emulator serves no batch/v1, so the Job is only named).
  create('rivendell', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'nightly-report-7d9kq',
      namespace: NS,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'nightly-report', uid: '5b0c3a52-9a0e-4f57-9d4c-1c8f27c1e0aa', controller: true }],
    },
    spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] },
  });
  create('rivendell', claim('reports'));
  create('rivendell', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'report-reader', namespace: NS },
    rules: [{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get'] }],
  });
  create('gondor', claim('archive'));
  await settleAll(fx.emu);
  result = await fx.run(['destroy', 'fellowship', '--yes']);
  await settleAll(fx.emu);
});
afterAll(async () => fx?.close());

describe("destroy with the user's objects in the federation's namespaces", () => {
  it('exits 0, keeping both namespaces and naming what keeps them', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Federation "fellowship" destroyed\n');
    expect(result.stderr).toBe(
      [
        'Unjoining 1 cluster from the federation (gondor)... done',
        'WARNING: left on cluster "gondor": namespace "federation-system" (it still holds persistentvolumeclaim "archive")',
        'Deleting federation component deployments... done',
        'Deleting federation control plane objects (credentials, persistent volume claim)... done',
        'Deleting federation control plane service... done',
        'Deleting namespace federation-system... kept',
        // In the order of the server's discovery: kube-apiserver lists core resources alphabetically.
        'WARNING: left namespace "federation-system" in the host cluster alone: ' +
          'it still holds persistentvolumeclaim "reports", pod "nightly-report-7d9kq", role "report-reader", which kubefed did not create',
        'Updating kubeconfig... done',
        '',
      ].join('\n'),
    );
  });

  it("leaves every object of the user's as it was", () => {
    for (const [cluster, objects] of Object.entries(users)) {
      for (const obj of objects) {
        const now = getObject(fx.emu, cluster, obj.apiVersion, obj.kind, NS, obj.metadata.name);
        expect(now?.metadata.uid, `${cluster} ${obj.kind}/${obj.metadata.name}`).toBe(obj.metadata.uid);
        expect(now?.metadata.deletionTimestamp).toBeUndefined();
      }
      expect(getObject(fx.emu, cluster, 'v1', 'Namespace', undefined, NS)?.metadata.deletionTimestamp).toBeUndefined();
    }
  });

  it('removes everything else of the control plane from the host', () => {
    const added = Object.keys(comparableSnapshot(fx.emu, 'rivendell')).filter((key) => !(key in fx.before.rivendell) && !key.startsWith('PersistentVolume//'));
    expect(added.sort()).toEqual(
      [
        'ConfigMap/federation-system/kube-root-ca.crt',
        'Namespace//federation-system',
        'PersistentVolumeClaim/federation-system/reports',
        'Pod/federation-system/nightly-report-7d9kq',
        'Role/federation-system/report-reader',
        'ServiceAccount/federation-system/default',
      ].sort(),
    );
    expect(fx.emu.cluster('rivendell').federation(NS)).toBeUndefined();
  });
});
