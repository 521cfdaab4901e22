import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { describeObjects, findForeignObjects } from '../../../src/k8s/namespace-contents.js';
import type { ApiGroupInfo, ApiResourceInfo, K8sObject } from '../../../src/k8s/types.js';
import { apiResource, fakeClient } from '../../helpers/fake-client.js';

const res = apiResource;

/** What a 1.32 server offers, trimmed to the cases that matter. */
const DISCOVERY: Record<string, ApiResourceInfo[]> = {
  v1: [
    res('bindings', 'Binding', true, ['create']),
    res('configmaps', 'ConfigMap'),
    res('events', 'Event'),
    res('namespaces', 'Namespace', false),
    res('persistentvolumeclaims', 'PersistentVolumeClaim'),
    res('pods', 'Pod'),
    res('pods/log', 'Pod', true, ['get']),
    res('serviceaccounts', 'ServiceAccount'),
  ],
  'batch/v1': [res('cronjobs', 'CronJob'), res('jobs', 'Job')],
  'events.k8s.io/v1': [res('events', 'Event')],
  // Computed from the pods, nothing a namespace deletion removes.
  'metrics.k8s.io/v1beta1': [res('pods', 'PodMetrics', true, ['get', 'list'])],
  'stable.example.com/v1': [res('crontabs', 'CronTab')],
};

const GROUPS: ApiGroupInfo[] = [
  { name: '', versions: ['v1'], preferredVersion: 'v1' },
  { name: 'batch', versions: ['v1', 'v1beta1'], preferredVersion: 'v1' },
  { name: 'events.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
  { name: 'metrics.k8s.io', versions: ['v1beta1'], preferredVersion: 'v1beta1' },
  { name: 'stable.example.com', versions: ['v1'], preferredVersion: 'v1' },
];

function stubClient(objects: K8sObject[], overrides: { resources?: Record<string, ApiResourceInfo[] | Error>; failList?: Record<string, number> } = {}) {
  const client = fakeClient('rivendell', objects, { groups: GROUPS, resources: { ...DISCOVERY, ...overrides.resources }, failList: overrides.failList });
  // `apiVersion kind` of every list made.
  const listed = (): string[] => client.calls.filter((c) => c.startsWith('list ')).map((c) => c.slice('list '.length));
  return Object.defineProperty(client, 'listed', { get: listed }) as typeof client & { readonly listed: string[] };
}

const FED = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' };
const isOurs = (o: K8sObject): boolean => o.metadata.annotations?.['federation.alpha.kubernetes.io/federation-name'] === 'fellowship';
const inNs = (apiVersion: string, kind: string, name: string, meta: Record<string, unknown> = {}): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'federation-system', ...meta },
});

describe('findForeignObjects', () => {
  it("lists every namespaced, listable and deletable type of each group's preferred version, and nothing else", async () => {
    const client = stubClient([]);
    expect(await findForeignObjects(client, 'federation-system', { isOurs })).toEqual({ known: true, foreign: [] });
    expect(client.discovered.sort()).toEqual(['batch/v1', 'events.k8s.io/v1', 'metrics.k8s.io/v1beta1', 'stable.example.com/v1', 'v1']);
    expect(client.listed.sort()).toEqual([
      'batch/v1 CronJob',
      'batch/v1 Job',
      'stable.example.com/v1 CronTab',
      'v1 ConfigMap',
      'v1 PersistentVolumeClaim',
      'v1 Pod',
      'v1 ServiceAccount',
    ]);
  });

  it("returns the user's objects of any kind, a custom resource included, in discovery order", async () => {
    const client = stubClient([
      inNs('v1', 'ServiceAccount', 'default'),
      inNs('v1', 'ConfigMap', 'kube-root-ca.crt'),
      inNs('v1', 'ConfigMap', 'federation-settings', { annotations: FED }),
      inNs('batch/v1', 'Job', 'nightly-report', { uid: 'job-1' }),
      inNs('v1', 'Pod', 'nightly-report-7d9kq', { ownerReferences: [{ kind: 'Job', name: 'nightly-report', uid: 'job-1' }] }),
      inNs('stable.example.com/v1', 'CronTab', 'backup'),
    ]);
    const found = await findForeignObjects(client, 'federation-system', { isOurs });
    expect(found.known && found.foreign.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Pod/nightly-report-7d9kq', 'Job/nightly-report', 'CronTab/backup']);
    expect(found.known && describeObjects(found.foreign)).toBe('pod "nightly-report-7d9kq", job "nightly-report", crontab "backup"');
    expect(found.known && describeObjects(found.foreign, 1)).toBe('pod "nightly-report-7d9kq" and 2 more');
  });

  it('leaves out what our objects own, down the chain, also when the owner was just deleted', async () => {
    const client = stubClient([
      inNs('batch/v1', 'Job', 'migrate', { uid: 'job-1', annotations: FED }),
      inNs('v1', 'Pod', 'migrate-abcde', { ownerReferences: [{ kind: 'Job', name: 'migrate', uid: 'job-1' }] }),
      inNs('batch/v1', 'Job', 'compact-1700000000', { uid: 'job-2', ownerReferences: [{ kind: 'CronJob', name: 'compact', uid: 'cron-1' }] }),
      inNs('v1', 'Pod', 'compact-1700000000-xyz12', { ownerReferences: [{ kind: 'Job', name: 'compact-1700000000', uid: 'job-2' }] }),
      // Owned by one of ours and by someone else: someone else still wants it.
      inNs('v1', 'Pod', 'shared', { ownerReferences: [{ kind: 'Job', name: 'migrate', uid: 'job-1' }, { kind: 'Job', name: 'theirs', uid: 'job-9' }] }),
    ]);
    const found = await findForeignObjects(client, 'federation-system', { isOurs, deleted: [{ kind: 'CronJob', name: 'compact', uid: 'cron-1' }] });
    expect(found.known && found.foreign.map((o) => o.metadata.name)).toEqual(['shared']);
  });

  it('cannot tell when a type cannot be listed, or a group cannot be discovered', async () => {
    const forbidden = stubClient([], { failList: { CronTab: 403 } });
    expect(await findForeignObjects(forbidden, 'federation-system', { isOurs })).toEqual({
      known: false,
      reason: 'could not list crontabs.stable.example.com: Error from server (Forbidden): crontabs is forbidden: User "frodo" cannot list it',
    });
    const unavailable = stubClient([], { resources: { 'metrics.k8s.io/v1beta1': new KubeApiError(503, 'the server is currently unable to handle the request', { reason: 'ServiceUnavailable' }) } });
    const answer = await findForeignObjects(unavailable, 'federation-system', { isOurs });
    expect(answer.known).toBe(false);
    expect(!answer.known && answer.reason).toMatch(/^could not read the API server's resource types: /);
    expect(unavailable.listed).toEqual([]);
  });
});
