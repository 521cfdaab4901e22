/**
 * The last step of a Pod's graceful deletion, which a real kubelet takes: the API server only
 * marks a Pod bound to a node as terminating (deletionTimestamp) and keeps it until the node's
 * kubelet has stopped its containers and deletes it for good. The emulator's store removes Pods
 * at once, so its kubelet never needed this; on a real cluster, without it, a Deployment's old
 * pods and a deleted namespace would wait forever. Deleting with no grace period is what the
 * kubelet sends; the kubelet then sees the Pod gone and stops its containers.
 */
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from '../../emulator/controllers/kit.js';
import { podSpecOf } from '../../emulator/controllers/pod-defaults.js';

export function startPodTerminator(ctx: ControllerContext, nodeName: string): Stop {
  const podType = typeOf(ctx.store, 'v1', 'Pod');
  return watchKinds(ctx, 'pod-terminator', ['Pod'], (event) => {
    if (event.type === 'DELETED') return;
    const pod = ctx.store.get(podType, event.object.metadata.namespace, event.object.metadata.name);
    if (!pod?.metadata.deletionTimestamp || podSpecOf(pod).nodeName !== nodeName) return;
    ignoreGone(() => ctx.store.delete(podType, pod.metadata.namespace, pod.metadata.name));
  });
}
