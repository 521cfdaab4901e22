import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { createApplier, type ApplierOptions, type ApplyResult } from '../../../src/k8s/apply.js';
import { describeRef } from '../../../src/k8s/refs.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../../../src/k8s/types.js';
import { fakeClient as sharedFake } from '../../helpers/fake-client.js';


/** The shared fake with its call log and hooks, as these tests read them. */
function fakeClient(initial: K8sObject[] = []) {
  const client = sharedFake('test', initial);
  const hooks = {
    set beforeCreate(fn: (obj: K8sObject) => void) {
      client.beforeCreate = fn;
    },
    set deleteError(fn: (ref: ObjectRef) => unknown) {
      client.deleteError = fn;
    },
  };
  return { client, store: client.objects, calls: client.calls, hooks };
}

/** Applies the objects in order through one applier, as a command run does. */
async function applyAll(client: ClusterClient, objects: K8sObject[], options: ApplierOptions & { onResult?: (r: ApplyResult) => void } = {}): Promise<ApplyResult[]> {
  const applier = createApplier(options);
  const results: ApplyResult[] = [];
  for (const object of objects) {
    const result = await applier.apply(client, object);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

const ns = (name: string, labels?: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } });
const cm = (name: string, data: Record<string, string>, namespace = 'federation-system'): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

describe('the applier', () => {
  it('creates what is missing, keeps what matches, repairs what drifted, in order', async () => {
    const live = cm('kept', { a: '1' });
    live.metadata.resourceVersion = '5';
    (live.data as Record<string, string>).userKey = 'theirs';
    const { client, calls } = fakeClient([live, cm('drifted', { a: '2', b: 'x' })]);
    const seen: string[] = [];
    const results = await applyAll(client, [cm('new', { a: '1' }), cm('kept', { a: '1' }), cm('drifted', { a: '1' })], {
      onResult: (r) => seen.push(`${r.action} ${r.ref.name}`),
    });
    expect(results.map((r) => [r.action, r.ref.name])).toEqual([
      ['created', 'new'],
      ['kept', 'kept'],
      ['repaired', 'drifted'],
    ]);
    expect(seen).toEqual(['created new', 'kept kept', 'repaired drifted']);
    expect(calls).toEqual([
      'get ConfigMap/federation-system/new',
      'create ConfigMap/federation-system/new',
      'get ConfigMap/federation-system/kept',
      'get ConfigMap/federation-system/drifted',
      'patch ConfigMap/federation-system/drifted merge {"data":{"a":"1"}}',
    ]);
    expect(results[0].object.metadata.resourceVersion).toBeDefined();
    expect(results[1].object.metadata.resourceVersion).toBe('5');
    expect(results[2].object.data).toEqual({ a: '1', b: 'x' });
  });

  it('treats AlreadyExists on create as "exists" and carries on comparing', async () => {
    const { client, store, calls, hooks } = fakeClient();
    // Another writer creates the namespace between our GET and our POST.
    hooks.beforeCreate = (obj) => store.set(`Namespace//${obj.metadata.name}`, ns(obj.metadata.name, { owner: 'other' }));
    const results = await applyAll(client, [ns('federation-system', { owner: 'other' })]);
    expect(results.map((r) => r.action)).toEqual(['kept']);
    expect(calls).toEqual(['get Namespace//federation-system', 'create Namespace//federation-system', 'get Namespace//federation-system']);
  });

  it('does not read again what the caller has just read, and still adopts or refuses on AlreadyExists', async () => {
    const { client, store, calls, hooks } = fakeClient([cm('known', { a: '2' })]);
    const applier = createApplier();
    expect((await applier.apply(client, cm('fresh', { a: '1' }), { knownLive: null })).action).toBe('created');
    const known = store.get('ConfigMap/federation-system/known') as K8sObject;
    expect((await applier.apply(client, cm('known', { a: '1' }), { knownLive: known })).action).toBe('repaired');
    expect(calls).toEqual(['create ConfigMap/federation-system/fresh', 'patch ConfigMap/federation-system/known merge {"data":{"a":"1"}}']);
    // Said to be absent, but someone else's object is there by the time of the create: refused, not changed.
    hooks.beforeCreate = (obj) => store.set(`ConfigMap/federation-system/${obj.metadata.name}`, cm(obj.metadata.name, { a: 'theirs' }));
    await expect(applier.apply(client, cm('raced', { a: '1' }), { knownLive: null })).rejects.toThrow(/raced/);
    expect((store.get('ConfigMap/federation-system/raced') as K8sObject).data).toEqual({ a: 'theirs' });
    expect(applier.attempted.map((a) => a.ref.name)).toEqual(['fresh']);
  });

  it('stops at the first failure, after reporting the objects before it', async () => {
    const { client, hooks } = fakeClient();
    hooks.beforeCreate = (obj) => {
      if (obj.metadata.name === 'bad') throw new KubeApiError(422, 'ConfigMap "bad" is invalid', { reason: 'Invalid' });
    };
    const seen: ApplyResult[] = [];
    const run = applyAll(client, [cm('good', {}), cm('bad', {}), cm('never', {})], { onResult: (r) => seen.push(r) });
    await expect(run).rejects.toMatchObject({ status: 422, message: 'ConfigMap "bad" is invalid' });
    expect(seen.map((r) => r.ref.name)).toEqual(['good']);
  });

  it('sends every write as a dry run, and does not ask the server about objects in a namespace it is only now "creating"', async () => {
    const { client, calls, store } = fakeClient();
    const results = await applyAll(client, [ns('federation-system'), cm('c', { a: '1' }), cm('elsewhere', {}, 'default')], { dryRun: 'server' });
    expect(results.map((r) => [r.action, r.ref.name, r.unchecked ?? false])).toEqual([
      ['created', 'federation-system', false],
      ['created', 'c', true],
      ['created', 'elsewhere', false],
    ]);
    expect(results[1].object).toEqual(cm('c', { a: '1' }));
    expect(calls).toEqual([
      'get Namespace//federation-system',
      'create Namespace//federation-system dryRun',
      'get ConfigMap/default/elsewhere',
      'create ConfigMap/default/elsewhere dryRun',
    ]);
    expect(store.size).toBe(0);
  });

  it('repairs with a dry-run patch under --dry-run=server', async () => {
    const { client, calls } = fakeClient([cm('c', { a: '2' })]);
    await applyAll(client, [cm('c', { a: '1' })], { dryRun: 'server' });
    expect(calls.at(-1)).toBe('patch ConfigMap/federation-system/c merge {"data":{"a":"1"}} dryRun');
  });
});

describe('the applier: deletions', () => {
  it('reports each outcome, and a failure is returned, not thrown', async () => {
    const { client, hooks, calls } = fakeClient([cm('a', {}), cm('c', {})]);
    const boom = new KubeApiError(403, 'forbidden', { reason: 'Forbidden' });
    hooks.deleteError = (ref) => (ref.name === 'a' ? boom : undefined);
    const refs = ['a', 'b', 'c'].map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'federation-system' }));
    const applier = createApplier();
    const results = [];
    for (const ref of refs) results.push(await applier.remove(client, ref));
    expect(results).toEqual([
      { ref: refs[0], result: 'failed', error: boom },
      { ref: refs[1], result: 'already gone' },
      { ref: refs[2], result: 'deleted' },
    ]);
    expect(calls).toEqual(refs.map((r) => `delete ConfigMap/federation-system/${r.name}`));
  });
});

describe('describeRef', () => {
  it('names objects the way the messages do', () => {
    expect(describeRef({ kind: 'Deployment', name: 'apiserver' })).toBe('deployment "apiserver"');
    expect(describeRef({ kind: 'ClusterRoleBinding', name: 'federation-controller-manager:fed-gondor' })).toBe(
      'clusterrolebinding "federation-controller-manager:fed-gondor"',
    );
  });
});

describe('the applier: modes and its record of what it created', () => {
  it('remembers what it created, with the caller tag, and nothing it kept or repaired', async () => {
    const { client } = fakeClient([cm('kept', { a: '1' }), cm('drifted', { a: '2' })]);
    const applier = createApplier<string>();
    for (const [object, tag] of [[cm('new', {}), 'one'], [cm('kept', { a: '1' }), 'two'], [cm('drifted', { a: '1' }), 'three']] as const) {
      await applier.apply(client, object, { tag });
    }
    expect(applier.created.map((c) => [c.ref.name, c.tag, c.client === client])).toEqual([['new', 'one', true]]);
  });

  it('leaves an existing object as it is when asked to keep it', async () => {
    const { client, calls } = fakeClient([ns('federation-system', { theirs: 'yes' })]);
    const result = await createApplier().apply(client, ns('federation-system'), { keepExisting: true });
    expect(result.action).toBe('kept');
    expect(calls).toEqual(['get Namespace//federation-system']);
  });

  it('creates without a read what the caller knows is absent, and still adopts or refuses what it meets', async () => {
    const { client, calls } = fakeClient([cm('ours', { a: '1' }), cm('theirs', { a: 'x' })]);
    const applier = createApplier();
    expect((await applier.apply(client, cm('new', { a: '1' }), { knownLive: null })).action).toBe('created');
    expect((await applier.apply(client, cm('ours', { a: '1' }), { knownLive: null })).action).toBe('kept');
    await expect(applier.apply(client, cm('theirs', { a: '1' }), { knownLive: null })).rejects.toThrow(/already exists and is not the one kubefed would write/);
    expect(calls.filter((c) => c.startsWith('get ')).map((c) => c.slice(4))).toEqual(['ConfigMap/federation-system/ours', 'ConfigMap/federation-system/theirs']);
    expect(applier.created.map((c) => c.ref.name)).toEqual(['new']);
    expect(applier.attempted.map((c) => c.ref.name)).toEqual(['new']);
  });

  it('keeps a true record when applies overlap, one of them failing', async () => {
    const { client } = fakeClient([cm('theirs', { a: 'x' })]);
    const applier = createApplier();
    const objects = [cm('one', {}), cm('theirs', { a: '1' }), cm('two', {}), cm('three', {})];
    const settled = await Promise.allSettled(objects.map((o) => applier.apply(client, o, { knownLive: null })));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(applier.created.map((c) => c.ref.name).sort()).toEqual(['one', 'three', 'two']);
    expect(applier.attempted.map((c) => [c.ref.name, c.confirmed]).sort()).toEqual([['one', true], ['three', true], ['two', true]]);
  });

  it('sends nothing in a client dry run: applies come back unchecked, a deletion only asks whether the object is there', async () => {
    const { client, calls } = fakeClient([cm('there', {})]);
    const applier = createApplier({ dryRun: 'client' });
    const applied = await applier.apply(client, cm('new', { a: '1' }));
    expect(applied).toMatchObject({ action: 'created', unchecked: true, object: cm('new', { a: '1' }) });
    expect(await applier.replace(client, cm('there', { a: '2' }))).toEqual(cm('there', { a: '2' }));
    const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'federation-system' });
    expect((await applier.remove(client, ref('there'))).result).toBe('deleted');
    expect((await applier.remove(client, ref('gone'))).result).toBe('already gone');
    expect(calls).toEqual(['get ConfigMap/federation-system/there', 'get ConfigMap/federation-system/gone']);
    expect(applier.created).toEqual([]);
  });

  it('creates nothing for a rollback in a server dry run', async () => {
    const { client } = fakeClient();
    const applier = createApplier({ dryRun: 'server' });
    await applier.apply(client, cm('c', {}));
    expect(applier.created).toEqual([]);
  });
});

describe('the applier: retries that cannot duplicate', () => {
  const reset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  const retry = () => {
    const slept: number[] = [];
    return { slept, retry: { now: () => 0, sleep: async (ms: number) => void slept.push(ms), deadline: 60_000 } };
  };

  it('retries a create whose answer was lost, and adopts the object it finds as its own', async () => {
    const { client, store } = fakeClient();
    let lost = 0;
    // The first create is stored, then the connection drops before the answer.
    const flaky = { ...client, create: async (obj: K8sObject, o?: { dryRun?: boolean }) => (lost++ === 0 ? (await client.create(obj, o), Promise.reject(reset())) : client.create(obj, o)) };
    const { slept, retry: options } = retry();
    const applier = createApplier<string>({ retry: options });
    const result = await applier.apply(flaky, cm('c', { a: '1' }), { tag: 'host' });
    expect(result.action).toBe('created');
    expect([...store.keys()]).toEqual(['ConfigMap/federation-system/c']);
    expect(slept).toHaveLength(1);
    expect(applier.created.map((c) => [c.ref.name, c.tag])).toEqual([['c', 'host']]);
    expect(applier.attempted.map((c) => [c.ref.name, c.confirmed])).toEqual([['c', true]]);
  });

  it('retries a create on 503 and 429, and not on 422', async () => {
    const { client, calls } = fakeClient();
    client.failCreate('ConfigMap', 503);
    const { slept, retry: options } = retry();
    await createApplier({ retry: options }).apply(client, cm('c', {}));
    expect(calls.filter((c) => c.startsWith('create'))).toEqual(['create ConfigMap/federation-system/c', 'create ConfigMap/federation-system/c']);
    expect(slept).toHaveLength(1);
    client.failCreate('ConfigMap', 422);
    await expect(createApplier({ retry: options }).apply(client, cm('d', {}))).rejects.toMatchObject({ status: 422 });
    expect(slept).toHaveLength(1);
  });

  it('stops, naming the object and why, when the object under our name is not the one we would write', async () => {
    const { client, store, hooks } = fakeClient();
    hooks.beforeCreate = (obj) => store.set(`ConfigMap/federation-system/${obj.metadata.name}`, cm(obj.metadata.name, { a: 'theirs' }));
    const applier = createApplier({ retry: retry().retry });
    await expect(applier.apply(client, cm('c', { a: '1' }))).rejects.toThrow(
      'configmap "federation-system/c" already exists and is not the one kubefed would write (it differs in data); remove it, or choose another name',
    );
    expect(store.get('ConfigMap/federation-system/c')?.data).toEqual({ a: 'theirs' });
    // Not ours: a rollback leaves it alone.
    expect(applier.attempted).toEqual([]);
  });

  it('remembers a create that failed without an answer, so a rollback can delete it by name', async () => {
    const { client } = fakeClient();
    const broken = { ...client, create: async (obj: K8sObject, o?: { dryRun?: boolean }) => (await client.create(obj, o), Promise.reject(new KubeApiError(403, 'forbidden', { reason: 'Forbidden' }))) };
    const applier = createApplier({ retry: retry().retry });
    await expect(applier.apply(broken, cm('c', {}))).rejects.toMatchObject({ status: 403 });
    expect(applier.created).toEqual([]);
    expect(applier.attempted.map((a) => [a.ref.name, a.confirmed])).toEqual([['c', false]]);
    expect((await applier.remove(client, applier.attempted[0].ref)).result).toBe('deleted');
  });

  it('re-reads the object on 409 Conflict and patches again', async () => {
    const { client, calls } = fakeClient([cm('c', { a: '2' })]);
    let conflicts = 0;
    const busy = { ...client, patch: (...args: Parameters<typeof client.patch>) => (conflicts++ === 0 ? Promise.reject(new KubeApiError(409, 'the object has been modified', { reason: 'Conflict' })) : client.patch(...args)) };
    const result = await createApplier().apply(busy, cm('c', { a: '1' }));
    expect(result.action).toBe('repaired');
    expect(result.object.data).toEqual({ a: '1' });
    expect(calls).toEqual([
      'get ConfigMap/federation-system/c',
      'get ConfigMap/federation-system/c',
      'patch ConfigMap/federation-system/c merge {"data":{"a":"1"}}',
    ]);
  });
});
