/**
 * Graceful deletion, the one kind that has it being the Pod (its strategy's CheckGracefulDelete
 * and the generic registry's BeforeDelete): a Pod running on a node is only marked — its
 * deletionTimestamp set that many seconds ahead, deletionGracePeriodSeconds the period — and the
 * node's kubelet deletes it for good once its containers are stopped. An unscheduled or finished
 * Pod has no period and goes at once.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { formatTimestamp } from './store.js';

export type GracefulDeletion =
  /** Mark with this period and deletionTimestamp (a period of 0 deletes at once). */
  | { period: number; until: string }
  /** A graceful deletion is under way and this delete does not shorten it: nothing changes. */
  | { pending: true };

interface PodFields {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

function isPod(type: Pick<ResourceType, 'group' | 'resource'>): boolean {
  return type.group === '' && type.resource === 'pods';
}

function at(date: Date, seconds: number): string {
  return formatTimestamp(new Date(date.getTime() + seconds * 1000));
}

/** The period the pod's strategy gives a first delete. */
function firstPeriod(pod: StoredObject & PodFields, requested: number | undefined): number {
  let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
  if (!pod.spec?.nodeName) period = 0;
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') period = 0;
  return period < 0 ? 1 : period;
}

/** undefined: the kind (or this state of the object) has no graceful deletion. */
export function gracefulDeletion(type: Pick<ResourceType, 'group' | 'resource'>, obj: StoredObject, requested: number | undefined, now: Date): GracefulDeletion | undefined {
  if (!isPod(type)) return undefined;
  const pod = obj as StoredObject & PodFields;
  const since = pod.metadata.deletionTimestamp;
  if (since === undefined) {
    const period = firstPeriod(pod, requested);
    return { period, until: at(now, period) };
  }
  const current = pod.metadata.deletionGracePeriodSeconds as number | undefined;
  // Marked without a period (finalizers only): nothing graceful left to wait for.
  if (current === undefined || current === 0) return undefined;
  // Only a shorter period may be asked for; the deadline moves back by the difference.
  if (requested === undefined || requested >= current) return { pending: true };
  let period = requested < 0 ? 1 : requested;
  const moved = new Date(Date.parse(since) - (current - period) * 1000);
  if (moved < now) {
    if (period !== 0) period = 1;
    return { period, until: formatTimestamp(now) };
  }
  return { period, until: formatTimestamp(moved) };
}
