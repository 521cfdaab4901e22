import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { adminCall, createAll, httpsCall } from './helpers.js';

const NS = 'federation-system';

function tokenSecret(name: string, sa: string) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS, annotations: { 'kubernetes.io/service-account.name': sa } }, type: 'kubernetes.io/service-account-token' };
}

function asToken(cluster: EmulatedCluster, token: string, path: string) {
  return httpsCall(`${cluster.server}${path}`, 'GET', { ca: cluster.caPem, token });
}

describe('the service-account token controller', () => {
  let emulator: Emulator;
  let cluster: EmulatedCluster;

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'member' }, { name: 'no-tokens', tokenController: false }]);
    cluster = emulator.cluster('member');
    await createAll(cluster, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gondor-host', namespace: NS } },
    ]);
    await cluster.settle();
  });
  afterAll(() => emulator?.close());

  it('creates no token Secret for a new ServiceAccount (Kubernetes ≥ 1.24)', async () => {
    const secrets = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets`)).json();
    expect(secrets.items).toEqual([]);
  });

  it('fills a token Secret with token, ca.crt, namespace and the ServiceAccount uid', async () => {
    await createAll(cluster, [tokenSecret('gondor-host-token', 'gondor-host')]);
    await cluster.settle();
    const sa = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/serviceaccounts/gondor-host`)).json();
    const secret = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/gondor-host-token`)).json();
    expect(secret.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'gondor-host', 'kubernetes.io/service-account.uid': sa.metadata.uid });
    expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(Buffer.from(secret.data['ca.crt'], 'base64').toString()).toBe(cluster.caPem);
    expect(Buffer.from(secret.data.namespace, 'base64').toString()).toBe(NS);
    expect(Buffer.from(secret.data.token, 'base64').toString()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('the token authenticates as the ServiceAccount, and RBAC allows only what it is bound to', async () => {
    const secret = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/gondor-host-token`)).json();
    const token = Buffer.from(secret.data.token, 'base64').toString();
    const denied = await asToken(cluster, token, `/api/v1/namespaces/${NS}/secrets`);
    expect(denied.status).toBe(403);
    expect(denied.json().message).toBe(`secrets is forbidden: User "system:serviceaccount:${NS}:gondor-host" cannot list resource "secrets" in API group "" in the namespace "${NS}"`);

    await createAll(cluster, [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'fed-all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'fed-all' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fed-all' },
        subjects: [{ kind: 'ServiceAccount', name: 'gondor-host', namespace: NS }],
      },
    ]);
    expect((await asToken(cluster, token, `/api/v1/namespaces/${NS}/secrets`)).status).toBe(200);
  });

  it('deletes a token Secret that names a ServiceAccount that does not exist', async () => {
    await createAll(cluster, [tokenSecret('orphan-token', 'nobody')]);
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/orphan-token`)).status).toBe(404);
  });

  it('deleting the ServiceAccount deletes its token Secret and revokes the token', async () => {
    const secret = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/gondor-host-token`)).json();
    const token = Buffer.from(secret.data.token, 'base64').toString();
    await adminCall(cluster, 'DELETE', `/api/v1/namespaces/${NS}/serviceaccounts/gondor-host`);
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/gondor-host-token`)).status).toBe(404);
    expect((await asToken(cluster, token, `/api/v1/namespaces/${NS}/secrets`)).status).toBe(401);
  });

  it('with the controller off, token Secrets stay empty', async () => {
    const off = emulator.cluster('no-tokens');
    await createAll(off, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: NS } },
      tokenSecret('sa-token', 'sa'),
    ]);
    await off.settle();
    const secret = (await adminCall(off, 'GET', `/api/v1/namespaces/${NS}/secrets/sa-token`)).json();
    expect(secret.data).toBeUndefined();
  });
});
