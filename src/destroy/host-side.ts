/**
 * Carrying out the host part of the plan, one step at a time, collecting errors instead of
 * stopping (style rule 5). The namespace is deleted only when nothing but our own objects and
 * what its controllers made is left in it, since deleting it takes everything inside along.
 */
import { FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { describeError } from '../describe-error.js';
import { UnservedKindError } from '../k8s/api-error.js';
import { describeObject } from '../join/describe.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../k8s/types.js';
import { pollUntil } from '../k8s/wait.js';
import { RemovalLog, type Removal } from '../unjoin/removals.js';
import type { HostStep } from './plan.js';

export interface StepRecord {
  readonly removals: readonly Removal[];
  readonly errors: readonly string[];
  /** One line per object, shown with -v and in a dry run. */
  readonly lines: readonly string[];
  /** Objects left alone because they are not ours (or hold what is not ours). */
  readonly warnings: readonly string[];
  /** The wait for the namespace to disappear ran out. */
  readonly timedOut?: { message: string; diagnosis: string[] };
}

export interface HostRunContext {
  readonly host: ClusterClient;
  readonly federationName: string;
  readonly dryRun?: 'client' | 'server';
  /** For the namespace wait. */
  readonly deadline: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  onTick(): void;
}

export async function runHostStep(step: HostStep, ctx: HostRunContext): Promise<StepRecord> {
  const lines: string[] = [];
  const warnings: string[] = [];
  const log = new RemovalLog((line) => lines.push(line), ctx.dryRun);
  let timedOut: StepRecord['timedOut'];
  for (const decision of step.decisions) {
    if (decision.action === 'gone') log.record('host', decision.ref, 'already gone');
    else if (decision.action === 'keep') log.record('host', decision.ref, 'left', decision.note);
    else if (decision.action === 'foreign') {
      log.record('host', decision.ref, 'left', decision.note);
      warnings.push(`left ${describeObject('host', decision.ref)} alone: ${decision.note}`);
    } else if (decision.ref.kind !== 'Namespace') await log.remove(ctx.host, 'host', decision.ref);
    else timedOut = await deleteNamespace(decision.ref, ctx, log, warnings);
  }
  return { removals: log.removals, errors: log.errors, lines, warnings, ...(timedOut ? { timedOut } : {}) };
}

/** Kinds a user may have put in the namespace; a namespace holding one of theirs stays. */
const USER_CONTENT = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'ServiceAccount'],
  ['v1', 'Service'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
] as const;

/** What a namespace's own controllers create in it; these never keep it in use. */
const NAMESPACE_DEFAULTS = new Set(['ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);

async function deleteNamespace(ref: ObjectRef, ctx: HostRunContext, log: RemovalLog, warnings: string[]): Promise<StepRecord['timedOut']> {
  let other: string | undefined;
  try {
    other = await findOtherContent(ctx.host, ref.name, ctx.federationName);
  } catch (err) {
    log.fail(`check what namespace "${ref.name}" still holds before deleting it`, err);
    return undefined;
  }
  if (other) {
    const note = `it still holds ${other}, which kubefed did not create`;
    log.record('host', ref, 'left', note);
    warnings.push(`left ${describeObject('host', ref)} alone: ${note}`);
    return undefined;
  }
  await log.remove(ctx.host, 'host', ref);
  if (ctx.dryRun || log.removals.at(-1)?.result !== 'deleted') return undefined;
  const wait = await pollUntil(async () => ((await ctx.host.get(ref)) ? undefined : true), {
    intervalMs: 1000,
    deadline: ctx.deadline,
    now: ctx.now,
    sleep: ctx.sleep,
    onTick: ctx.onTick,
  });
  if (!wait.timedOut) return undefined;
  return { message: `timed out waiting for namespace "${ref.name}" to be deleted`, diagnosis: await diagnoseNamespace(ctx.host, ref, wait.lastError) };
}

/** The first object in the namespace that is neither ours, nor being deleted, nor made by a controller. */
async function findOtherContent(host: ClusterClient, namespace: string, federationName: string): Promise<string | undefined> {
  for (const [apiVersion, kind] of USER_CONTENT) {
    let items: K8sObject[];
    try {
      items = await host.list(apiVersion, kind, { namespace });
    } catch (err) {
      if (err instanceof UnservedKindError) continue;
      throw err;
    }
    const other = items.find((o) => {
      const meta = o.metadata;
      if (meta.deletionTimestamp || (meta.ownerReferences ?? []).length > 0) return false;
      if (NAMESPACE_DEFAULTS.has(`${kind}/${meta.name}`) || o.type === 'kubernetes.io/service-account-token') return false;
      return meta.annotations?.[FEDERATION_NAME_ANNOTATION] !== federationName;
    });
    if (other) return `${kind.toLowerCase()} "${other.metadata.name}"`;
  }
  return undefined;
}

async function diagnoseNamespace(host: ClusterClient, ref: ObjectRef, lastError: unknown): Promise<string[]> {
  if (lastError !== undefined) return [`last attempt to read it: ${describeError(lastError).message}`];
  const ns = await host.get(ref).catch(() => undefined);
  if (!ns) return [];
  const status = (ns.status ?? {}) as { phase?: string; conditions?: { type?: string; status?: string; message?: string }[] };
  const finalizers = ((ns.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
  const lines = [`namespace "${ref.name}" is ${status.phase ?? 'still there'}${finalizers.length > 0 ? ` (finalizers: ${finalizers.join(', ')})` : ''}`];
  for (const c of status.conditions ?? []) if (c.status === 'True' && c.message) lines.push(`${c.type}: ${c.message}`);
  return lines;
}
