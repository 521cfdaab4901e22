import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../contracts.js';
import { issueServerCert } from '../auth.js';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { connectionOutcome, createAll, initObjects, makeFederationPki, podsOf, type FederationPki } from './helpers.js';

const NS = 'federation-system';

function eventsOf(cluster: EmulatedCluster, ns: string, name: string): string[] {
  const evType = cluster.store.typeFor('v1', 'Event')!;
  return cluster.store
    .list(evType, ns)
    .filter((ev) => (ev.involvedObject as { name: string }).name === name)
    .map((ev) => `${ev.type} ${ev.reason}: ${ev.message}`);
}

function containerStatus(pod: StoredObject, name: string): any {
  return (pod.status as { containerStatuses: { name: string }[] }).containerStatuses.find((c) => c.name === name);
}

function nodePortOf(cluster: EmulatedCluster): number {
  const svc = cluster.store.get(cluster.store.typeFor('v1', 'Service')!, NS, 'apiserver')!;
  return (svc.spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
}

describe('what the emulated kubelet does with a broken control plane', () => {
  let emulator: Emulator;
  let pki: FederationPki;

  beforeAll(async () => {
    emulator = await startEmulator([
      { name: 'missing-secret' },
      { name: 'bad-image', failingImages: ['registry.k8s.io/fcp-amd64:v0.0.0-nope'] },
      { name: 'no-storage', storage: 'none' },
      { name: 'bad-key' },
      { name: 'wrong-port' },
    ]);
    pki = await makeFederationPki(['127.0.0.1']);
  });
  afterAll(() => emulator?.close());

  it('a missing Secret keeps the pod in ContainerCreating with FailedMount, until the Secret appears', async () => {
    const cluster = emulator.cluster('missing-secret');
    const objects = initObjects(pki);
    const secret = objects.find((o) => o.metadata.name === 'apiserver-credentials')!;
    await createAll(cluster, objects.filter((o) => o !== secret));
    await cluster.settle();

    const [pod] = podsOf(cluster, NS, 'apiserver');
    expect(pod.status).toMatchObject({ phase: 'Pending' });
    expect(containerStatus(pod, 'apiserver').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(eventsOf(cluster, NS, pod.metadata.name)).toContain(
      'Warning FailedMount: MountVolume.SetUp failed for volume "apiserver-credentials" : secret "apiserver-credentials" not found',
    );
    expect(cluster.federation(NS)).toBeUndefined();

    await createAll(cluster, [secret]);
    await cluster.settle();
    const [started] = podsOf(cluster, NS, 'apiserver');
    expect(containerStatus(started, 'apiserver').state.running).toBeDefined();
    expect(cluster.federation(NS)).toBeDefined();
  });

  it('an image that cannot be pulled ends in ImagePullBackOff with the pull error', async () => {
    const cluster = emulator.cluster('bad-image');
    await createAll(cluster, initObjects(pki, { image: 'registry.k8s.io/fcp-amd64:v0.0.0-nope' }));
    await cluster.settle();

    const [pod] = podsOf(cluster, NS, 'apiserver');
    const pullError = 'rpc error: code = NotFound desc = failed to pull and unpack image "registry.k8s.io/fcp-amd64:v0.0.0-nope": failed to resolve reference "registry.k8s.io/fcp-amd64:v0.0.0-nope": registry.k8s.io/fcp-amd64:v0.0.0-nope: not found';
    expect(containerStatus(pod, 'apiserver').state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "registry.k8s.io/fcp-amd64:v0.0.0-nope": ErrImagePull: ${pullError}` } });
    expect(containerStatus(pod, 'etcd').state.running).toBeDefined();
    expect(eventsOf(cluster, NS, pod.metadata.name)).toEqual(
      expect.arrayContaining([`Warning Failed: Failed to pull image "registry.k8s.io/fcp-amd64:v0.0.0-nope": ${pullError}`, 'Warning Failed: Error: ErrImagePull', 'Warning Failed: Error: ImagePullBackOff']),
    );
  });

  it('without a StorageClass the etcd claim stays Pending and the pod Unschedulable', async () => {
    const cluster = emulator.cluster('no-storage');
    await createAll(cluster, initObjects(pki));
    await cluster.settle();

    const pvc = cluster.store.get(cluster.store.typeFor('v1', 'PersistentVolumeClaim')!, NS, 'apiserver-etcd-claim')!;
    expect(pvc.status).toEqual({ phase: 'Pending' });
    expect(eventsOf(cluster, NS, 'apiserver-etcd-claim')).toEqual(['Warning FailedBinding: no persistent volumes available for this claim and no storage class is set']);

    const [pod] = podsOf(cluster, NS, 'apiserver');
    const message = '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
    expect(pod.status).toMatchObject({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] });
    expect(eventsOf(cluster, NS, pod.metadata.name)).toEqual([`Warning FailedScheduling: ${message}`]);
  });

  it('a server key that does not match its certificate crashes the API server with the binary\'s message', async () => {
    const cluster = emulator.cluster('bad-key');
    const other = await issueServerCert(pki.ca, { ips: ['127.0.0.1'] });
    await createAll(cluster, initObjects({ ...pki, server: { certPem: pki.server.certPem, keyPem: other.keyPem } }));
    await cluster.settle();

    const [pod] = podsOf(cluster, NS, 'apiserver');
    const status = containerStatus(pod, 'apiserver');
    expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(status.restartCount).toBe(1);
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', message: 'Error: unable to load server certificate: tls: private key does not match public key' });
    expect(pod.status).toMatchObject({ phase: 'Running', conditions: expect.arrayContaining([{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [apiserver]', lastProbeTime: null, lastTransitionTime: expect.any(String) }]) });
    expect(cluster.federation(NS)).toBeUndefined();
  });

  it('a containerPort that differs from --secure-port makes the node port refuse connections', async () => {
    const cluster = emulator.cluster('wrong-port');
    await createAll(cluster, initObjects(pki, { containerPort: 443 }));
    await cluster.settle();

    const [pod] = podsOf(cluster, NS, 'apiserver');
    expect(containerStatus(pod, 'apiserver').ready).toBe(true);
    expect(cluster.federation(NS)).toBeDefined();
    expect(await connectionOutcome('127.0.0.1', nodePortOf(cluster))).toBe('refused');
  });
});
