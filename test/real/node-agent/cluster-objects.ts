/**
 * What a cluster with a node has that a bare control plane lacks, created once at the agent's
 * start: the registered Node (the emulator's Node object: Ready, capacity, InternalIP), the
 * default StorageClass of the emulator's clusters, and on a member the `kube-system/kube-dns`
 * ConfigMap that the kube-dns addon keeps.
 */
import type { StoredObject } from '../../emulator/contracts.js';
import { DEFAULT_CLASS_ANNOTATION } from '../../emulator/controllers/pvc-binder.js';
import { nodeObject, type NodeOptions } from '../../emulator/controllers/seed.js';
import { ApiError, type ApiClient } from './api-client.js';

export const STORAGE_CLASS = 'standard';
/** The provisioner the emulator's default StorageClass names; the agent's provisioner serves it. */
export const PROVISIONER = 'rancher.io/local-path';

async function createUnlessPresent(client: ApiClient, path: string, obj: StoredObject): Promise<void> {
  try {
    await client.call('POST', path, obj);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 409)) throw error;
  }
}

/**
 * Registers the Node as its kubelet would. The NodeTaint admission plugin gives every new Node
 * the not-ready taint, which the node lifecycle controller (not run here) takes away once the
 * node is Ready; the agent takes it away itself. Status is written through `nodes/<n>/status`.
 */
export async function registerNode(client: ApiClient, node: NodeOptions, now: () => Date): Promise<void> {
  const version = await client.call<{ gitVersion?: string }>('GET', '/version');
  const obj = nodeObject(node, 0, now);
  const status = obj.status as { nodeInfo: Record<string, string> };
  if (version.gitVersion) Object.assign(status.nodeInfo, { kubeletVersion: version.gitVersion, kubeProxyVersion: version.gitVersion });
  const path = `/api/v1/nodes/${encodeURIComponent(node.name)}`;
  await createUnlessPresent(client, '/api/v1/nodes', obj);
  const merge = 'application/merge-patch+json';
  await client.call('PATCH', path, { spec: { taints: null } }, merge);
  await client.call('PATCH', `${path}/status`, { status: obj.status }, merge);
}

export async function ensureDefaultStorageClass(client: ApiClient): Promise<void> {
  await createUnlessPresent(client, '/apis/storage.k8s.io/v1/storageclasses', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: STORAGE_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
}

/** The ConfigMap as the kube-dns addon manager creates it: labelled EnsureExists, with the data given (none by default). */
export async function ensureKubeDns(client: ApiClient, data: Record<string, string> | undefined): Promise<void> {
  await createUnlessPresent(client, '/api/v1/namespaces/kube-system/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' } },
    ...(data ? { data } : {}),
  });
}
