/**
 * What a DELETE answers, kind by kind, as kube-apiserver 1.37.2 answered when asked (the real
 * tier's control plane): the object itself when its storage returns deleted objects or when the
 * delete is deferred — by a Pod's grace period, or by finalizers: the ones the object had, or the
 * garbage collector's that the propagation policy (or the kind's default) adds — and a Status
 * Success otherwise. The garbage collector then finishes what its finalizers deferred.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGarbageCollector } from '../../emulator/controllers/garbage-collector.js';
import { createWorkTracker } from '../../emulator/controllers/work-tracker.js';
import { namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
const tracker = createWorkTracker();
let stopGc: () => void;
beforeAll(async () => {
  s = await startTestServer();
  stopGc = startGarbageCollector({ store: s.store, now: () => new Date(), tracker });
  await s.request('POST', '/api/v1/namespaces', { body: namespace('del') });
});
afterAll(async () => {
  stopGc();
  tracker.stop();
  await s.close();
});

const pod = { containers: [{ name: 'c', image: 'busybox' }] };
const template = { metadata: { labels: { app: 'x' } }, spec: pod };
const selector = { matchLabels: { app: 'x' } };
/** Path of a collection in namespace `del` (or cluster-wide) and a minimal valid body of its kind. */
const KINDS: Record<string, [string, Record<string, unknown>]> = {
  ConfigMap: ['/api/v1/namespaces/del/configmaps', {}],
  ServiceAccount: ['/api/v1/namespaces/del/serviceaccounts', {}],
  Service: ['/api/v1/namespaces/del/services', { spec: { ports: [{ port: 80 }] } }],
  PodTemplate: ['/api/v1/namespaces/del/podtemplates', { template }],
  ResourceQuota: ['/api/v1/namespaces/del/resourcequotas', { spec: { hard: { pods: '10' } } }],
  Endpoints: ['/api/v1/namespaces/del/endpoints', {}],
  ReplicationController: ['/api/v1/namespaces/del/replicationcontrollers', { spec: { replicas: 0, selector: { app: 'x' }, template } }],
  Deployment: ['/apis/apps/v1/namespaces/del/deployments', { spec: { replicas: 0, selector, template } }],
  Job: ['/apis/batch/v1/namespaces/del/jobs', { spec: { suspend: true, template: { spec: { ...pod, restartPolicy: 'Never' } } } }],
  CronJob: ['/apis/batch/v1/namespaces/del/cronjobs', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { ...pod, restartPolicy: 'Never' } } } } } }],
  StorageClass: ['/apis/storage.k8s.io/v1/storageclasses', { provisioner: 'x.example.com' }],
  CSIDriver: ['/apis/storage.k8s.io/v1/csidrivers', { spec: {} }],
  Lease: ['/apis/coordination.k8s.io/v1/namespaces/del/leases', { spec: {} }],
};

async function createAndDelete(kind: string, name: string, query = ''): Promise<{ kind: string; finalizers?: string[]; grace?: number; status: number }> {
  const [path, body] = KINDS[kind];
  const apiVersion = path.startsWith('/api/') ? 'v1' : path.split('/').slice(2, 4).join('/');
  expect((await s.request('POST', path, { body: { apiVersion, kind, metadata: { name }, ...body } })).status).toBe(201);
  const res = await s.request('DELETE', `${path}/${name}${query}`);
  return { kind: res.json.kind, finalizers: res.json.metadata?.finalizers, grace: res.json.metadata?.deletionGracePeriodSeconds, status: res.status };
}

describe('an immediate delete', () => {
  test.each(['ServiceAccount', 'Service', 'PodTemplate', 'ResourceQuota', 'StorageClass', 'CSIDriver'])('of a %s answers the deleted object', async (kind) => {
    expect(await createAndDelete(kind, 'now')).toEqual({ kind, finalizers: undefined, grace: undefined, status: 200 });
  });

  test.each(['ConfigMap', 'Endpoints', 'Deployment', 'CronJob', 'Lease'])('of a %s answers a Status', async (kind) => {
    expect((await createAndDelete(kind, 'now')).kind).toBe('Status');
  });
});

describe('a deferred delete answers the marked object', () => {
  test.each(['ReplicationController', 'Job'])('a %s keeps its pods by default: orphan', async (kind) => {
    expect(await createAndDelete(kind, 'default')).toEqual({ kind, finalizers: ['orphan'], grace: 0, status: 200 });
  });

  test('propagationPolicy Orphan and Foreground add their finalizer to any kind', async () => {
    expect(await createAndDelete('ConfigMap', 'orphaned', '?propagationPolicy=Orphan')).toMatchObject({ kind: 'ConfigMap', finalizers: ['orphan'] });
    expect(await createAndDelete('Deployment', 'foreground', '?propagationPolicy=Foreground')).toMatchObject({ kind: 'Deployment', finalizers: ['foregroundDeletion'] });
    expect(await createAndDelete('Job', 'background', '?propagationPolicy=Background')).toMatchObject({ kind: 'Status' });
  });

  test('Events have no garbage-collection policy: never marked', async () => {
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'del' }, reason: 'R', message: 'm', type: 'Normal' };
    await s.request('POST', '/api/v1/namespaces/del/events', { body: event });
    expect((await s.request('DELETE', '/api/v1/namespaces/del/events/e?propagationPolicy=Orphan')).json.kind).toBe('Status');
  });
});

describe('a Pod is deleted gracefully once it is on a node', () => {
  const pods = '/api/v1/namespaces/del/pods';
  const podNamed = (name: string, nodeName?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...pod, ...(nodeName ? { nodeName } : {}) } });
  const seconds = (stamp: string) => Date.parse(stamp) / 1000;

  test('on a node: marked with its termination grace period, kept for the kubelet; a shorter period, or none, ends it', async () => {
    const created = (await s.request('POST', pods, { body: podNamed('running', 'node-1') })).json;
    const marked = (await s.request('DELETE', `${pods}/running`)).json;
    expect([marked.kind, marked.metadata.deletionGracePeriodSeconds]).toEqual(['Pod', 30]);
    expect(seconds(marked.metadata.deletionTimestamp) - seconds(created.metadata.creationTimestamp)).toBeGreaterThanOrEqual(30);
    // Asked again without a shorter period: nothing changes.
    expect((await s.request('DELETE', `${pods}/running`)).json.metadata).toMatchObject({ resourceVersion: marked.metadata.resourceVersion });
    const shorter = (await s.request('DELETE', `${pods}/running`, { body: { gracePeriodSeconds: 5 } })).json;
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(seconds(marked.metadata.deletionTimestamp) - seconds(shorter.metadata.deletionTimestamp)).toBe(25);
    const forced = (await s.request('DELETE', `${pods}/running?gracePeriodSeconds=0`)).json;
    expect([forced.kind, forced.metadata.deletionGracePeriodSeconds]).toEqual(['Pod', 0]);
    expect((await s.request('GET', `${pods}/running`)).status).toBe(404);
  });

  test('not scheduled: gone at once, answered with the zero-period mark it went with', async () => {
    const gone = (await s.request('DELETE', `${pods}/${(await s.request('POST', pods, { body: podNamed('pending') })).json.metadata.name}`)).json;
    expect([gone.kind, gone.metadata.deletionGracePeriodSeconds, typeof gone.metadata.deletionTimestamp]).toEqual(['Pod', 0, 'string']);
    expect((await s.request('GET', `${pods}/pending`)).status).toBe(404);
  });
});

describe('the garbage collector finishes a deferred delete', () => {
  const owned = (name: string, owner: { metadata: { name: string; uid: string } }) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid }] },
  });
  const cm = '/api/v1/namespaces/del/configmaps';

  test('orphan: the dependent stays without its reference, the owner goes', async () => {
    const owner = (await s.request('POST', cm, { body: { metadata: { name: 'parent-o' } } })).json;
    await s.request('POST', cm, { body: owned('child-o', owner) });
    await s.request('DELETE', `${cm}/parent-o?propagationPolicy=Orphan`);
    await tracker.settle();
    expect((await s.request('GET', `${cm}/parent-o`)).status).toBe(404);
    expect((await s.request('GET', `${cm}/child-o`)).json.metadata.ownerReferences).toBeUndefined();
  });

  test('foregroundDeletion: the dependent goes first, then the owner; another finalizer still holds it', async () => {
    const owner = (await s.request('POST', cm, { body: { metadata: { name: 'parent-f', finalizers: ['example.com/hold'] } } })).json;
    await s.request('POST', cm, { body: owned('child-f', owner) });
    expect((await s.request('DELETE', `${cm}/parent-f?propagationPolicy=Foreground`)).json.metadata.finalizers).toEqual(['example.com/hold', 'foregroundDeletion']);
    await tracker.settle();
    expect((await s.request('GET', `${cm}/child-f`)).status).toBe(404);
    expect((await s.request('GET', `${cm}/parent-f`)).json.metadata.finalizers).toEqual(['example.com/hold']);
  });
});
