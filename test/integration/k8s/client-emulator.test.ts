/**
 * createClusterClient against the project's API emulator, reached through a kubeconfig the
 * emulator wrote and our own kubeconfig loader: the client works with the same server every
 * command test uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/describe-error.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { createClusterClient } from '../../../src/k8s/client.js';
import type { ClientOptions, K8sObject } from '../../../src/k8s/types.js';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { resolveContext } from '../../../src/kubeconfig/resolve.js';
import type { ResolvedContext } from '../../../src/kubeconfig/model.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';

describe('createClusterClient against the API emulator', () => {
  let emu: Emulator;
  let dir: string;
  let rivendell: ResolvedContext;
  let mordor: ResolvedContext;

  /** Retry plumbing with a clock that only moves when the client sleeps. */
  const fakeTime = () => {
    let now = 0;
    const sleeps: number[] = [];
    const options: ClientOptions = {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    return { sleeps, options };
  };

  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }, { name: 'mordor' }]);
    dir = mkdtempSync(join(tmpdir(), 'kubefed-client-emu-'));
    const file = join(dir, 'config');
    emu.writeKubeconfig(file);
    const loaded = loadKubeconfig({ paths: [file], explicit: true });
    rivendell = resolveContext(loaded, 'rivendell', '--context');
    mordor = resolveContext(loaded, 'mordor', '--context');
  });
  afterAll(async () => {
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    emu.cluster('rivendell').faults.clear();
  });

  const requestsTo = (path: string) => emu.cluster('rivendell').requests.filter((r) => r.path === path);
  const cm = (name: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
  const cmRef = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'default' });

  it('creates, reads, lists, patches, replaces and deletes with the admin client certificate', async () => {
    const client = await createClusterClient(rivendell);
    const created = await client.create(cm('crud', { a: '1' }));
    expect(created.metadata.uid).toEqual(expect.any(String));
    const fetched = await client.get(cmRef('crud'));
    expect(fetched?.data).toEqual({ a: '1' });
    expect(fetched?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect((await client.list('v1', 'ConfigMap', { namespace: 'default' })).map((o) => `${o.kind}/${o.metadata.name}`)).toContain('ConfigMap/crud');
    expect((await client.patch(cmRef('crud'), { data: { b: '2' } }, 'merge')).data).toEqual({ a: '1', b: '2' });
    const latest = (await client.get(cmRef('crud'))) as K8sObject;
    expect((await client.replace({ ...latest, data: { c: '3' } })).data).toEqual({ c: '3' });
    expect(await client.delete(cmRef('crud'))).toBe('deleted');
    expect(await client.get(cmRef('crud'))).toBeUndefined();
    expect(await client.delete(cmRef('crud'))).toBe('not-found');
    const calls = emu.cluster('rivendell').requests.filter((r) => r.path.startsWith('/api/v1/namespaces/default/configmaps'));
    expect(calls.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201', 'GET 200', 'GET 200', 'PATCH 200', 'GET 200', 'PUT 200', 'DELETE 200', 'GET 404', 'DELETE 404']);
    // The emulator maps the admin certificate's CN to the user.
    expect(new Set(calls.map((r) => r.user))).toEqual(new Set(['kubernetes-admin']));
  });

  it('throws KubeApiError AlreadyExists for a second create', async () => {
    const client = await createClusterClient(rivendell);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'twice' } });
    const err = await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'twice' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 409, reason: 'AlreadyExists', message: 'namespaces "twice" already exists' });
    expect(describeError(err).message).toBe('Error from server (AlreadyExists): namespaces "twice" already exists');
  });

  it('sends dryRun=All and the emulator stores nothing', async () => {
    const client = await createClusterClient(rivendell);
    const answer = await client.create(cm('dry', { a: '1' }), { dryRun: true });
    expect(answer.data).toEqual({ a: '1' });
    expect(await client.get(cmRef('dry'))).toBeUndefined();
    const post = requestsTo('/api/v1/namespaces/default/configmaps').filter((r) => r.method === 'POST').at(-1);
    expect(post).toMatchObject({ query: { dryRun: 'All', fieldManager: 'kubefed' }, dryRun: true, mutating: false, status: 201 });
  });

  it('authenticates with a bearer token', async () => {
    emu.cluster('rivendell').tokens.add('tok-client-test', { user: 'token-user', groups: ['system:masters'] });
    const withToken: ResolvedContext = { ...rivendell, userName: 'tok', user: { token: 'tok-client-test' } };
    const client = await createClusterClient(withToken);
    await client.get(cmRef('whatever'));
    expect(requestsTo('/api/v1/namespaces/default/configmaps/whatever').at(-1)?.user).toBe('token-user');
  });

  it('retries a GET answered 503 twice, then succeeds', async () => {
    const time = fakeTime();
    const client = await createClusterClient(rivendell, time.options);
    await client.create(cm('flaky', { a: '1' }));
    const path = '/api/v1/namespaces/default/configmaps/flaky';
    emu.cluster('rivendell').faults.add({ method: 'GET', path, times: 2, action: { type: 'status', status: 503 } });
    expect((await client.get(cmRef('flaky')))?.data).toEqual({ a: '1' });
    expect(time.sleeps).toEqual([200, 400]);
    expect(requestsTo(path).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('retries a GET whose connection was dropped, but not a POST', async () => {
    const time = fakeTime();
    const client = await createClusterClient(rivendell, time.options);
    await client.create(cm('dropped', {}));
    const path = '/api/v1/namespaces/default/configmaps/dropped';
    emu.cluster('rivendell').faults.add({ method: 'GET', path, times: 1, action: { type: 'drop' } });
    expect((await client.get(cmRef('dropped')))?.metadata.name).toBe('dropped');
    expect(time.sleeps).toEqual([200]);

    emu.cluster('rivendell').faults.add({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', times: 1, action: { type: 'drop' } });
    await expect(client.create(cm('never', {}))).rejects.toMatchObject({ code: 'ECONNRESET', server: rivendell.cluster.server });
    expect(time.sleeps).toEqual([200]);
    expect(await client.get(cmRef('never'))).toBeUndefined();
  });

  it('fails clearly when the kubeconfig trusts another cluster\'s CA', async () => {
    const wrongCa: ResolvedContext = { ...rivendell, cluster: { ...rivendell.cluster, 'certificate-authority-data': mordor.cluster['certificate-authority-data'] } };
    const client = await createClusterClient(wrongCa, fakeTime().options);
    const err = await client.get(cmRef('x')).catch((e: unknown) => e);
    const code = (err as { code?: string }).code;
    expect(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']).toContain(code);
    expect(describeError(err).message).toMatch(
      new RegExp(`^could not reach the API server ${rivendell.cluster.server}: the server's certificate (is not signed by|could not be verified with) the cluster's certificate authority \\(${code}\\)$`),
    );
  });
});
