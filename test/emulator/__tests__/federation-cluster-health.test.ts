import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { adminCall, createAll, httpsCall, initObjects, makeFederationPki, type FederationPki } from './helpers.js';

const NS = 'federation-system';
const CM_SA = 'federation-controller-manager';

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** What join does on the member: a ServiceAccount, its token Secret and a ClusterRole binding; returns the token. */
async function prepareMember(member: EmulatedCluster): Promise<string> {
  await createAll(member, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gondor-host', namespace: NS } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'gondor-host-token', namespace: NS, annotations: { 'kubernetes.io/service-account.name': 'gondor-host' } }, type: 'kubernetes.io/service-account-token' },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'federation-controller-manager:myfed-gondor-host' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'federation-controller-manager:myfed-gondor-host' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'federation-controller-manager:myfed-gondor-host' },
      subjects: [{ kind: 'ServiceAccount', name: 'gondor-host', namespace: NS }],
    },
  ]);
  await member.settle();
  const secret = (await adminCall(member, 'GET', `/api/v1/namespaces/${NS}/secrets/gondor-host-token`)).json();
  return Buffer.from(secret.data.token, 'base64').toString();
}

function clusterObject(name: string, server: string) {
  return { apiVersion: 'federation/v1beta1', kind: 'Cluster', metadata: { name }, spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: server }], secretRef: { name } } };
}

describe("the emulated controller manager's cluster controller", () => {
  let emulator: Emulator;
  let pki: FederationPki;
  let host: EmulatedCluster;
  let member: EmulatedCluster;

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'fedhost' }, { name: 'gondor' }]);
    host = emulator.cluster('fedhost');
    member = emulator.cluster('gondor');
    pki = await makeFederationPki(['127.0.0.1']);
    const objects = initObjects(pki, { token: 'fed-admin-token' });
    (objects.find((o) => o.metadata.name === 'controller-manager') as any).spec.template.spec.serviceAccountName = CM_SA;
    await createAll(host, [
      ...objects.slice(0, 1),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: CM_SA, namespace: NS } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'federation-system:federation-controller-manager', namespace: NS }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] },
      ...objects.slice(1),
    ]);
    await host.settle();
  });
  afterAll(() => emulator?.close());

  async function federationCall(method: string, path: string, body?: unknown) {
    return httpsCall(`${host.federation(NS)!.url}${path}`, method, { ca: pki.ca.certPem, token: 'fed-admin-token', servername: 'apiserver' }, body);
  }

  async function conditionsOf(name: string): Promise<string[]> {
    const cluster = (await federationCall('GET', `/apis/federation/v1beta1/clusters/${name}`)).json();
    return (cluster.status?.conditions ?? []).map((c: any) => `${c.type}=${c.status}/${c.reason}`);
  }

  it('reports nothing while its ServiceAccount may not read the cluster Secret', async () => {
    const token = await prepareMember(member);
    await createAll(host, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'gondor', namespace: NS }, type: 'Opaque', data: { token: b64(token), 'ca.crt': b64(member.caPem), namespace: b64(NS) } }]);
    expect((await federationCall('POST', '/apis/federation/v1beta1/clusters', clusterObject('gondor', member.server))).status).toBe(201);
    await host.settle();
    expect(await conditionsOf('gondor')).toEqual([]);
  });

  it('marks a joined cluster Ready once it may read the Secret and the token works on the member', async () => {
    await createAll(host, [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'federation-system:federation-controller-manager', namespace: NS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'federation-system:federation-controller-manager' },
        subjects: [{ kind: 'ServiceAccount', apiGroup: '', name: CM_SA, namespace: NS }],
      },
    ]);
    await host.settle();
    expect(await conditionsOf('gondor')).toEqual(['Ready=True/ClusterReady', 'Offline=False/ClusterReachable']);
  });

  it('marks a cluster whose Secret holds a token the member rejects as not Ready', async () => {
    await createAll(host, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rohan', namespace: NS }, type: 'Opaque', data: { token: b64('not-a-token'), 'ca.crt': b64(member.caPem), namespace: b64(NS) } }]);
    await federationCall('POST', '/apis/federation/v1beta1/clusters', clusterObject('rohan', member.server));
    await host.settle();
    expect(await conditionsOf('rohan')).toEqual(['Ready=False/ClusterNotReady', 'Offline=False/ClusterReachable']);
  });

  it('marks a cluster it cannot reach as Offline', async () => {
    await createAll(host, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mordor', namespace: NS }, type: 'Opaque', data: { token: b64('t'), 'ca.crt': b64(member.caPem), namespace: b64(NS) } }]);
    await federationCall('POST', '/apis/federation/v1beta1/clusters', clusterObject('mordor', 'https://127.0.0.1:1'));
    await host.settle();
    expect(await conditionsOf('mordor')).toEqual(['Offline=True/ClusterNotReachable']);
  });
});
