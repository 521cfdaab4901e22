import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  for (const ns of ['crud', 'other']) await s.request('POST', '/api/v1/namespaces', { body: namespace(ns) });
});
afterAll(() => s.close());

const configMap = (name: string, labels: Record<string, string> = {}, namespace = 'crud') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels },
  data: { key: 'value' },
});

describe('discovery', () => {
  test('/api, /apis and the group documents', async () => {
    expect((await s.request('GET', '/api')).json).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${s.api.port}` }],
    });
    const apis = (await s.request('GET', '/apis')).json;
    expect(apis.kind).toBe('APIGroupList');
    expect(apis.groups.find((g: { name: string }) => g.name === 'apps')).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect((await s.request('GET', '/apis/apps')).json).toMatchObject({ kind: 'APIGroup', name: 'apps' });
  });

  test('APIResourceList with short names, categories and subresources, as kube-apiserver 1.37 announces them', async () => {
    const list = (await s.request('GET', '/apis/apps/v1')).json;
    expect(list).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1' });
    const deployments = list.resources.filter((r: { name: string }) => r.name.startsWith('deployments'));
    expect(deployments).toEqual([
      {
        name: 'deployments',
        singularName: 'deployment',
        namespaced: true,
        kind: 'Deployment',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['deploy'],
        categories: ['all'],
        storageVersionHash: expect.any(String),
      },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    ]);
    const core = (await s.request('GET', '/api/v1')).json;
    expect(core.resources.find((r: { name: string }) => r.name === 'namespaces')).toMatchObject({ namespaced: false, shortNames: ['ns'] });
  });

  test('/version, health endpoints, and unknown paths', async () => {
    expect((await s.request('GET', '/version')).json).toMatchObject({ major: '1', minor: '37', gitVersion: 'v1.37.2' });
    for (const path of ['/healthz', '/livez', '/readyz']) expect((await s.request('GET', path)).text).toBe('ok');
    const missing = await s.request('GET', '/apis/nope.example.com/v1');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
    expect((await s.request('GET', '/api/v1/namespaces/crud/widgets')).status).toBe(404);
  });

  test('methods a path does not serve are 405', async () => {
    const res = await s.request('PUT', '/api/v1/namespaces/crud/configmaps', { body: configMap('x') });
    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({ reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource', code: 405 });
    expect((await s.request('POST', '/api/v1/configmaps', { body: configMap('x') })).status).toBe(405);
  });
});

describe('create, read, list', () => {
  test('POST fills the namespace from the URL and answers 201 with the stored object', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fill' }, data: { a: 'b' } };
    const res = await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body });
    expect(res.status).toBe(201);
    expect(res.json.metadata).toMatchObject({ name: 'fill', namespace: 'crud' });
    expect((await s.request('GET', '/api/v1/namespaces/crud/configmaps/fill')).json).toEqual(res.json);
  });

  test('a namespace mismatch is 400; a duplicate is 409 AlreadyExists', async () => {
    const mismatch = await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body: configMap('x', {}, 'other') });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.message).toBe('the namespace of the provided object does not match the namespace sent on the request');
    await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body: configMap('dup') });
    const dup = await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body: configMap('dup') });
    expect(dup.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "dup" already exists',
      reason: 'AlreadyExists',
      details: { name: 'dup', kind: 'configmaps' },
      code: 409,
    });
  });

  test('creating into a missing namespace is 404 namespaces "x" not found', async () => {
    const res = await s.request('POST', '/api/v1/namespaces/ghost/configmaps', { body: configMap('x', {}, 'ghost') });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ message: 'namespaces "ghost" not found', details: { name: 'ghost', kind: 'namespaces' } });
  });

  test('a wrong apiVersion in the body is refused', async () => {
    const res = await s.request('POST', '/apis/apps/v1/namespaces/crud/deployments', { body: { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('the API version in the data (extensions/v1beta1) does not match the expected API version (apps/v1)');
  });

  test('lists: kind, resourceVersion, items without apiVersion/kind, selectors, all namespaces', async () => {
    await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body: configMap('l1', { app: 'a', tier: 't' }) });
    await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body: configMap('l2', { app: 'b' }) });
    await s.request('POST', '/api/v1/namespaces/other/configmaps', { body: configMap('l3', { app: 'a' }, 'other') });
    const list = (await s.request('GET', '/api/v1/namespaces/crud/configmaps?labelSelector=app')).json;
    expect(list.kind).toBe('ConfigMapList');
    expect(list.apiVersion).toBe('v1');
    expect(list.metadata.resourceVersion).toBe(s.store.currentResourceVersion());
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['l1', 'l2']);
    expect(list.items[0].kind).toBeUndefined();
    const all = (await s.request('GET', `/api/v1/configmaps?labelSelector=${encodeURIComponent('app=a')}`)).json;
    expect(all.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['crud/l1', 'other/l3']);
    const byField = (await s.request('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Dl2')).json;
    expect(byField.items.map((i: any) => i.metadata.name)).toEqual(['l2']);
    const notIn = (await s.request('GET', `/api/v1/namespaces/crud/configmaps?labelSelector=${encodeURIComponent('app notin (b),!tier')}`)).json;
    expect(notIn.items.map((i: any) => i.metadata.name)).not.toContain('l1');
    expect((await s.request('GET', '/api/v1/configmaps?labelSelector=a%3Db%3Dc')).status).toBe(400);
  });

  test('GET of a missing object is 404 with the qualified resource', async () => {
    const res = await s.request('GET', '/apis/apps/v1/namespaces/crud/deployments/nope');
    expect(res.json).toMatchObject({ message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404 });
  });
});

describe('update and patch', () => {
  test('PUT without resourceVersion is unconditional; a stale one is 409 Conflict; a missing object 404', async () => {
    const created = (await s.request('POST', '/api/v1/namespaces/crud/configmaps', { body: configMap('upd') })).json;
    const put = await s.request('PUT', '/api/v1/namespaces/crud/configmaps/upd', { body: { ...configMap('upd'), data: { key: 'v2' } } });
    expect(put.status).toBe(200);
    expect(put.json.metadata.uid).toBe(created.metadata.uid);
    const stale = await s.request('PUT', '/api/v1/namespaces/crud/configmaps/upd', { body: { ...created, data: { key: 'v3' } } });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on configmaps "upd": the object has been modified; please apply your changes to the latest version and try again');
    expect((await s.request('PUT', '/api/v1/namespaces/crud/configmaps/none', { body: configMap('none') })).status).toBe(404);
    const renamed = await s.request('PUT', '/api/v1/namespaces/crud/configmaps/upd', { body: configMap('other-name') });
    expect(renamed.json.message).toBe('the name of the object (other-name) does not match the name on the URL (upd)');
  });

  test('merge, strategic merge, JSON patch and apply patch', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'p', namespace: 'crud', labels: { app: 'p' } },
      spec: { selector: { matchLabels: { app: 'p' } }, template: { metadata: { labels: { app: 'p' } }, spec: { containers: [{ name: 'a', image: 'img:1' }, { name: 'b', image: 'img:1' }] } } },
    };
    const path = '/apis/apps/v1/namespaces/crud/deployments/p';
    expect((await s.request('POST', '/apis/apps/v1/namespaces/crud/deployments', { body: deployment })).status).toBe(201);
    const merge = await s.request('PATCH', path, { body: { metadata: { labels: { extra: 'yes' } } }, contentType: 'application/merge-patch+json' });
    expect(merge.json.metadata.labels).toEqual({ app: 'p', extra: 'yes' });
    const strategic = await s.request('PATCH', path, {
      body: { spec: { template: { spec: { containers: [{ name: 'b', image: 'img:2' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(strategic.json.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`)).toEqual(['a=img:1', 'b=img:2']);
    expect(strategic.json.metadata.generation).toBe(2);
    const json = await s.request('PATCH', path, { body: [{ op: 'replace', path: '/spec/replicas', value: 3 }], contentType: 'application/json-patch+json' });
    expect(json.json.spec.replicas).toBe(3);
    const failed = await s.request('PATCH', path, { body: [{ op: 'test', path: '/spec/replicas', value: 1 }], contentType: 'application/json-patch+json' });
    expect(failed.status).toBe(422);
    expect(failed.json).toMatchObject({ reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });
    const apply = await s.request('PATCH', `${path}?fieldManager=kubefed&force=true`, {
      body: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  replicas: 2\n',
      contentType: 'application/apply-patch+yaml',
    });
    expect(apply.status).toBe(200);
    expect(apply.json.spec.replicas).toBe(2);
    const unsupported = await s.request('PATCH', path, { body: {}, contentType: 'application/json' });
    expect(unsupported.status).toBe(415);
    expect(unsupported.json.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
    const missing = await s.request('PATCH', '/apis/apps/v1/namespaces/crud/deployments/absent', { body: {}, contentType: 'application/merge-patch+json' });
    expect(missing.status).toBe(404);
  });

  test('apply creates what is missing and requires a fieldManager', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { a: '1' } });
    const noManager = await s.request('PATCH', '/api/v1/namespaces/crud/configmaps/applied', { body, contentType: 'application/apply-patch+yaml' });
    expect(noManager.status).toBe(422);
    expect(noManager.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const created = await s.request('PATCH', '/api/v1/namespaces/crud/configmaps/applied?fieldManager=me', { body, contentType: 'application/apply-patch+yaml' });
    expect(created.status).toBe(201);
    expect(created.json.metadata.namespace).toBe('crud');
  });

  test('the status subresource changes only status; the main resource ignores status', async () => {
    const path = '/apis/apps/v1/namespaces/crud/deployments/p';
    const current = (await s.request('GET', path)).json;
    const viaMain = await s.request('PUT', path, { body: { ...current, status: { replicas: 9 }, metadata: { ...current.metadata, resourceVersion: undefined } } });
    expect(viaMain.json.status).toEqual({});
    const viaStatus = await s.request('PUT', `${path}/status`, { body: { ...viaMain.json, spec: { ...viaMain.json.spec, replicas: 7 }, status: { replicas: 2, readyReplicas: 2 } } });
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.json.status).toEqual({ replicas: 2, readyReplicas: 2 });
    expect(viaStatus.json.spec.replicas).toBe(viaMain.json.spec.replicas);
    const patched = await s.request('PATCH', `${path}/status`, { body: { status: { readyReplicas: 1 }, spec: { replicas: 5 } }, contentType: 'application/merge-patch+json' });
    expect(patched.json.status).toEqual({ replicas: 2, readyReplicas: 1 });
    expect(patched.json.spec.replicas).toBe(viaMain.json.spec.replicas);
    expect((await s.request('GET', `${path}/status`)).json.status.readyReplicas).toBe(1);
    expect((await s.request('GET', '/api/v1/namespaces/crud/configmaps/fill/status')).status).toBe(404);
  });
});

describe('managedFields', () => {
  test('every write records its manager, operation and fields', async () => {
    const path = '/api/v1/namespaces/crud/configmaps/owned';
    await s.request('POST', '/api/v1/namespaces/crud/configmaps?fieldManager=kubefed', { body: { metadata: { name: 'owned', labels: { a: 'b' } }, data: { k: 'v' } } });
    const unversioned = await s.request('PATCH', `${path}?fieldManager=ssa`, { body: 'data:\n  other: x\n', contentType: 'application/apply-patch+yaml' });
    expect(unversioned.json).toMatchObject({ code: 400, message: 'Incorrect version specified in apply patch. Specified patch version: , expected: v1' });
    const applied = await s.request('PATCH', `${path}?fieldManager=ssa`, { body: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  other: x\n', contentType: 'application/apply-patch+yaml' });
    const again = await s.request('PATCH', path, { body: { data: { k: 'w' } }, contentType: 'application/merge-patch+json' });
    expect(applied.json.metadata.managedFields[1]).toEqual({
      manager: 'ssa',
      operation: 'Apply',
      apiVersion: 'v1',
      time: expect.stringMatching(/^2026-01-02T03:\d\d:\d\dZ$/),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:a': {} } }, 'f:data': { 'f:k': {}, 'f:other': {} } },
    });
    expect(again.json.metadata.managedFields.map((e: any) => `${e.manager}/${e.operation}`)).toEqual(['kubefed/Update', 'ssa/Apply', 'unknown/Update']);
    const status = await s.request('PATCH', '/apis/apps/v1/namespaces/crud/deployments/p/status?fieldManager=ctl', { body: { status: { replicas: 1 } }, contentType: 'application/merge-patch+json' });
    expect(status.json.metadata.managedFields.pop()).toMatchObject({ manager: 'ctl', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } });
  });
});
