/**
 * The node agent: makes a real control plane (kube-apiserver and kube-controller-manager, no
 * kubelet, no scheduler, no kube-proxy, no container runtime) behave like a cluster with one
 * node, by running the emulator's own node-side code over a store that mirrors the real API
 * server (remote-store.ts): the emulator's scheduler binds pending Pods to the node, its kubelet
 * runs them (the federation API server and controller manager as the emulated binaries, from the
 * real objects kubefed created) and reports their status, its kube-proxy serves NodePort and
 * load-balancer addresses on loopback, and its cloud service controller hands out load-balancer
 * addresses. The real controller manager does everything else (Deployments, Endpoints,
 * namespaces, garbage collection, tokens, binding volumes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FederationEndpoint } from '../../emulator/federation.js';
import { startNodeSide } from '../../emulator/node-side.js';
import { kubernetesResourceTypes } from '../../emulator/registry.js';
import type { ControllerContext, Stop } from '../../emulator/controllers/kit.js';
import { startScheduler } from '../../emulator/controllers/scheduler.js';
import { startServiceController } from '../../emulator/controllers/service.js';
import { createWorkTracker } from '../../emulator/controllers/work-tracker.js';
import type { RealCluster } from '../world.js';
import { createApiClient } from './api-client.js';
import { ensureDefaultStorageClass, ensureKubeDns, registerNode } from './cluster-objects.js';
import { createAccessReviewAuthorizer } from './kubelet-duties.js';
import { startProvisioner } from './provisioner.js';
import { createRemoteStore } from './remote-store.js';

export interface NodeAgentOptions {
  cluster: RealCluster;
  /** Default `${cluster.name}-control-plane`. */
  nodeName?: string;
  /** 'ip' (default): LoadBalancer Services get a loopback address 127.x.y.z; 'none': like a cluster without a cloud. */
  loadBalancer?: 'ip' | 'none';
  /** Create `kube-system/kube-dns` as a member cluster has it (empty, or with this data). */
  memberDns?: boolean | { data: Record<string, string> };
}

export interface NodeAgent {
  readonly nodeName: string;
  /** The federation API endpoint the kubelet runs for a namespace (undefined until its pod runs). */
  federation(namespace?: string): FederationEndpoint | undefined;
  /** `ip:port` addresses kube-proxy listens on. */
  listening(): string[];
  /** Failed writes, watches and controller runs, for a test that does not converge to print. */
  errors(): { label: string; error: unknown }[];
  /** Stops every controller and watch and closes every listener. */
  stop(): Promise<void>;
}

/** The kinds the reused code reads; the Role kinds make the federation's cluster-health re-check access. */
const CACHED_KINDS = ['Pod', 'Service', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'PersistentVolume', 'Node', 'Event', 'StorageClass', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

/**
 * Load-balancer addresses in use by any agent of this process (and the node address), so two
 * clusters never get the same one.
 */
const reservedAddresses = new Set<string>(['127.0.0.1']);

export async function startNodeAgent(opts: NodeAgentOptions): Promise<NodeAgent> {
  const { cluster } = opts;
  const node = { name: opts.nodeName ?? `${cluster.name}-control-plane`, internalIP: '127.0.0.1' };
  const now = () => new Date();
  const client = createApiClient(cluster);
  const volumes = mkdtempSync(join(tmpdir(), `kubefed-node-${cluster.name}-`));
  const tracker = createWorkTracker();
  // Core Events only: events.k8s.io serves the same objects, and one informer for them is enough.
  const cached = kubernetesResourceTypes().filter((t) => CACHED_KINDS.includes(t.kind) && t.group !== 'events.k8s.io');
  const store = createRemoteStore(client, cached, tracker);
  const ctx: ControllerContext = { store, now, tracker };
  const stops: Stop[] = [];
  let side: ReturnType<typeof startNodeSide> | undefined;

  async function stop(): Promise<void> {
    for (const s of stops.splice(0)) s();
    store.stop();
    tracker.stop();
    await side?.stop();
    side = undefined;
    const svcType = store.typeFor('v1', 'Service');
    for (const svc of svcType ? store.list(svcType) : []) {
      for (const entry of ((svc.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer?.ingress ?? []) if (entry.ip) reservedAddresses.delete(entry.ip);
    }
    client.close();
    rmSync(volumes, { recursive: true, force: true });
  }

  try {
    await registerNode(client, node, now);
    await ensureDefaultStorageClass(client);
    if (opts.memberDns) await ensureKubeDns(client, opts.memberDns === true ? undefined : opts.memberDns.data);
    // Everything subscribes before the first sync, so objects that exist already are handled too.
    stops.push(startScheduler(ctx), startProvisioner(ctx, volumes));
    if ((opts.loadBalancer ?? 'ip') === 'ip') stops.push(startServiceController(ctx, { mode: 'ip', reserved: reservedAddresses }));
    side = startNodeSide(ctx, { nodes: [node], authorize: createAccessReviewAuthorizer(client) });
    await store.start();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodeName: node.name,
    federation: (namespace) => side?.kubelet.federation(namespace),
    listening: () => side?.proxy.listening() ?? [],
    errors: () => [...tracker.errors],
    stop,
  };
}
