/**
 * SelfSubjectRulesReview and SelfSubjectAccessReview over HTTP, with the bodies, reasons and
 * errors a real kube-apiserver 1.37 answers with (recorded from one).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOB_TOKEN, namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
const AUTHZ = '/apis/authorization.k8s.io/v1';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const ROBOT = { token: 'robot-token' };

beforeAll(async () => {
  s = await startTestServer({ rbac: true });
  await s.request('POST', '/api/v1/namespaces', { body: namespace('team') });
  s.tokens.add('robot-token', { user: 'system:serviceaccount:team:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:team'] });
  await s.request('POST', `${RBAC}/namespaces/team/roles`, { body: { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] } });
  // A ServiceAccount subject without a namespace means the RoleBinding's namespace.
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' };
  await s.request('POST', `${RBAC}/namespaces/team/rolebindings`, { body: { metadata: { name: 'reader' }, roleRef, subjects: [{ kind: 'ServiceAccount', name: 'robot' }] } });
});
afterAll(() => s.close());

const rulesReview = (ns: string, as: { token: string } | 'admin' = ROBOT) => s.request('POST', `${AUTHZ}/selfsubjectrulesreviews`, { body: { spec: { namespace: ns } }, as });
const accessReview = (spec: unknown, as: { token: string } | 'admin' = ROBOT, metadata?: unknown) =>
  s.request('POST', `${AUTHZ}/selfsubjectaccessreviews`, { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', ...(metadata ? { metadata } : {}), spec }, as });

describe('discovery and routes', () => {
  test('the group version lists the reviews as kube-apiserver 1.37 does, create only', async () => {
    const list = await s.request('GET', AUTHZ);
    expect(list.json.resources).toEqual([
      { name: 'localsubjectaccessreviews', singularName: 'localsubjectaccessreview', namespaced: true, kind: 'LocalSubjectAccessReview', verbs: ['create'] },
      { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
      { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] },
      { name: 'subjectaccessreviews', singularName: 'subjectaccessreview', namespaced: false, kind: 'SubjectAccessReview', verbs: ['create'] },
    ]);
    expect((await s.request('GET', '/apis')).json.groups.map((g: { name: string }) => g.name)).toContain('authorization.k8s.io');
  });

  test('nothing is stored: no list (405), no item paths (404), unprivileged list is 403', async () => {
    expect((await s.request('GET', `${AUTHZ}/selfsubjectrulesreviews`)).status).toBe(405);
    expect((await s.request('DELETE', `${AUTHZ}/selfsubjectrulesreviews/x`)).status).toBe(404);
    expect((await s.request('POST', `${AUTHZ}/namespaces/team/selfsubjectrulesreviews`, { body: {} })).status).toBe(404);
    const denied = await s.request('GET', `${AUTHZ}/selfsubjectaccessreviews`, { as: { token: BOB_TOKEN } });
    expect(denied.json.message).toBe('selfsubjectaccessreviews.authorization.k8s.io is forbidden: User "bob" cannot list resource "selfsubjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope');
  });
});

describe('SelfSubjectRulesReview', () => {
  test('the rules of every binding, split into resource and non-resource rules', async () => {
    const res = await rulesReview('team');
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {},
      spec: {},
      status: {
        resourceRules: [
          { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
          { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
          { verbs: ['get', 'list', 'watch'], apiGroups: ['certificates.k8s.io'], resources: ['clustertrustbundles'] },
          { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] },
        ],
        nonResourceRules: [
          { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
          { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
          { verbs: ['get'], nonResourceURLs: ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'] },
        ],
        incomplete: false,
      },
    });
  });

  test('spec.namespace is required', async () => {
    const res = await s.request('POST', `${AUTHZ}/selfsubjectrulesreviews`, { body: { spec: {} }, as: ROBOT });
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'no namespace on request', reason: 'BadRequest', code: 400 });
  });

  test('another kind in the body is refused as the decoder does', async () => {
    const res = await s.request('POST', `${AUTHZ}/selfsubjectrulesreviews`, { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { namespace: 'team' } } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectRulesReview: converting (v1.SelfSubjectAccessReview) to (authorization.SelfSubjectRulesReview): unknown conversion');
  });
});

describe('SelfSubjectAccessReview', () => {
  test('allowed: the binding that allows it is the reason; the request is echoed with its managedFields', async () => {
    const res = await accessReview({ resourceAttributes: { verb: 'get', resource: 'configmaps', namespace: 'team' } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {
        managedFields: [
          {
            manager: 'unknown',
            operation: 'Update',
            apiVersion: 'authorization.k8s.io/v1',
            time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:resourceAttributes': { '.': {}, 'f:namespace': {}, 'f:resource': {}, 'f:verb': {} } } },
          },
        ],
      },
      spec: { resourceAttributes: { namespace: 'team', verb: 'get', resource: 'configmaps' } },
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "reader/team" of Role "reader" to ServiceAccount "robot/team"' },
    });
    const path = await accessReview({ nonResourceAttributes: { verb: 'get', path: '/healthz' } });
    expect(path.json.status.reason).toBe('RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"');
  });

  test('denied without a reason; system:masters allowed without one', async () => {
    expect((await accessReview({ resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'team' } })).json.status).toEqual({ allowed: false });
    expect((await accessReview({ resourceAttributes: { verb: 'delete', resource: 'nodes' } }, 'admin')).json.status).toEqual({ allowed: true });
  });

  test('exactly one kind of attributes, and no metadata', async () => {
    const union = 'exactly one of nonResourceAttributes or resourceAttributes must be specified';
    const none = await accessReview({});
    expect(none.status).toBe(422);
    expect(none.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `.authorization.k8s.io "" is invalid: spec: Invalid value: null: ${union}`,
      reason: 'Invalid',
      details: { group: 'authorization.k8s.io', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: null: ${union}`, field: 'spec' }] },
      code: 422,
    });
    const both = await accessReview({ resourceAttributes: { verb: 'get' }, nonResourceAttributes: { verb: 'get', path: '/healthz' } });
    expect(both.json.message).toBe(`.authorization.k8s.io "" is invalid: spec: Invalid value: {"Path":"/healthz","Verb":"get"}: ${union}`);
    const named = await accessReview({ nonResourceAttributes: { verb: 'get', path: '/x' } }, ROBOT, { name: 'x' });
    expect(named.json.message).toMatch(/^\.authorization\.k8s\.io "" is invalid: metadata: Invalid value: \{"name":"x","managedFields":\[\{"manager":"unknown",.*\}\]\}: must be empty$/);
  });
});

describe('bindings to roles that do not exist', () => {
  test('the denial reason and the rules review name them, as RBAC reports its errors', async () => {
    s.tokens.add('ghost-token', { user: 'ghost', groups: [] });
    await s.request('POST', `${RBAC}/clusterrolebindings`, {
      body: { metadata: { name: 'ghost' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ghost-role' }, subjects: [{ kind: 'User', name: 'ghost' }] },
    });
    await s.request('POST', `${RBAC}/namespaces/team/rolebindings`, {
      body: { metadata: { name: 'ghost' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ghost-role' }, subjects: [{ kind: 'User', name: 'ghost' }] },
    });
    const errors = '[clusterrole.rbac.authorization.k8s.io "ghost-role" not found, role.rbac.authorization.k8s.io "ghost-role" not found]';
    const denied = await accessReview({ resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'team' } }, { token: 'ghost-token' });
    expect(denied.json.status).toEqual({ allowed: false, reason: `rbac: RBAC: ${errors}` });
    const rules = await rulesReview('team', { token: 'ghost-token' });
    expect(rules.json.status).toMatchObject({ incomplete: false, evaluationError: errors });
  });
});
