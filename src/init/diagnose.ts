import type { ClusterClient, K8sObject } from '../k8s/types.js';
import { ETCD_CLAIM_NAME } from '../constants.js';
import { describeError } from '../describe-error.js';

interface PodShape {
  metadata: { name: string };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: {
      name: string;
      ready?: boolean;
      image?: string;
      state?: { waiting?: { reason?: string; message?: string } };
      lastState?: { terminated?: { reason?: string; message?: string; exitCode?: number } };
    }[];
  };
}

interface EventShape {
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
}

async function safeList(client: ClusterClient, apiVersion: string, kind: string, namespace: string): Promise<K8sObject[]> {
  try {
    return await client.list(apiVersion, kind, { namespace });
  } catch {
    return [];
  }
}

/** Messages are quoted inside our own sentences: drop their final full stop. */
function clause(text: string | undefined): string {
  return (text ?? '').trim().replace(/\.+$/, '');
}

function lastEventFor(events: EventShape[], kind: string, name: string): EventShape | undefined {
  const mine = events.filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name);
  return mine.at(-1);
}

/** Explains why the control plane is not up: a Pending PVC, image pulls, crashing containers. */
export async function diagnoseControlPlane(host: ClusterClient, namespace: string): Promise<string[]> {
  const lines: string[] = [];
  const events = (await safeList(host, 'v1', 'Event', namespace)) as unknown as EventShape[];

  const pvc = await host.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: ETCD_CLAIM_NAME, namespace }).catch(() => undefined);
  const pvcPhase = (pvc as { status?: { phase?: string } } | undefined)?.status?.phase;
  if (pvc && pvcPhase !== 'Bound') {
    const event = lastEventFor(events, 'PersistentVolumeClaim', ETCD_CLAIM_NAME);
    lines.push(
      `PersistentVolumeClaim ${ETCD_CLAIM_NAME} is ${pvcPhase ?? 'Pending'}${event?.message ? `: ${clause(event.message)}` : ''}.` +
        ' Pass --etcd-pv-storage-class=<an existing StorageClass>, create a default StorageClass, or use --etcd-persistent-storage=false.',
    );
  }

  let pods: PodShape[] = [];
  try {
    pods = (await host.list('v1', 'Pod', { namespace })) as unknown as PodShape[];
  } catch (e) {
    lines.push(`the pods in namespace ${namespace} could not be listed: ${describeError(e).message}.`);
    return lines;
  }
  if (pods.length === 0) lines.push(`No pods exist yet in namespace ${namespace}; check the Deployments' events (kubectl describe deployment -n ${namespace}).`);
  for (const pod of pods) {
    const name = pod.metadata.name;
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False') {
      lines.push(`pod ${name} is not scheduled: ${clause(scheduled.message ?? scheduled.reason ?? 'unknown reason')}.`);
      continue;
    }
    if ((pod.status?.containerStatuses ?? []).length === 0) {
      lines.push(`pod ${name} is ${pod.status?.phase ?? 'Pending'}: its containers have not started yet.`);
      continue;
    }
    for (const c of pod.status?.containerStatuses ?? []) {
      if (c.ready) continue;
      const waiting = c.state?.waiting;
      if (waiting?.reason === 'ErrImagePull' || waiting?.reason === 'ImagePullBackOff') {
        lines.push(
          `pod ${name}: container ${c.name} cannot pull image ${c.image ?? ''} (${waiting.reason}${waiting.message ? `: ${clause(waiting.message)}` : ''}).` +
            ' Check --image / --etcd-image and --image-pull-secrets.',
        );
      } else if (waiting?.reason === 'CrashLoopBackOff' || c.lastState?.terminated) {
        const term = c.lastState?.terminated;
        lines.push(`pod ${name}: container ${c.name} keeps crashing${term?.message ? `: ${clause(term.message)}` : ''}.`);
      } else if (waiting?.reason) {
        const event = lastEventFor(events, 'Pod', name);
        lines.push(`pod ${name}: container ${c.name} is waiting (${waiting.reason})${event?.message ? `: ${clause(event.message)}` : ''}.`);
      } else {
        lines.push(`pod ${name}: container ${c.name} is not ready.`);
      }
    }
  }
  return lines;
}
