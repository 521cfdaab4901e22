/**
 * Carrying out the host part of the plan, one step at a time, collecting errors instead of
 * stopping (docs/architecture.md, "Failure policies"). The namespace is deleted only when nothing but our own objects and
 * what Kubernetes made for them is left in it (every namespaced type the host serves is looked
 * at), since deleting it takes everything inside along; when that cannot be told, it stays.
 */
import { FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { describeObjects, findForeignObjects, type DeletedObject } from '../k8s/namespace-contents.js';
import { RemovalLog, type Removal } from '../federation/removals.js';
import { describeObject } from '../federation/where.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../k8s/types.js';
import { waitUntilNamespaceGone } from '../k8s/namespace-deletion.js';
import { pollUntil } from '../k8s/wait.js';
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
  /** This federation's objects the earlier steps deleted: what Kubernetes made for them may linger. */
  readonly deleted?: readonly DeletedObject[];
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

/** How long the namespace check waits for a deleted claim to be released: its pods' shutdown. */
const CLAIM_RELEASE_WAIT_MS = 30_000;

/**
 * A deleted claim stays (terminating) until no pod mounts it: the pvc-protection controller
 * releases it once the control plane's pods are gone. The namespace check reads what is left
 * after that, so what it sees does not depend on how quickly the pods shut down; a claim that
 * stays longer than the wait is ours and counts as such.
 */
async function waitForReleasedClaims(ref: ObjectRef, ctx: HostRunContext): Promise<void> {
  const claims = (ctx.deleted ?? []).filter((d) => d.kind === 'PersistentVolumeClaim');
  if (ctx.dryRun || claims.length === 0) return;
  const terminating = async (): Promise<boolean> => {
    const found = await Promise.all(claims.map((c) => ctx.host.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: c.name, namespace: ref.name })));
    return found.some((claim) => claim?.metadata.deletionTimestamp !== undefined);
  };
  await pollUntil(async () => ((await terminating()) ? undefined : true), {
    intervalMs: 100,
    maxIntervalMs: 1000,
    deadline: Math.min(ctx.deadline, ctx.now() + CLAIM_RELEASE_WAIT_MS),
    now: ctx.now,
    sleep: ctx.sleep,
    onTick: ctx.onTick,
  });
}

async function deleteNamespace(ref: ObjectRef, ctx: HostRunContext, log: RemovalLog, warnings: string[]): Promise<StepRecord['timedOut']> {
  const isOurs = (o: K8sObject): boolean => o.metadata.annotations?.[FEDERATION_NAME_ANNOTATION] === ctx.federationName;
  await waitForReleasedClaims(ref, ctx);
  const contents = await findForeignObjects(ctx.host, ref.name, { isOurs, deleted: ctx.deleted });
  const note = !contents.known
    ? `whether it holds anything else cannot be told: ${contents.reason}`
    : contents.foreign.length > 0
      ? `it still holds ${describeObjects(contents.foreign)}, which kubefed did not create`
      : undefined;
  if (note) {
    log.record('host', ref, 'left', note);
    warnings.push(`left ${describeObject('host', ref)} alone: ${note}`);
    return undefined;
  }
  await log.remove(ctx.host, 'host', ref);
  if (ctx.dryRun || log.removals.at(-1)?.result !== 'deleted') return undefined;
  const wait = await waitUntilNamespaceGone(ctx.host, ref.name, {
    intervalMs: 1000,
    deadline: ctx.deadline,
    now: ctx.now,
    sleep: ctx.sleep,
    onTick: ctx.onTick,
  });
  if (wait.gone) return undefined;
  return { message: `timed out waiting for namespace "${ref.name}" to be deleted`, diagnosis: wait.diagnosis };
}
