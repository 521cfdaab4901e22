/**
 * The scheduler: places a Pod on a node (spec.nodeName) when its PersistentVolumeClaims are
 * bound and some node matches its nodeSelector; otherwise the Pod stays Pending with
 * PodScheduled=False, reason Unschedulable, and a FailedScheduling Event carrying the message a
 * Kubernetes 1.32 scheduler writes.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, recordEvent, selectorMatches, timestamp, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';
import { podSpecOf } from './pod-defaults.js';

const COMPONENT = 'default-scheduler';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: null;
  lastTransitionTime?: string;
}

function unschedulableMessage(nodes: number, why: string): string {
  return `0/${nodes} nodes are available: ${why}. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
}

export function startScheduler(ctx: ControllerContext): Stop {
  const { store } = ctx;
  const podType = typeOf(store, 'v1', 'Pod');
  const pvcType = typeOf(store, 'v1', 'PersistentVolumeClaim');
  const nodeType = typeOf(store, 'v1', 'Node');
  let nextNode = 0;

  /** Why the Pod cannot be placed yet, or the node it goes to. */
  function place(pod: StoredObject): { node: string } | { why: string } {
    const spec = podSpecOf(pod);
    const nodes = store.list(nodeType);
    for (const volume of spec.volumes ?? []) {
      const claimName = volume.persistentVolumeClaim?.claimName;
      if (!claimName) continue;
      const claim = store.get(pvcType, pod.metadata.namespace, claimName);
      if (!claim) return { why: unschedulableMessage(nodes.length, `persistentvolumeclaim "${claimName}" not found`) };
      if ((claim.status as { phase?: string } | undefined)?.phase !== 'Bound') {
        return { why: unschedulableMessage(nodes.length, 'pod has unbound immediate PersistentVolumeClaims') };
      }
    }
    const fitting = nodes.filter((node) => selectorMatches({ matchLabels: spec.nodeSelector }, node.metadata.labels));
    if (fitting.length === 0) {
      return { why: unschedulableMessage(nodes.length, `${nodes.length} node(s) didn't match Pod's node affinity/selector`) };
    }
    return { node: fitting[nextNode++ % fitting.length].metadata.name };
  }

  function schedule(pod: StoredObject): void {
    if (pod.metadata.deletionTimestamp || podSpecOf(pod).nodeName) return;
    const decision = place(pod);
    const status = (pod.status ?? {}) as { conditions?: Condition[]; phase?: string };
    const others = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const ns = pod.metadata.namespace;
    if ('node' in decision) {
      const condition: Condition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(ctx.now) };
      const placed = ignoreGone(() =>
        store.update(podType, { ...pod, spec: { ...podSpecOf(pod), nodeName: decision.node }, status: { ...status, phase: 'Pending', conditions: [...others, condition] } }),
      );
      if (placed) recordEvent(ctx, placed, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${ns}/${pod.metadata.name} to ${decision.node}`, component: COMPONENT });
      return;
    }
    const before = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
    if (before?.status === 'False' && before.message === decision.why) return;
    const condition: Condition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: decision.why, lastProbeTime: null, lastTransitionTime: timestamp(ctx.now) };
    const written = ignoreGone(() => store.update(podType, { ...pod, status: { ...status, phase: 'Pending', conditions: [...others, condition] } }));
    if (written) recordEvent(ctx, written, { type: 'Warning', reason: 'FailedScheduling', message: decision.why, component: COMPONENT });
  }

  function retryPending(namespace?: string): void {
    for (const pod of store.list(podType, namespace)) schedule(pod);
  }

  return watchKinds(ctx, COMPONENT, ['Pod', 'PersistentVolumeClaim', 'Node'], (event) => {
    if (event.resource.kind === 'Pod') {
      if (event.type === 'DELETED') return;
      const current = store.get(podType, event.object.metadata.namespace, event.object.metadata.name);
      if (current) schedule(current);
      return;
    }
    if (event.type === 'DELETED') return;
    retryPending(event.resource.kind === 'Node' ? undefined : event.object.metadata.namespace);
  });
}
