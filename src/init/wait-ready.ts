import type { ClusterClient } from '../k8s/types.js';
import { APISERVER_POD_LABELS, CONTROLLER_MANAGER_POD_LABELS } from '../constants.js';

export interface ReadyWait {
  deadline: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  onTick(): void;
  intervalMs?: number;
}

interface PodShape {
  metadata: { labels?: Record<string, string>; deletionTimestamp?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

function isReady(pod: PodShape): boolean {
  return !pod.metadata.deletionTimestamp && Boolean(pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

function matches(pod: PodShape, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(labels).every(([k, v]) => pod.metadata.labels?.[k] === v);
}

/** Polls until `check` is true or the deadline passes; resolves whether it became true. */
async function pollTrue(check: () => Promise<boolean>, wait: ReadyWait): Promise<boolean> {
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // transient errors: keep polling until the deadline
    }
    if (wait.now() >= wait.deadline) return false;
    wait.onTick();
    await wait.sleep(Math.min(wait.intervalMs ?? 2000, Math.max(0, wait.deadline - wait.now())));
  }
}

/** Both control-plane pods Ready (the original only checked phase Running). */
export function waitForPods(host: ClusterClient, namespace: string, wait: ReadyWait): Promise<boolean> {
  return pollTrue(async () => {
    const pods = (await host.list('v1', 'Pod', { namespace, labelSelector: 'app=federated-cluster' })) as unknown as PodShape[];
    return [APISERVER_POD_LABELS, CONTROLLER_MANAGER_POD_LABELS].every((labels) =>
      pods.some((p) => matches(p, labels) && isReady(p)),
    );
  }, wait);
}

/** GET /healthz through the kubeconfig context init just wrote, until it answers "ok". */
export function waitForHealthz(federation: ClusterClient, wait: ReadyWait, onError: (e: unknown) => void): Promise<boolean> {
  return pollTrue(async () => {
    try {
      const r = await federation.rawGet('/healthz');
      if (r.status === 200 && r.body.trim().toLowerCase() === 'ok') return true;
      onError(new Error(`/healthz answered ${r.status}: ${r.body.slice(0, 200)}`));
      return false;
    } catch (e) {
      onError(e);
      return false;
    }
  }, wait);
}
