import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.request('POST', '/api/v1/namespaces', { body: namespace('del') });
});
afterAll(() => s.close());

const secret = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, ...extra }, stringData: { a: 'b' } });

describe('delete', () => {
  test('most kinds answer a Status Success naming the object', async () => {
    const created = (await s.request('POST', '/api/v1/namespaces/del/secrets', { body: secret('gone') })).json;
    const res = await s.request('DELETE', '/api/v1/namespaces/del/secrets/gone?propagationPolicy=Background');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'gone', kind: 'secrets', uid: created.metadata.uid } });
    const again = await s.request('DELETE', '/api/v1/namespaces/del/secrets/gone');
    expect(again.status).toBe(404);
    expect(again.json.message).toBe('secrets "gone" not found');
  });

  test('Services and Pods answer with the deleted object', async () => {
    await s.request('POST', '/api/v1/namespaces/del/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } } });
    const res = await s.request('DELETE', '/api/v1/namespaces/del/services/svc', { body: { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: false } });
    expect(res.json).toMatchObject({ kind: 'Service', metadata: { name: 'svc' } });
  });

  test('an unknown propagationPolicy is refused', async () => {
    await s.request('POST', '/api/v1/namespaces/del/secrets', { body: secret('pp') });
    const res = await s.request('DELETE', '/api/v1/namespaces/del/secrets/pp?propagationPolicy=Sideways');
    expect(res.status).toBe(400);
  });

  test('an object with finalizers is only marked, and goes when the last finalizer is removed', async () => {
    await s.request('POST', '/api/v1/namespaces/del/secrets', { body: secret('fin', { finalizers: ['example.com/hold'] }) });
    const marked = await s.request('DELETE', '/api/v1/namespaces/del/secrets/fin');
    expect(marked.status).toBe(200);
    expect(marked.json.metadata.deletionTimestamp).toMatch(/^2026-01-02T03:0\d:\d\dZ$/);
    expect((await s.request('GET', '/api/v1/namespaces/del/secrets/fin')).status).toBe(200);
    await s.request('PATCH', '/api/v1/namespaces/del/secrets/fin', { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    expect((await s.request('GET', '/api/v1/namespaces/del/secrets/fin')).status).toBe(404);
  });

  test('a namespace becomes Terminating; creating into it is forbidden', async () => {
    await s.request('POST', '/api/v1/namespaces', { body: namespace('doomed') });
    const res = await s.request('DELETE', '/api/v1/namespaces/doomed');
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('Namespace');
    expect(res.json.status).toEqual({ phase: 'Terminating' });
    expect(res.json.metadata.deletionTimestamp).toMatch(/^2026-01-02T03:0\d:\d\dZ$/);
    const again = await s.request('DELETE', '/api/v1/namespaces/doomed');
    expect(again.status).toBe(409);
    expect(again.json.message).toBe(
      'Operation cannot be fulfilled on namespaces "doomed": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );
    const create = await s.request('POST', '/api/v1/namespaces/doomed/secrets', { body: secret('late') });
    expect(create.status).toBe(403);
    expect(create.json).toMatchObject({
      reason: 'Forbidden',
      message: 'secrets "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    });
  });

  test('deletecollection removes what the selector matches', async () => {
    await s.request('POST', '/api/v1/namespaces/del/configmaps', { body: { metadata: { name: 'c1', labels: { batch: 'x' } } } });
    await s.request('POST', '/api/v1/namespaces/del/configmaps', { body: { metadata: { name: 'c2' } } });
    const res = await s.request('DELETE', '/api/v1/namespaces/del/configmaps?labelSelector=batch%3Dx');
    expect(res.json.kind).toBe('ConfigMapList');
    expect((await s.request('GET', '/api/v1/namespaces/del/configmaps')).json.items.map((i: any) => i.metadata.name)).toEqual(['c2']);
  });
});

describe('dryRun=All', () => {
  test('create, update, patch and delete validate and answer as if done, store nothing, and are logged as dry runs', async () => {
    const before = s.store.currentResourceVersion();
    const start = s.log.length;
    const create = await s.request('POST', '/api/v1/namespaces/del/secrets?dryRun=All', { body: secret('dry') });
    expect(create.status).toBe(201);
    expect(create.json.metadata).toMatchObject({ name: 'dry', namespace: 'del' });
    expect(create.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(create.json.metadata.resourceVersion).toBeUndefined();
    expect(create.json.data).toEqual({ a: 'Yg==' });
    expect((await s.request('GET', '/api/v1/namespaces/del/secrets/dry')).status).toBe(404);

    await s.request('POST', '/api/v1/namespaces/del/secrets', { body: secret('real') });
    const afterCreate = s.store.currentResourceVersion();
    const put = await s.request('PUT', '/api/v1/namespaces/del/secrets/real?dryRun=All', { body: { ...secret('real'), stringData: { a: 'changed' } } });
    expect(put.json.data).toEqual({ a: Buffer.from('changed').toString('base64') });
    const patch = await s.request('PATCH', '/api/v1/namespaces/del/secrets/real?dryRun=All', { body: { metadata: { labels: { x: 'y' } } }, contentType: 'application/merge-patch+json' });
    expect(patch.json.metadata.labels).toEqual({ x: 'y' });
    const del = await s.request('DELETE', '/api/v1/namespaces/del/secrets/real?dryRun=All');
    expect(del.json.status).toBe('Success');
    const delBody = await s.request('DELETE', '/api/v1/namespaces/del/secrets/real', { body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    expect(delBody.status).toBe(200);
    const stored = (await s.request('GET', '/api/v1/namespaces/del/secrets/real')).json;
    expect(stored.data).toEqual({ a: 'Yg==' });
    expect(stored.metadata.labels).toBeUndefined();
    expect(s.store.currentResourceVersion()).toBe(afterCreate);
    expect(Number(afterCreate)).toBe(Number(before) + 1);

    const entries = s.log.slice(start).filter((e) => e.dryRun);
    expect(entries.map((e) => `${e.method} ${e.status} ${e.mutating}`)).toEqual(['POST 201 false', 'PUT 200 false', 'PATCH 200 false', 'DELETE 200 false', 'DELETE 200 false']);
  });

  test('a dry run still fails validation and conflicts', async () => {
    const invalid = await s.request('POST', '/api/v1/namespaces/del/secrets?dryRun=All', { body: secret('Bad_Name') });
    expect(invalid.status).toBe(422);
    const dup = await s.request('POST', '/api/v1/namespaces/del/secrets?dryRun=All', { body: secret('real') });
    expect(dup.status).toBe(409);
  });

  test('any other dryRun value is the Invalid error of the options object', async () => {
    const res = await s.request('POST', '/api/v1/namespaces/del/secrets?dryRun=true', { body: secret('x') });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"true"}: supported values: "All"');
    expect(s.log[s.log.length - 1]).toMatchObject({ method: 'POST', status: 422, mutating: true, dryRun: false });
  });
});

describe('watch', () => {
  test('streams current objects as ADDED, then changes, filtered by the selector', async () => {
    await s.request('POST', '/api/v1/namespaces/del/configmaps', { body: { metadata: { name: 'w1', labels: { watch: 'me' } } } });
    const lines: any[] = [];
    const req = httpsRequest(`${s.api.url}/api/v1/namespaces/del/configmaps?watch=true&labelSelector=watch%3Dme`, {
      ca: s.pki.ca.certPem,
      cert: s.pki.admin.certPem,
      key: s.pki.admin.keyPem,
      agent: false,
    });
    const done = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
            lines.push(JSON.parse(buffer.slice(0, i)));
            buffer = buffer.slice(i + 1);
          }
          if (lines.length === 3) resolve();
        });
      });
    });
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await s.request('POST', '/api/v1/namespaces/del/configmaps', { body: { metadata: { name: 'w-ignored' } } });
    await s.request('POST', '/api/v1/namespaces/del/configmaps', { body: { metadata: { name: 'w2', labels: { watch: 'me' } } } });
    await s.request('DELETE', '/api/v1/namespaces/del/configmaps/w1');
    await done;
    req.destroy();
    expect(lines.map((l) => `${l.type} ${l.object.metadata.name}`)).toEqual(['ADDED w1', 'ADDED w2', 'DELETED w1']);
  });
});
