import { describeError } from '../describe-error.js';
import { TimeoutError } from '../errors.js';
import type { ClusterClient } from '../k8s/types.js';
import { pollUntil, type PollOptions } from '../k8s/wait.js';
import { APISERVER_POD_LABELS, CONTROLLER_MANAGER_POD_LABELS } from '../constants.js';
import { diagnoseControlPlane } from './diagnose.js';

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

/** Both control-plane pods Ready (the original only checked phase Running). */
async function podsReady(host: ClusterClient, namespace: string): Promise<true | undefined> {
  const pods = (await host.list('v1', 'Pod', { namespace, labelSelector: 'app=federated-cluster' })) as unknown as PodShape[];
  const ready = [APISERVER_POD_LABELS, CONTROLLER_MANAGER_POD_LABELS].every((labels) => pods.some((p) => matches(p, labels) && isReady(p)));
  return ready ? true : undefined;
}

/** /healthz answers "ok" (case-insensitive, as the original checked). */
async function healthy(federation: ClusterClient): Promise<true> {
  const r = await federation.rawGet('/healthz');
  if (r.status === 200 && r.body.trim().toLowerCase() === 'ok') return true;
  throw new Error(`/healthz answered ${r.status}: ${r.body.trim().slice(0, 200)}`);
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

/** Readiness polls: 25 ms, then doubling, at most every 2 s (the original's fixed interval). */
export const READINESS_POLL = { intervalMs: 25, maxIntervalMs: 2000 } as const;

export interface ControlPlaneWait extends Omit<PollOptions, 'intervalMs'> {
  timeoutMs: number;
  /** Builds the client of the federation context init just wrote to the kubeconfig. */
  federation(): Promise<ClusterClient>;
}

/**
 * Pods Ready, then /healthz "ok" through the new kubeconfig context — bounded, unlike the
 * original's endless waits — with a diagnosis of what is missing when time runs out (exit 3).
 */
export async function waitForControlPlane(host: ClusterClient, namespace: string, wait: ControlPlaneWait): Promise<void> {
  // Pods are often Ready within milliseconds of the last object: look soon, then less often.
  const poll = { ...wait, ...READINESS_POLL };
  const pods = await pollUntil(() => podsReady(host, namespace), poll);
  if (pods.timedOut) {
    // Always a cause: what the last check met, what is wrong with the pods, or that only time was short.
    const diagnosis = [
      ...(pods.lastError === undefined ? [] : [`the last check of the pods failed: ${describeError(pods.lastError).message}.`]),
      ...(await diagnoseControlPlane(host, namespace)),
    ];
    if (diagnosis.length === 0) {
      diagnosis.push(`nothing is wrong that kubefed can see: the pods were still starting when --timeout=${formatDuration(wait.timeoutMs)} ran out.`);
    }
    throw new TimeoutError(
      `timed out after ${formatDuration(wait.timeoutMs)} waiting for the federation control plane pods in namespace "${namespace}" to become ready`,
      diagnosis,
      'Fix the cause above (or give --timeout more time) and run the same kubefed init again: it keeps what exists and continues.',
    );
  }
  const federation = await wait.federation();
  const health = await pollUntil(() => healthy(federation), poll);
  if (health.timedOut) {
    const last = health.lastError instanceof Error ? health.lastError.message.split('\n')[0] : 'no answer';
    throw new TimeoutError(
      `timed out after ${formatDuration(wait.timeoutMs)} waiting for ${federation.server}/healthz to answer ok`,
      [`last attempt: ${last}`, ...(await diagnoseControlPlane(host, namespace))],
      'Check that this machine can reach the address above (firewall, --api-server-advertise-address), then run kubefed init again.',
    );
  }
}

