/**
 * A namespace being deleted takes no new objects: the API server refuses them ("unable to create
 * new content in namespace … because it is being terminated") until the namespace controller has
 * emptied the namespace and removed it, which takes seconds on a real cluster. A command that is
 * about to create a namespace of its own waits for that within its --timeout, then creates the
 * namespace again (README, "Waits and timeouts").
 */
import { describeError } from '../describe-error.js';
import { TimeoutError } from '../errors.js';
import type { ClusterClient, K8sObject, ObjectRef } from './types.js';
import { pollUntilGone, type PollOptions } from './wait.js';

export function isBeingDeleted(object: K8sObject | null | undefined): boolean {
  return object?.metadata.deletionTimestamp !== undefined;
}

export type NamespaceGone = { gone: true } | { gone: false; diagnosis: string[] };

/** Polls until the namespace is NotFound; when the deadline comes first, says what holds it. */
export async function waitUntilNamespaceGone(client: Pick<ClusterClient, 'get'>, name: string, opts: PollOptions): Promise<NamespaceGone> {
  const ref: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name };
  const wait = await pollUntilGone(client, ref, opts);
  if (!wait.timedOut) return { gone: true };
  return { gone: false, diagnosis: await diagnoseNamespace(client, ref, wait.lastError) };
}

/**
 * Before creating a namespace again: polled from 100 ms, doubling to 1 s, until the deadline; a
 * namespace that outlives it ends the run (exit 3), naming `what` and what holds it.
 */
export async function untilNamespaceGone(
  client: Pick<ClusterClient, 'get'>,
  name: string,
  what: string,
  opts: Omit<PollOptions, 'intervalMs' | 'maxIntervalMs'>,
): Promise<void> {
  const wait = await waitUntilNamespaceGone(client, name, { ...opts, intervalMs: 100, maxIntervalMs: 1_000 });
  if (wait.gone) return;
  throw new TimeoutError(
    `timed out waiting for ${what} to finish being deleted`,
    wait.diagnosis,
    `check what keeps it (kubectl get namespace ${name} -o yaml shows its conditions), or raise --timeout`,
  );
}

/** Why a namespace is still there: its phase, finalizers and the conditions that are true. */
export async function diagnoseNamespace(client: Pick<ClusterClient, 'get'>, ref: ObjectRef, lastError: unknown): Promise<string[]> {
  if (lastError !== undefined) return [`last attempt to read it: ${describeError(lastError).message}`];
  const ns = await client.get(ref).catch(() => undefined);
  if (!ns) return [];
  const status = (ns.status ?? {}) as { phase?: string; conditions?: { type?: string; status?: string; message?: string }[] };
  const finalizers = [...((ns.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [], ...((ns.metadata.finalizers as string[] | undefined) ?? [])];
  const lines = [`namespace "${ref.name}" is ${status.phase ?? 'still there'}${finalizers.length > 0 ? ` (finalizers: ${finalizers.join(', ')})` : ''}`];
  for (const c of status.conditions ?? []) if (c.status === 'True' && c.message) lines.push(`${c.type}: ${c.message}`);
  return lines;
}
