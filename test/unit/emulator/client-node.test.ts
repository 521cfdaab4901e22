/**
 * @kubernetes/client-node against the emulator: discovery-driven object calls, every patch
 * strategy, and API errors that reach the client as ApiException with the server's Status.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { namespace, startTestServer, type TestServer } from './harness.js';

type K8s = typeof import('@kubernetes/client-node');
let k8s: K8s;
let s: TestServer;
let api: InstanceType<K8s['KubernetesObjectApi']>;

beforeAll(async () => {
  k8s = await import('@kubernetes/client-node');
  s = await startTestServer();
  await s.request('POST', '/api/v1/namespaces', { body: namespace('cn') });
  const kc = new k8s.KubeConfig();
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  kc.loadFromOptions({
    clusters: [{ name: 'emu', server: s.api.url, caData: b64(s.pki.ca.certPem), skipTLSVerify: false }],
    users: [{ name: 'admin', certData: b64(s.pki.admin.certPem), keyData: b64(s.pki.admin.keyPem) }],
    contexts: [{ name: 'emu', cluster: 'emu', user: 'admin', namespace: 'cn' }],
    currentContext: 'emu',
  });
  api = k8s.KubernetesObjectApi.makeApiClient(kc);
});
afterAll(() => s.close());

const deployment = (name = 'web') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'cn', labels: { app: 'web' } },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
});

async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(k8s.ApiException);
    const e = err as InstanceType<K8s['ApiException']>;
    return { code: e.code, body: JSON.parse(e.body as string) };
  }
  throw new Error('expected the call to fail');
}

describe('KubernetesObjectApi', () => {
  test('create, read, list, replace and delete', async () => {
    const created = (await api.create(deployment())) as { metadata?: { uid?: string } };
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const read = await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'cn' } });
    expect((read as any).spec.replicas).toBe(1);
    const list = await api.list('apps/v1', 'Deployment', 'cn');
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['web']);
    const replaced = await api.replace({ ...deployment(), spec: { ...deployment().spec, replicas: 2 } } as any);
    expect((replaced as any).spec.replicas).toBe(2);
    expect(s.log.some((e) => e.path === '/apis/apps/v1' && e.method === 'GET')).toBe(true);
  });

  test('every patch strategy', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'cn' } };
    const merged = await api.patch({ ...ref, metadata: { ...ref.metadata, labels: { merged: 'yes' } } }, undefined, undefined, undefined, undefined, k8s.PatchStrategy.MergePatch);
    expect(merged.metadata?.labels).toEqual({ app: 'web', merged: 'yes' });
    const strategic = await api.patch(
      { ...ref, spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } } as any,
      undefined,
      undefined,
      undefined,
      undefined,
      k8s.PatchStrategy.StrategicMergePatch,
    );
    expect((strategic as any).spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'sidecar']);
    const applied = await api.patch({ ...ref, spec: { replicas: 4 } } as any, undefined, undefined, 'kubefed', true, k8s.PatchStrategy.ServerSideApply);
    expect((applied as any).spec.replicas).toBe(4);
    expect(s.log[s.log.length - 1].query).toMatchObject({ fieldManager: 'kubefed', force: 'true' });
  });

  test('dry-run create stores nothing', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry', namespace: 'cn' }, data: { a: 'b' } };
    const result = await api.create(cm, undefined, 'All');
    expect(result.metadata?.name).toBe('dry');
    expect(s.log[s.log.length - 1]).toMatchObject({ method: 'POST', dryRun: true, mutating: false, query: { dryRun: 'All' } });
    const missing = await apiError(api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry', namespace: 'cn' } }));
    expect(missing.code).toBe(404);
  });

  test('404 and 409 arrive as ApiException with the Status body', async () => {
    const notFound = await apiError(api.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'absent', namespace: 'cn' } }));
    expect(notFound).toEqual({
      code: 404,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'secrets "absent" not found', reason: 'NotFound', details: { name: 'absent', kind: 'secrets' }, code: 404 },
    });
    const conflict = await apiError(api.create(deployment()));
    expect(conflict.code).toBe(409);
    expect(conflict.body).toMatchObject({ reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });
    const invalid = await apiError(api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid', namespace: 'cn' } }));
    expect(invalid.code).toBe(422);
    expect(invalid.body.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
  });

  test('delete answers, then reads are 404', async () => {
    await api.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'cn' } }, undefined, undefined, undefined, undefined, 'Background');
    expect(s.log[s.log.length - 1]).toMatchObject({ method: 'DELETE', status: 200 });
    const gone = await apiError(api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'cn' } }));
    expect(gone.code).toBe(404);
  });

  test('a Foreground delete answers the marked object, which stays until the garbage collector is done', async () => {
    await api.create(deployment('fg'));
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fg', namespace: 'cn' } };
    await api.delete(ref, undefined, undefined, undefined, undefined, 'Foreground');
    expect(s.log[s.log.length - 1]).toMatchObject({ method: 'DELETE', status: 200 });
    // This server runs no garbage collector: the finalizer stays.
    expect((await api.read(ref)).metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionGracePeriodSeconds: 0 });
  });

  test('typed CoreV1Api calls work too', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'emu', server: s.api.url, caData: Buffer.from(s.pki.ca.certPem).toString('base64') }],
      users: [{ name: 'basic', username: 'alice', password: 's3cret' }],
      contexts: [{ name: 'emu', cluster: 'emu', user: 'basic' }],
      currentContext: 'emu',
    });
    const ns = await kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: 'cn' });
    expect(ns.status?.phase).toBe('Active');
    expect(s.log[s.log.length - 1].user).toBe('alice');
  });
});
