/**
 * What a freshly created cluster already holds: its Nodes (Ready, with addresses), the four
 * system namespaces, the `kubernetes` Service, the default StorageClass when storage is dynamic,
 * and the bootstrap RBAC roles when RBAC is on. No kube-dns ConfigMap: tests add one when needed.
 */
import type { Store, StoredObject } from '../contracts.js';
import { bootstrapRbacObjects } from '../rbac.js';
import { kubernetesVersion } from '../registry.js';
import { timestamp, typeOf } from './kit.js';
import { DEFAULT_CLASS_ANNOTATION } from './pvc-binder.js';

export interface NodeOptions {
  name: string;
  internalIP: string;
  externalIP?: string;
  labels?: Record<string, string>;
}

export interface SeedOptions {
  nodes: NodeOptions[];
  rbac: boolean;
  storage: 'dynamic' | 'none';
  now: () => Date;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A registered, Ready Node as its kubelet reports it; `index` picks its podCIDR 10.244.<index>.0/24. */
export function nodeObject(node: NodeOptions, index: number, now: () => Date): StoredObject {
  const addresses = [{ type: 'InternalIP', address: node.internalIP }];
  if (node.externalIP) addresses.push({ type: 'ExternalIP', address: node.externalIP });
  addresses.push({ type: 'Hostname', address: node.name });
  const since = timestamp(now);
  const capacity = { cpu: '8', 'ephemeral-storage': '102175312Ki', memory: '16377892Ki', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        ...node.labels,
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      addresses,
      capacity,
      allocatable: capacity,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: since, lastTransitionTime: since },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: since, lastTransitionTime: since },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: since, lastTransitionTime: since },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: since, lastTransitionTime: since },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'containerd://1.7.24',
        // The node's components are of the API server's version, as in a cluster set up in one go.
        kubeletVersion: kubernetesVersion().gitVersion,
        kubeProxyVersion: kubernetesVersion().gitVersion,
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

export function seedCluster(store: Store, options: SeedOptions): void {
  const create = (apiVersion: string, kind: string, obj: StoredObject) => store.create(typeOf(store, apiVersion, kind), obj);
  options.nodes.forEach((node, i) => create('v1', 'Node', nodeObject(node, i, options.now)));
  for (const name of SYSTEM_NAMESPACES) {
    create('v1', 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  create('v1', 'Service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
    status: { loadBalancer: {} },
  });
  if (options.storage === 'dynamic') {
    create('storage.k8s.io/v1', 'StorageClass', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
  }
  if (options.rbac) {
    for (const obj of bootstrapRbacObjects()) create(obj.apiVersion, obj.kind, obj);
  }
}
