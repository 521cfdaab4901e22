/**
 * The member's namespace holds the user's data after join: unjoin must keep the namespace and
 * everything in it, whatever the kind, and say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { kubectl, writeTemp } from '../../helpers/cli.js';
import { getObject, startFederation, type Federation } from './federation-fixture.js';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }, { name: 'lothlorien' }, { name: 'isengard' }]);
});
afterAll(async () => fed?.close());

const NS = 'federation-system';

/** A Pod the Job controller made; the emulator stores Jobs but runs no Job controller, so the Job is only named. */
function createJobPod(cluster: string): StoredObject {
  const store = fed.emu.cluster(cluster).store;
  return store.create(store.typeFor('v1', 'Pod')!, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'nightly-report-7d9kq',
      namespace: NS,
      labels: { 'batch.kubernetes.io/job-name': 'nightly-report' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'nightly-report', uid: '5b0c3a52-9a0e-4f57-9d4c-1c8f27c1e0aa', controller: true, blockOwnerDeletion: true }],
    },
    spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] },
  });
}

function expectUntouched(cluster: string, obj: StoredObject): void {
  const now = getObject(fed.emu, cluster, obj.apiVersion, obj.kind, NS, obj.metadata.name);
  expect(now?.metadata.uid).toBe(obj.metadata.uid);
  expect(now?.metadata.deletionTimestamp).toBeUndefined();
}

describe("unjoin of a member whose namespace holds the user's PersistentVolumeClaim", () => {
  let claim: StoredObject;
  let unjoin: Awaited<ReturnType<Federation['run']>>;

  beforeAll(async () => {
    expect((await fed.run(['join', 'gondor'])).code).toBe(0);
    const manifest = writeTemp(fed.dir, 'claim.yaml', `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive
  namespace: ${NS}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`);
    await kubectl(['create', '-f', manifest, '--context', 'gondor'], { KUBECONFIG: fed.kubeconfig });
    await fed.emu.cluster('gondor').settle();
    claim = getObject(fed.emu, 'gondor', 'v1', 'PersistentVolumeClaim', NS, 'archive')!;
    unjoin = await fed.run(['unjoin', 'gondor']);
    await fed.emu.cluster('gondor').settle();
  });

  it('removes what join made and keeps the namespace, saying what it holds', () => {
    expect(unjoin.code).toBe(0);
    expect(unjoin.stdout).toBe('Successfully removed cluster "gondor" from federation\n');
    const lines = unjoin.stderr.trimEnd().split('\n');
    expect(lines.slice(2)).toEqual([
      'configmap "kube-system/kube-dns" deleted',
      'clusterrolebinding "federation-controller-manager:fellowship-gondor-rivendell" deleted',
      'clusterrole "federation-controller-manager:fellowship-gondor-rivendell" deleted',
      'secret "federation-system/gondor-rivendell-token" deleted',
      'serviceaccount "federation-system/gondor-rivendell" deleted',
      'namespace "federation-system" left: it still holds persistentvolumeclaim "archive"',
      'WARNING: left on cluster "gondor": namespace "federation-system" (it still holds persistentvolumeclaim "archive")',
    ]);
  });

  it('leaves the namespace and the claim as they were', () => {
    expect(getObject(fed.emu, 'gondor', 'v1', 'Namespace', undefined, NS)?.metadata.deletionTimestamp).toBeUndefined();
    expectUntouched('gondor', claim);
    expect((getObject(fed.emu, 'gondor', 'v1', 'PersistentVolumeClaim', NS, 'archive')?.status as { phase?: string }).phase).toBe('Bound');
  });
});

describe("unjoin of a member whose namespace holds a Job's pod and the user's Role", () => {
  let pod: StoredObject;
  let role: StoredObject;
  let unjoin: Awaited<ReturnType<Federation['run']>>;

  beforeAll(async () => {
    expect((await fed.run(['join', 'lothlorien'])).code).toBe(0);
    pod = createJobPod('lothlorien');
    const store = fed.emu.cluster('lothlorien').store;
    role = store.create(store.typeFor('rbac.authorization.k8s.io/v1', 'Role')!, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'report-reader', namespace: NS },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    });
    await fed.emu.cluster('lothlorien').settle();
    unjoin = await fed.run(['unjoin', 'lothlorien']);
    await fed.emu.cluster('lothlorien').settle();
  });

  it('keeps the namespace, the pod and the role, naming both', () => {
    expect(unjoin.code).toBe(0);
    expect(unjoin.stderr).toContain('namespace "federation-system" left: it still holds pod "nightly-report-7d9kq", role "report-reader"\n');
    expect(getObject(fed.emu, 'lothlorien', 'v1', 'Namespace', undefined, NS)?.metadata.deletionTimestamp).toBeUndefined();
    expectUntouched('lothlorien', pod);
    expectUntouched('lothlorien', role);
    expect(getObject(fed.emu, 'lothlorien', 'v1', 'ServiceAccount', NS, 'lothlorien-rivendell')).toBeUndefined();
  });
});

describe('unjoin of a member where one type in the namespace cannot be listed', () => {
  it('keeps the namespace, since whether it holds the user\'s objects cannot be told', async () => {
    expect((await fed.run(['join', 'isengard'])).code).toBe(0);
    const cluster = fed.emu.cluster('isengard');
    cluster.faults.add({ method: 'GET', path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, times: Infinity, action: { type: 'status', status: 403 } });
    const unjoin = await fed.run(['unjoin', 'isengard']);
    cluster.faults.clear();
    expect(unjoin.code).toBe(0);
    expect(unjoin.stderr).toMatch(
      /\nnamespace "federation-system" left: whether it holds anything else cannot be told: could not list roles\.rbac\.authorization\.k8s\.io: Error from server \(Forbidden\): .*\n/,
    );
    expect(getObject(fed.emu, 'isengard', 'v1', 'Namespace', undefined, NS)?.metadata.deletionTimestamp).toBeUndefined();
    expect(cluster.mutatingRequests().filter((r) => r.method === 'DELETE' && r.path === `/api/v1/namespaces/${NS}`)).toEqual([]);
  });
});
