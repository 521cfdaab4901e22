/**
 * The node side of a cluster: the kubelet and kube-proxy of its nodes, wired to each other
 * (kube-proxy needs the kubelet's port tables, the kubelet needs kube-proxy to dial Services),
 * and the kubelet's final delete of its terminating Pods.
 * Emulated clusters start it over their in-memory store; the node agent of the real-cluster
 * tests starts the very same code over a store that mirrors a real API server.
 */
import type { ServedPort } from './controllers/container-outcome.js';
import type { HostAuthorize } from './controllers/cluster-health.js';
import type { ControllerContext } from './controllers/kit.js';
import { startPodTerminator } from './controllers/pod-terminator.js';
import type { NodeOptions } from './controllers/seed.js';
import { startKubelet, type Kubelet } from './kubelet.js';
import { startKubeProxy, type KubeProxy } from './proxy.js';

export interface NodeSideOptions {
  nodes: NodeOptions[];
  /** Image references that cannot be pulled. */
  failingImages?: readonly string[];
  /** The cluster's authorizer for what processes in pods do with their ServiceAccount; absent: all allowed. */
  authorize?: HostAuthorize;
}

export interface NodeSide {
  readonly kubelet: Kubelet;
  readonly proxy: KubeProxy;
  stop(): Promise<void>;
}

export function startNodeSide(ctx: ControllerContext, options: NodeSideOptions): NodeSide {
  const servedPort = { lookup: (_uid: string, _port: number): ServedPort | undefined => undefined };
  const proxy = startKubeProxy(ctx, { nodes: options.nodes, servedPort: (uid, port) => servedPort.lookup(uid, port) });
  const kubelet = startKubelet(ctx, { nodes: options.nodes, failingImages: options.failingImages ?? [], dial: proxy.dial, authorize: options.authorize });
  servedPort.lookup = (uid, port) => kubelet.servedPort(uid, port);
  const stopTerminator = startPodTerminator(ctx, options.nodes.map((n) => n.name));
  return {
    kubelet,
    proxy,
    async stop() {
      stopTerminator();
      await Promise.all([kubelet.stop(), proxy.stop()]);
    },
  };
}
