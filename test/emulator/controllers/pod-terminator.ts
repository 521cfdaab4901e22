/**
 * The kubelet's part in a Pod's graceful deletion: the API server only marks a Pod bound to a
 * node as terminating (deletionTimestamp, delete-graceful.ts) and keeps it until that node's
 * kubelet has stopped its containers and deletes it for good, with no grace period left. The
 * kubelet then sees the Pod gone and tears it down. Emulated clusters and the node agent of the
 * real-cluster tests run it for their nodes, as part of the node side.
 */
import { podSpecOf } from './pod-defaults.js';
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';

export function startPodTerminator(ctx: ControllerContext, nodeNames: readonly string[]): Stop {
  const podType = typeOf(ctx.store, 'v1', 'Pod');
  return watchKinds(ctx, 'pod-terminator', ['Pod'], (event) => {
    if (event.type === 'DELETED') return;
    const pod = ctx.store.get(podType, event.object.metadata.namespace, event.object.metadata.name);
    if (!pod?.metadata.deletionTimestamp || !nodeNames.includes(podSpecOf(pod).nodeName ?? '')) return;
    ignoreGone(() => ctx.store.delete(podType, pod.metadata.namespace, pod.metadata.name));
  });
}
