import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../contracts.js';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { adminCall, createAll, httpsCall, initObjects, makeFederationPki, podsOf, type FederationPki } from './helpers.js';

const NS = 'federation-system';

function containerStatus(pod: StoredObject, name: string): any {
  return (pod.status as { containerStatuses: { name: string }[] }).containerStatuses.find((c) => c.name === name);
}

function eventsOf(cluster: EmulatedCluster, ns: string, name: string): string[] {
  const evType = cluster.store.typeFor('v1', 'Event')!;
  return cluster.store
    .list(evType, ns)
    .filter((ev) => (ev.involvedObject as { name: string }).name === name)
    .map((ev) => `${ev.type} ${ev.reason}: ${ev.message}`);
}

const CLUSTER_OBJECT = {
  apiVersion: 'federation/v1beta1',
  kind: 'Cluster',
  metadata: { name: 'gondor' },
  spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: 'https://127.0.0.1:6443' }], secretRef: { name: 'gondor' } },
};

describe('how the emulated control plane depends on what was created', () => {
  let emulator: Emulator;
  let pki: FederationPki;

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'persist' }, { name: 'wrong-creds' }, { name: 'no-sa' }, { name: 'no-etcd' }]);
    pki = await makeFederationPki(['127.0.0.1']);
  });
  afterAll(() => emulator?.close());

  it('keeps the federation data across an API server pod restart while the etcd claim exists', async () => {
    const cluster = emulator.cluster('persist');
    await createAll(cluster, initObjects(pki, { token: 'tok' }));
    await cluster.settle();
    const before = cluster.federation(NS)!;
    const created = await httpsCall(`${before.url}/apis/federation/v1beta1/clusters`, 'POST', { ca: pki.ca.certPem, token: 'tok', servername: 'apiserver' }, CLUSTER_OBJECT);
    expect(created.status).toBe(201);

    await adminCall(cluster, 'DELETE', `/api/v1/namespaces/${NS}/pods/${podsOf(cluster, NS, 'apiserver')[0].metadata.name}`);
    await cluster.settle();
    const after = cluster.federation(NS)!;
    expect(after.url).not.toBe(before.url);
    const list = await httpsCall(`${after.url}/apis/federation/v1beta1/clusters`, 'GET', { ca: pki.ca.certPem, token: 'tok', servername: 'apiserver' });
    expect(list.json().items.map((c: any) => c.metadata.name)).toEqual(['gondor']);
  });

  it('crashes the controller manager when its kubeconfig credentials are not accepted', async () => {
    const cluster = emulator.cluster('wrong-creds');
    const stranger = await makeFederationPki(['127.0.0.1']);
    // The controller manager's client certificate comes from another CA than the API server trusts.
    await createAll(cluster, initObjects({ ...pki, controllerManager: stranger.controllerManager }));
    await cluster.settle();
    const [cm] = podsOf(cluster, NS, 'controller-manager');
    const status = containerStatus(cm, 'controller-manager');
    expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(status.lastState.terminated).toMatchObject({ exitCode: 255, message: 'Failed to list *v1beta1.Cluster: Unauthorized' });
    const [apiserver] = podsOf(cluster, NS, 'apiserver');
    expect(containerStatus(apiserver, 'apiserver').ready).toBe(true);
  });

  it('cannot create pods for a ServiceAccount that does not exist', async () => {
    const cluster = emulator.cluster('no-sa');
    const objects = initObjects(pki);
    const cmDeploy = objects.find((o) => o.metadata.name === 'controller-manager')! as any;
    cmDeploy.spec.template.spec.serviceAccountName = 'federation-controller-manager';
    await createAll(cluster, objects);
    await cluster.settle();
    expect(podsOf(cluster, NS, 'controller-manager')).toEqual([]);
    const rs = cluster.store.list(cluster.store.typeFor('apps/v1', 'ReplicaSet')!, NS).find((r) => r.metadata.name.startsWith('controller-manager-'))!;
    const why = `Error creating: pods "${rs.metadata.name}-" is forbidden: error looking up service account ${NS}/federation-controller-manager: serviceaccount "federation-controller-manager" not found`;
    expect(eventsOf(cluster, NS, rs.metadata.name)).toContain(`Warning FailedCreate: ${why}`);
    const deploy = (await adminCall(cluster, 'GET', `/apis/apps/v1/namespaces/${NS}/deployments/controller-manager`)).json();
    expect(deploy.status.conditions.find((c: any) => c.type === 'ReplicaFailure')).toMatchObject({ status: 'True', reason: 'FailedCreate', message: why });

    await createAll(cluster, [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'federation-controller-manager', namespace: NS } }]);
    await cluster.settle();
    const [cm] = podsOf(cluster, NS, 'controller-manager');
    expect(containerStatus(cm, 'controller-manager').ready).toBe(true);
  });

  it('an API server pointed at a local etcd that is not in its pod cannot start; an external etcd is accepted', async () => {
    const cluster = emulator.cluster('no-etcd');
    const objects = initObjects(pki, { etcdServers: 'http://127.0.0.1:2379', persistence: false });
    await createAll(cluster, objects);
    await cluster.settle();
    const [pod] = podsOf(cluster, NS, 'apiserver');
    expect(containerStatus(pod, 'apiserver').lastState.terminated.message).toBe('Error: failed to reach etcd at http://127.0.0.1:2379: dial tcp 127.0.0.1:2379: connect: connection refused');

    const deploy = (await adminCall(cluster, 'GET', `/apis/apps/v1/namespaces/${NS}/deployments/apiserver`)).json();
    const container = deploy.spec.template.spec.containers[0];
    container.command = container.command.map((arg: string) => (arg.startsWith('--etcd-servers=') ? '--etcd-servers=https://etcd.example.com:2379' : arg));
    expect((await adminCall(cluster, 'PUT', `/apis/apps/v1/namespaces/${NS}/deployments/apiserver`, deploy)).status).toBe(200);
    await cluster.settle();
    const pods = podsOf(cluster, NS, 'apiserver');
    expect(pods).toHaveLength(1);
    expect(containerStatus(pods[0], 'apiserver').ready).toBe(true);
  });
});
