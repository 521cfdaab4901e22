import { describe, expect, it } from 'vitest';
import type { ResourceType, StoredObject } from '../../emulator/contracts.js';
import { kubernetesResourceTypes } from '../../emulator/registry.js';
import { createPendingWrites } from './pending-writes.js';
import { mergePatch, planDelete, planUpdate } from './write-plan.js';

const types = kubernetesResourceTypes();
const typeOf = (kind: string) => types.find((t) => t.kind === kind) as ResourceType;

function pod(extra: Partial<StoredObject> = {}): StoredObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '7', labels: { a: '1' } }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending', qosClass: 'Burstable' }, ...extra };
}

describe('write plan', () => {
  it('places a Pod through the binding subresource, never by updating spec.nodeName', () => {
    const before = pod();
    const after = { ...before, spec: { ...(before.spec as object), nodeName: 'n1' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } };
    expect(planUpdate(typeOf('Pod'), before, after)).toEqual([
      { method: 'POST', path: '/api/v1/namespaces/ns/pods/p/binding', body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n1' } } },
    ]);
  });

  it("writes a Pod's status as a merge patch of the status subresource, keeping the server's qosClass", () => {
    const before = pod();
    const after = { ...before, metadata: { ...before.metadata, resourceVersion: 'stale' }, status: { phase: 'Running', podIP: '10.244.0.2', qosClass: 'BestEffort' } };
    expect(planUpdate(typeOf('Pod'), before, after)).toEqual([
      { method: 'PATCH', path: '/api/v1/namespaces/ns/pods/p/status', body: { status: { phase: 'Running', podIP: '10.244.0.2' } }, contentType: 'application/merge-patch+json' },
    ]);
  });

  it('clears a Service ingress with nulls, and sends nothing when nothing changed', () => {
    const svc: StoredObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ns' }, spec: { type: 'ClusterIP' }, status: { loadBalancer: { ingress: [{ ip: '127.0.0.9' }] } } };
    const cleared = { ...svc, status: { loadBalancer: {} } };
    expect(planUpdate(typeOf('Service'), svc, cleared)).toEqual([
      { method: 'PATCH', path: '/api/v1/namespaces/ns/services/s/status', body: { status: { loadBalancer: { ingress: null } } }, contentType: 'application/merge-patch+json' },
    ]);
    expect(planUpdate(typeOf('Service'), svc, structuredClone(svc))).toEqual([]);
  });

  it('patches kinds without a status subresource as a whole (an Event count)', () => {
    const ev: StoredObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'ns', resourceVersion: '3' }, count: 1, reason: 'FailedMount' };
    expect(planUpdate(typeOf('Event'), ev, { ...ev, count: 2 })).toEqual([{ method: 'PATCH', path: '/api/v1/namespaces/ns/events/e', body: { count: 2 }, contentType: 'application/merge-patch+json' }]);
  });

  it('deletes a Pod at once and only the one it saw (uid precondition)', () => {
    expect(planDelete(typeOf('Pod'), pod()).body).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: 'u1' }, gracePeriodSeconds: 0 });
  });

  it('merge patches replace arrays whole and leave equal parts out', () => {
    expect(mergePatch({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [1, 2], b: { c: 1, e: 3 } })).toEqual({ b: { d: null, e: 3 } });
    expect(mergePatch({ a: [1, 2] }, { a: [2] })).toEqual({ a: [2] });
  });
});

describe('pending writes', () => {
  const obj = (rv: string): StoredObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: rv } });

  it('shows the written object until the cache holds the version the server answered', () => {
    const pending = createPendingWrites();
    pending.note('k', obj('5'), '5');
    expect(pending.read('k')).toEqual(obj('5'));
    pending.finished('k', true, '9', obj('5'));
    pending.observed('k', obj('8'));
    expect(pending.read('k')).toBeDefined();
    pending.observed('k', obj('9'));
    expect(pending.read('k')).toBeUndefined();
  });

  it('falls back to the cache when a write failed, and counts an answer without a version as any newer one', () => {
    const pending = createPendingWrites();
    pending.note('k', obj('5'), '5');
    pending.finished('k', false, undefined, obj('5'));
    expect(pending.read('k')).toBeUndefined();
    pending.note('k', obj('5'), '5');
    pending.finished('k', true, undefined, obj('5'));
    pending.observed('k', obj('6'));
    expect(pending.read('k')).toBeUndefined();
  });

  it('hides a deleted object until the watch shows it gone', () => {
    const pending = createPendingWrites();
    pending.note('k', null, '5');
    expect(pending.read('k')).toBeNull();
    pending.finished('k', true, '6', obj('6'));
    pending.observed('k', undefined);
    expect(pending.read('k')).toBeUndefined();
  });
});
