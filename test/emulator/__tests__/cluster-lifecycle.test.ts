import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatedCluster } from '../index.js';
import { adminCall, createAll } from './helpers.js';

const run = promisify(execFile);

function deployment(image: string) {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } } },
  };
}

describe('a fresh emulated cluster and its controllers', () => {
  let emulator: Emulator;
  let cluster: EmulatedCluster;

  beforeAll(async () => {
    emulator = await startEmulator([{ name: 'c1' }, { name: 'c2', rbac: false, storage: 'none', nodes: [{ name: 'n1', internalIP: '127.0.0.1', externalIP: '127.0.10.1' }] }]);
    cluster = emulator.cluster('c1');
  });
  afterAll(() => emulator?.close());

  it('has the system namespaces, a Ready node, the default StorageClass and no kube-dns ConfigMap', async () => {
    const names = (await adminCall(cluster, 'GET', '/api/v1/namespaces')).json().items.map((n: any) => n.metadata.name);
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const [node] = (await adminCall(cluster, 'GET', '/api/v1/nodes')).json().items;
    expect(node.metadata.name).toBe('c1-control-plane');
    expect(node.status.addresses).toEqual([{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'c1-control-plane' }]);
    expect(node.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    const [sc] = (await adminCall(cluster, 'GET', '/apis/storage.k8s.io/v1/storageclasses')).json().items;
    expect(sc.metadata).toMatchObject({ name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect((await adminCall(cluster, 'GET', '/api/v1/namespaces/kube-system/configmaps/kube-dns')).status).toBe(404);

    const other = emulator.cluster('c2');
    expect((await adminCall(other, 'GET', '/apis/storage.k8s.io/v1/storageclasses')).json().items).toEqual([]);
    const [otherNode] = (await adminCall(other, 'GET', '/api/v1/nodes')).json().items;
    expect(otherNode.status.addresses.map((a: any) => `${a.type}=${a.address}`)).toEqual(['InternalIP=127.0.0.1', 'ExternalIP=127.0.10.1', 'Hostname=n1']);
  });

  it('gives every new namespace its default ServiceAccount and the kube-root-ca.crt ConfigMap', async () => {
    await createAll(cluster, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/serviceaccounts/default')).status).toBe(200);
    const cm = (await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/configmaps/kube-root-ca.crt')).json();
    expect(cm.data).toEqual({ 'ca.crt': cluster.caPem });
  });

  it('runs a Deployment through a ReplicaSet to a Ready pod, and rolls a new ReplicaSet on a template change', async () => {
    await createAll(cluster, [deployment('nginx:1.27')]);
    await cluster.settle();
    const rsList = (await adminCall(cluster, 'GET', '/apis/apps/v1/namespaces/shop/replicasets')).json().items;
    expect(rsList).toHaveLength(1);
    const rs = rsList[0];
    expect(rs.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: expect.any(String), controller: true, blockOwnerDeletion: true }]);
    const [pod] = (await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/pods')).json().items;
    expect(pod.metadata.name).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pod.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': rs.metadata.labels['pod-template-hash'] });
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.podIP).toMatch(/^10\.244\.0\.\d+$/);
    const deploy = (await adminCall(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web')).json();
    expect(deploy.status).toMatchObject({ replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    expect(deploy.status.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`)).toEqual(['Available=True/MinimumReplicasAvailable', 'Progressing=True/NewReplicaSetAvailable']);

    const changed = { ...deploy, spec: { ...deploy.spec, template: { ...deploy.spec.template, spec: { ...deploy.spec.template.spec, containers: [{ name: 'web', image: 'nginx:1.28' }] } } } };
    expect((await adminCall(cluster, 'PUT', '/apis/apps/v1/namespaces/shop/deployments/web', changed)).status).toBe(200);
    await cluster.settle();
    const after = (await adminCall(cluster, 'GET', '/apis/apps/v1/namespaces/shop/replicasets')).json().items;
    expect(after.map((r: any) => [r.metadata.name === rs.metadata.name ? 'old' : 'new', r.spec.replicas]).sort()).toEqual([['new', 1], ['old', 0]]);
    const pods = (await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/pods')).json().items;
    expect(pods.map((p: any) => p.spec.containers[0].image)).toEqual(['nginx:1.28']);
  });

  it('schedules by nodeSelector and warns about image pull secrets that do not exist', async () => {
    const picky = { ...deployment('nginx:1.27'), metadata: { name: 'picky', namespace: 'shop' } } as any;
    picky.spec.selector = { matchLabels: { app: 'picky' } };
    picky.spec.template = { metadata: { labels: { app: 'picky' } }, spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    const pulling = { ...deployment('nginx:1.27'), metadata: { name: 'pulling', namespace: 'shop' } } as any;
    pulling.spec.selector = { matchLabels: { app: 'pulling' } };
    pulling.spec.template = { metadata: { labels: { app: 'pulling' } }, spec: { imagePullSecrets: [{ name: '' }], containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    await createAll(cluster, [picky, pulling]);
    await cluster.settle();
    const pods = (await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/pods')).json().items;
    const pickyPod = pods.find((p: any) => p.metadata.labels.app === 'picky');
    expect(pickyPod.status.conditions).toEqual([
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastProbeTime: null, lastTransitionTime: expect.any(String), message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling." },
    ]);
    const pullingPod = pods.find((p: any) => p.metadata.labels.app === 'pulling');
    expect(pullingPod.status.phase).toBe('Running');
    const events = (await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/events')).json().items;
    expect(events.filter((e: any) => e.involvedObject.name === pullingPod.metadata.name && e.type === 'Warning').map((e: any) => `${e.reason}: ${e.message}`)).toEqual([
      'FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (); attempting to pull the image may not succeed.',
    ]);
    await adminCall(cluster, 'DELETE', '/apis/apps/v1/namespaces/shop/deployments/picky');
    await adminCall(cluster, 'DELETE', '/apis/apps/v1/namespaces/shop/deployments/pulling');
  });

  it('garbage-collects ReplicaSets and Pods when their Deployment is deleted', async () => {
    await adminCall(cluster, 'DELETE', '/apis/apps/v1/namespaces/shop/deployments/web');
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', '/apis/apps/v1/namespaces/shop/replicasets')).json().items).toEqual([]);
    expect((await adminCall(cluster, 'GET', '/api/v1/namespaces/shop/pods')).json().items).toEqual([]);
  });

  it('deletes a namespace with all its content after a Terminating phase', async () => {
    await createAll(cluster, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { a: 'b' } }]);
    const answer = await adminCall(cluster, 'DELETE', '/api/v1/namespaces/shop');
    expect(answer.json().status.phase).toBe('Terminating');
    await cluster.settle();
    expect((await adminCall(cluster, 'GET', '/api/v1/namespaces/shop')).status).toBe(404);
    expect([...cluster.snapshot().keys()].filter((k) => k.includes('/shop/'))).toEqual([]);
  });

  it('writes a kubeconfig that the real kubectl uses to reach every cluster, with renamed contexts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-kubeconfig-'));
    const path = join(dir, 'config');
    emulator.writeKubeconfig(path, { contextNames: { c1: 'gke_proj_us-east1-b_c1' }, currentContext: 'c2' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const doc = yaml.load(readFileSync(path, 'utf8')) as any;
    expect(doc.contexts.map((c: any) => c.name)).toEqual(['gke_proj_us-east1-b_c1', 'c2']);
    expect(doc['current-context']).toBe('c2');

    const first = await run('kubectl', ['--kubeconfig', path, '--context', 'gke_proj_us-east1-b_c1', 'get', 'ns', '-o', 'name']);
    expect(first.stdout.split('\n').filter(Boolean)).toEqual(['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
    const second = await run('kubectl', ['--kubeconfig', path, 'get', 'nodes', '-o', 'name']);
    expect(second.stdout.trim()).toBe('node/n1');

    const only = join(dir, 'only');
    emulator.writeKubeconfig(only, { only: ['c2'] });
    expect((yaml.load(readFileSync(only, 'utf8')) as any).contexts.map((c: any) => c.name)).toEqual(['c2']);
  });
});
