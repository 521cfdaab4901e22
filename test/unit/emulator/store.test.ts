import { describe, expect, test } from 'vitest';
import type { WatchEvent } from '../../emulator/contracts.js';
import { federationResourceTypes, kubernetesResourceTypes } from '../../emulator/registry.js';
import { createStore } from '../../emulator/store.js';

const types = kubernetesResourceTypes();
const byResource = (resource: string) => types.find((t) => t.resource === resource)!;
const secrets = byResource('secrets');
const deployments = byResource('deployments');
const namespaces = byResource('namespaces');

function newStore() {
  let n = 0;
  return createStore(types, { now: () => new Date('2026-01-02T03:04:05.678Z'), uid: () => `uid-${++n}` });
}

const secret = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'ns', ...(labels ? { labels } : {}) },
  data: { k: 'dg==' },
});

describe('createStore', () => {
  test('create assigns uid, resourceVersion from one counter, and a whole-second timestamp', () => {
    const store = newStore();
    const a = store.create(secrets, secret('a'));
    const b = store.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', namespace: 'ignored' } });
    expect(a.metadata).toEqual({ name: 'a', namespace: 'ns', uid: 'uid-1', resourceVersion: '1', creationTimestamp: '2026-01-02T03:04:05Z' });
    expect(b.metadata).toEqual({ name: 'ns', uid: 'uid-2', resourceVersion: '2', creationTimestamp: '2026-01-02T03:04:05Z' });
    expect(Object.keys(a)).toEqual(['kind', 'apiVersion', 'metadata', 'data']);
    expect(store.currentResourceVersion()).toBe('2');
  });

  test('reads and writes are deep copies', () => {
    const store = newStore();
    const input = secret('a');
    store.create(secrets, input);
    input.data.k = 'changed';
    const read = store.get(secrets, 'ns', 'a')!;
    (read.data as Record<string, string>).k = 'mutated';
    expect(store.get(secrets, 'ns', 'a')!.data).toEqual({ k: 'dg==' });
  });

  test('AlreadyExists, NotFound and Conflict carry the real messages', () => {
    const store = newStore();
    store.create(secrets, secret('a'));
    expect(() => store.create(secrets, secret('a'))).toThrow('secrets "a" already exists');
    expect(() => store.update(secrets, secret('missing'))).toThrow('secrets "missing" not found');
    const stale = { ...secret('a'), metadata: { name: 'a', namespace: 'ns', resourceVersion: '999' } };
    try {
      store.update(secrets, stale);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 409, reason: 'Conflict', details: { name: 'a', kind: 'secrets' } });
    }
    store.create(deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' }, spec: {} });
    expect(() => store.update(deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns', resourceVersion: '1' }, spec: {} })).toThrow(
      'Operation cannot be fulfilled on deployments.apps "d": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  test('update keeps uid and creationTimestamp, accepts no resourceVersion, and bumps generation only on spec changes', () => {
    const store = newStore();
    const created = store.create(deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' }, spec: { replicas: 1 } });
    expect(created.metadata.generation).toBe(1);
    const labelled = store.update(deployments, { ...created, metadata: { name: 'd', namespace: 'ns', uid: 'forged', labels: { a: 'b' } } });
    expect(labelled.metadata).toMatchObject({ uid: 'uid-1', generation: 1, resourceVersion: '2', creationTimestamp: '2026-01-02T03:04:05Z' });
    const statusOnly = store.update(deployments, { ...labelled, status: { replicas: 1 } });
    expect(statusOnly.metadata.generation).toBe(1);
    const scaled = store.update(deployments, { ...statusOnly, spec: { replicas: 3 } });
    expect(scaled.metadata.generation).toBe(2);
    // Secrets have no generation on a real server.
    expect(store.create(secrets, secret('s')).metadata.generation).toBeUndefined();
  });

  test('generateName gets a 5-character suffix from the Kubernetes alphabet', () => {
    const store = newStore();
    const a = store.create(secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: '', generateName: 'token-', namespace: 'ns' } });
    const b = store.create(secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: '', generateName: 'token-', namespace: 'ns' } });
    expect(a.metadata.name).toMatch(/^token-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.metadata.name).not.toBe(a.metadata.name);
  });

  test('list filters by namespace and label selector, sorted by namespace and name', () => {
    const store = newStore();
    store.create(secrets, secret('b', { app: 'x', tier: 'web' }));
    store.create(secrets, secret('a', { app: 'y' }));
    store.create(secrets, { ...secret('c', { app: 'x' }), metadata: { name: 'c', namespace: 'other', labels: { app: 'x' } } });
    const names = (ns?: string, sel?: string) => store.list(secrets, ns, sel).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names()).toEqual(['ns/a', 'ns/b', 'other/c']);
    expect(names('ns')).toEqual(['ns/a', 'ns/b']);
    expect(names(undefined, 'app=x')).toEqual(['ns/b', 'other/c']);
    expect(names(undefined, 'app in (x,y),!tier')).toEqual(['ns/a', 'other/c']);
  });

  test('delete returns the removed object with a new resourceVersion, or undefined', () => {
    const store = newStore();
    store.create(secrets, secret('a'));
    expect(store.delete(secrets, 'ns', 'a')?.metadata.resourceVersion).toBe('2');
    expect(store.delete(secrets, 'ns', 'a')).toBeUndefined();
    expect(store.get(secrets, 'ns', 'a')).toBeUndefined();
  });

  test('listeners run after the write returns, never inside it', async () => {
    const store = newStore();
    const events: WatchEvent['type'][] = [];
    const off = store.onChange((e) => events.push(e.type));
    store.create(secrets, secret('a'));
    store.update(secrets, secret('a'));
    store.delete(secrets, 'ns', 'a');
    expect(events).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    off();
    store.create(secrets, secret('b'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(3);
  });

  test('typeFor and typeForResource resolve the registry, federation types included', () => {
    const store = createStore(federationResourceTypes(), { now: () => new Date(0) });
    expect(store.typeFor('federation/v1beta1', 'Cluster')).toMatchObject({ resource: 'clusters', namespaced: false, subresources: ['status'] });
    expect(store.typeForResource('', 'v1', 'secrets')?.kind).toBe('Secret');
    expect(store.typeFor('apps/v1', 'Deployment')).toBeUndefined();
  });

  test('the RBAC group can be left out, as on a member without RBAC', () => {
    expect(kubernetesResourceTypes({ rbac: false }).some((t) => t.group === 'rbac.authorization.k8s.io')).toBe(false);
    // In the order the real server announces them.
    expect(kubernetesResourceTypes().filter((t) => t.group === 'rbac.authorization.k8s.io').map((t) => t.resource)).toEqual([
      'clusterrolebindings',
      'clusterroles',
      'rolebindings',
      'roles',
    ]);
  });
});
