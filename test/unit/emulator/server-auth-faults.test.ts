import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_TOKEN, BOB_TOKEN, namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ rbac: true });
  await s.request('POST', '/api/v1/namespaces', { body: namespace('team') });
});
afterAll(() => s.close());

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe('authentication', () => {
  test('client certificate: CN is the user, O the groups', async () => {
    const res = await s.request('GET', '/api/v1/namespaces');
    expect(res.status).toBe(200);
    expect(s.log[s.log.length - 1].user).toBe('kubernetes-admin');
  });

  test('bearer token, basic credentials, and their wrong variants', async () => {
    expect((await s.request('GET', '/api/v1/namespaces', { as: { token: ADMIN_TOKEN } })).status).toBe(200);
    expect(s.log[s.log.length - 1].user).toBe('admin');
    expect((await s.request('GET', '/api/v1/namespaces', { as: { basic: ['alice', 's3cret'] } })).status).toBe(200);
    expect(s.log[s.log.length - 1].user).toBe('alice');
    for (const as of [{ token: 'wrong' }, { basic: ['alice', 'nope'] as [string, string] }, 'none' as const, { cert: s.pki.stranger }]) {
      const res = await s.request('GET', '/api/v1/namespaces', { as });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  test('tokens added to the registry work at once, removed ones stop working', async () => {
    s.tokens.add('fresh-token', { user: 'system:serviceaccount:team:robot', groups: ['system:serviceaccounts'] });
    expect((await s.request('GET', '/healthz', { as: { token: 'fresh-token' } })).status).toBe(200);
    expect(s.log[s.log.length - 1].user).toBe('system:serviceaccount:team:robot');
    s.tokens.remove('fresh-token');
    expect((await s.request('GET', '/api', { as: { token: 'fresh-token' } })).status).toBe(401);
  });

  test('wrong credentials are refused even on the public health path', async () => {
    for (const as of [{ token: 'wrong' }, { basic: ['alice', 'nope'] as [string, string] }, { cert: s.pki.stranger }]) {
      expect((await s.request('GET', '/healthz', { as })).status).toBe(401);
    }
    expect((await s.request('GET', '/healthz', { as: 'none' })).status).toBe(200);
  });

  test('health and version are open to anyone; discovery is not', async () => {
    expect((await s.request('GET', '/healthz', { as: 'none' })).text).toBe('ok');
    expect((await s.request('GET', '/version', { as: 'none' })).status).toBe(200);
    expect((await s.request('GET', '/apis', { as: 'none' })).status).toBe(401);
  });
});

describe('RBAC', () => {
  test('an unbound user may discover but not read, with the real denial text', async () => {
    expect((await s.request('GET', '/apis', { as: { token: BOB_TOKEN } })).status).toBe(200);
    const res = await s.request('GET', '/api/v1/namespaces/team/secrets/x', { as: { token: BOB_TOKEN } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "x" is forbidden: User "bob" cannot get resource "secrets" in API group "" in the namespace "team"',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'secrets' },
      code: 403,
    });
    const cluster = await s.request('GET', `${RBAC}/clusterroles`, { as: { cert: s.pki.jane } });
    expect(cluster.json.message).toBe('clusterroles.rbac.authorization.k8s.io is forbidden: User "jane" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope');
  });

  test('a RoleBinding to a group grants in its namespace only; resourceNames restrict', async () => {
    await s.request('POST', `${RBAC}/namespaces/team/roles`, {
      body: { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }, { apiGroups: [''], resources: ['secrets'], resourceNames: ['shared'], verbs: ['get'] }] },
    });
    await s.request('POST', `${RBAC}/namespaces/team/rolebindings`, {
      body: { metadata: { name: 'devs-read' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'Group', name: 'developers' }] },
    });
    const bob = { token: BOB_TOKEN };
    expect((await s.request('GET', '/api/v1/namespaces/team/configmaps', { as: bob })).status).toBe(200);
    expect((await s.request('GET', '/api/v1/configmaps', { as: bob })).status).toBe(403);
    expect((await s.request('GET', '/api/v1/namespaces/team/secrets/shared', { as: bob })).status).toBe(404);
    expect((await s.request('GET', '/api/v1/namespaces/team/secrets/private', { as: bob })).status).toBe(403);
    expect((await s.request('DELETE', '/api/v1/namespaces/team/configmaps/x', { as: bob })).status).toBe(403);
  });

  test('service accounts match ServiceAccount subjects through a ClusterRoleBinding', async () => {
    s.tokens.add('sa-token', { user: 'system:serviceaccount:team:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:team'] });
    const sa = { token: 'sa-token' };
    expect((await s.request('GET', '/api/v1/nodes', { as: sa })).status).toBe(403);
    await s.request('POST', `${RBAC}/clusterroles`, { body: { metadata: { name: 'node-reader' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] } });
    await s.request('POST', `${RBAC}/clusterrolebindings`, {
      body: { metadata: { name: 'robot-nodes' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: 'team' }] },
    });
    expect((await s.request('GET', '/api/v1/nodes', { as: sa })).status).toBe(200);
  });

  test('granting permissions one does not hold is refused; system:masters may', async () => {
    await s.request('POST', `${RBAC}/clusterroles`, { body: { metadata: { name: 'rbac-writer' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['create'] }] } });
    await s.request('POST', `${RBAC}/clusterrolebindings`, {
      body: { metadata: { name: 'jane-rbac' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rbac-writer' }, subjects: [{ kind: 'User', name: 'jane' }] },
    });
    const jane = { cert: s.pki.jane };
    const all = { metadata: { name: 'everything' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    const denied = await s.request('POST', `${RBAC}/clusterroles`, { body: all, as: jane });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe(
      'clusterroles.rbac.authorization.k8s.io "everything" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}',
    );
    const modest = await s.request('POST', `${RBAC}/clusterroles`, { body: { metadata: { name: 'modest' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['create'] }] }, as: jane });
    expect(modest.status).toBe(201);
    const binding = { metadata: { name: 'jane-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' }, subjects: [{ kind: 'User', name: 'jane' }] };
    expect((await s.request('POST', `${RBAC}/clusterrolebindings`, { body: binding, as: jane })).status).toBe(403);
    expect((await s.request('POST', `${RBAC}/clusterroles`, { body: all })).status).toBe(201);
  });
});

describe('fault injection', () => {
  test('429 with Retry-After, then 500, then normal service', async () => {
    s.faults.add({ method: 'GET', path: '/api/v1/namespaces/team', action: { type: 'status', status: 429, retryAfterSeconds: 2 } });
    s.faults.add({ method: 'GET', path: '/api/v1/namespaces/team', action: { type: 'status', status: 500 } });
    const throttled = await s.request('GET', '/api/v1/namespaces/team');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(throttled.json).toMatchObject({ reason: 'TooManyRequests', message: 'Too many requests, please try again later.', details: { retryAfterSeconds: 2 } });
    const broken = await s.request('GET', '/api/v1/namespaces/team');
    expect(broken.status).toBe(500);
    expect(broken.json.reason).toBe('InternalError');
    expect((await s.request('GET', '/api/v1/namespaces/team')).status).toBe(200);
    expect(s.log.slice(-3).map((e) => e.status)).toEqual([429, 500, 200]);
  });

  test('a dropped connection gets no answer at all; a RegExp rule matches paths', async () => {
    s.faults.add({ path: /\/secrets$/, action: { type: 'drop' }, times: 2 });
    await expect(s.request('GET', '/api/v1/namespaces/team/secrets')).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(s.request('POST', '/api/v1/namespaces/team/secrets', { body: { metadata: { name: 'x' } } })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(s.store.get(s.store.typeForResource('', 'v1', 'secrets')!, 'team', 'x')).toBeUndefined();
    expect((await s.request('GET', '/api/v1/namespaces/team/secrets')).status).toBe(200);
  });

  test('a drop after commit stores the write, then gives no answer', async () => {
    s.faults.add({ method: 'POST', path: /\/secrets$/, action: { type: 'drop-after-commit' } });
    await expect(s.request('POST', '/api/v1/namespaces/team/secrets', { body: { metadata: { name: 'kept' } } })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(s.store.get(s.store.typeForResource('', 'v1', 'secrets')!, 'team', 'kept')?.metadata.name).toBe('kept');
    expect((await s.request('POST', '/api/v1/namespaces/team/secrets', { body: { metadata: { name: 'kept' } } })).json.reason).toBe('AlreadyExists');
  });

  test('a rule can start at the Nth matching request, or apply with a seeded chance', async () => {
    s.faults.add({ method: 'GET', path: '/api/v1/namespaces/team', skip: 2, action: { type: 'status', status: 503 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await s.request('GET', '/api/v1/namespaces/team')).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
    const draws = [0.9, 0.1, 0.5, 0.05];
    s.faults.add({ method: 'GET', path: '/api/v1/namespaces/team', times: Infinity, probability: 0.2, random: () => draws.shift() ?? 1, action: { type: 'status', status: 503 } });
    const storm: number[] = [];
    for (let i = 0; i < 5; i++) storm.push((await s.request('GET', '/api/v1/namespaces/team')).status);
    expect(storm).toEqual([200, 503, 200, 503, 200]);
    s.faults.clear();
  });

  test('latency delays the answer but not its content', async () => {
    s.faults.add({ path: '/version', action: { type: 'latency', ms: 300 } });
    const order: string[] = [];
    const slow = s.request('GET', '/version').then((res) => (order.push('version'), res));
    const fast = s.request('GET', '/healthz').then((res) => (order.push('healthz'), res));
    const [slowRes] = await Promise.all([slow, fast]);
    expect(slowRes.json.gitVersion).toBe('v1.37.2');
    expect(order).toEqual(['healthz', 'version']);
    expect(s.faults.pending()).toEqual([]);
  });
});
