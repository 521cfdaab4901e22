/**
 * Storage object in-use protection, as kube-apiserver 1.37.2 showed it: a new claim and its
 * provisioned volume carry their protection finalizers, so a DELETE of the claim answers the
 * marked claim, which stays while a scheduled pod mounts it and goes once the pod is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { adminCall } from './helpers.js';

const NS = '/api/v1/namespaces/vp';

function claim(name: string) {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
}

function podMounting(claimName: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'user' },
    spec: { containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
  };
}

describe('claims and volumes in use are protected', () => {
  let emulator: Emulator;
  let cluster: EmulatedCluster;
  const get = async (path: string) => (await adminCall(cluster, 'GET', path)).json();

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'c1' }]);
    cluster = emulator.cluster('c1');
    await adminCall(cluster, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vp' } });
  });
  afterAll(() => emulator?.close());

  it('a new claim and its provisioned volume carry their protection finalizers', async () => {
    const created = (await adminCall(cluster, 'POST', `${NS}/persistentvolumeclaims`, claim('plain'))).json();
    expect(created.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    await cluster.settle();
    const bound = await get(`${NS}/persistentvolumeclaims/plain`);
    expect(bound.status.phase).toBe('Bound');
    expect((await get(`/api/v1/persistentvolumes/${bound.spec.volumeName}`)).metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
  });

  it('a claim nobody mounts is marked by the DELETE, then goes with its volume', async () => {
    const volume = (await get(`${NS}/persistentvolumeclaims/plain`)).spec.volumeName;
    const res = await adminCall(cluster, 'DELETE', `${NS}/persistentvolumeclaims/plain`);
    expect(res.json()).toMatchObject({ kind: 'PersistentVolumeClaim', metadata: { finalizers: ['kubernetes.io/pvc-protection'], deletionGracePeriodSeconds: 0 } });
    expect(res.json().metadata.deletionTimestamp).toBeDefined();
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', `${NS}/persistentvolumeclaims/plain`)).status).toBe(404);
    expect((await adminCall(cluster, 'GET', `/api/v1/persistentvolumes/${volume}`)).status).toBe(404);
  });

  it('a claim a scheduled pod mounts stays until the pod is gone', async () => {
    await adminCall(cluster, 'POST', `${NS}/persistentvolumeclaims`, claim('used'));
    await adminCall(cluster, 'POST', `${NS}/pods`, podMounting('used'));
    await cluster.settle();
    expect((await get(`${NS}/pods/user`)).spec.nodeName).toBeTruthy();
    await adminCall(cluster, 'DELETE', `${NS}/persistentvolumeclaims/used`);
    await cluster.settle();
    const kept = await get(`${NS}/persistentvolumeclaims/used`);
    expect([kept.metadata.finalizers, typeof kept.metadata.deletionTimestamp]).toEqual([['kubernetes.io/pvc-protection'], 'string']);
    await adminCall(cluster, 'DELETE', `${NS}/pods/user`);
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', `${NS}/persistentvolumeclaims/used`)).status).toBe(404);
  });
});
