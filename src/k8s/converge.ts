/**
 * Bringing one object to the shape we want: create it when missing, keep it when the fields we
 * set already hold our values, otherwise repair those fields. Used only by the applier (apply.ts).
 *
 * Every write here is safe to repeat, so every write is retried (docs/architecture.md, "The
 * applier contract"): a create carries a name we chose, so a second attempt after a lost answer
 * meets AlreadyExists, and the object is adopted when it is exactly what we would have written;
 * a repair that meets 409 Conflict re-reads the object and computes the patch again.
 */
import { CliError } from '../errors.js';
import { isAlreadyExists, isConflict } from './api-error.js';
import { diffObject, withAbsentFields } from './compare.js';
import { refOf } from './refs.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { ClusterClient, K8sObject, ObjectRef } from './types.js';

export type ApplyAction = 'created' | 'kept' | 'repaired';

export interface ApplyResult {
  ref: ObjectRef;
  action: ApplyAction;
  /** What the server answered: the created or patched object, or the live one when kept. */
  object: K8sObject;
  /**
   * Not checked against the server: a client dry run, or a server dry run into a namespace that
   * is itself only being created (the server would answer NotFound); `object` is what we would send.
   */
  unchecked?: boolean;
}

/** Field paths the live object must not have (set by an earlier run for an option now off). */
export type AbsentFields = (desired: K8sObject, live: K8sObject) => readonly (readonly string[])[];

/** How the applier repeats a write: the run's clock, sleep and deadline (retry.ts). */
export type WriteRetry = Pick<RetryOptions, 'now' | 'sleep' | 'deadline' | 'random' | 'maxAttempts'>;

export interface ConvergeOptions {
  readonly dryRun: boolean;
  readonly absentFields?: AbsentFields;
  /** Without it every write is sent once (unit tests, and callers without a clock). */
  readonly retry?: WriteRetry;
  /** An existing object is left exactly as it is. */
  readonly keepExisting?: boolean;
  /**
   * The object as this run has just read it (`null`: it was not there), so it is not read again
   * before the write. A create that meets AlreadyExists still adopts or fails as without it.
   */
  readonly knownLive?: K8sObject | null;
  /** Called just before the first create is sent: from then on the object may exist. */
  onCreateSent?(ref: ObjectRef): void;
  /** Called when the create met an object that is not ours (the run then stops). */
  onForeign?(): void;
}

/** How often a repair is computed again after 409 Conflict before giving up. */
const CONFLICT_ATTEMPTS = 5;

export async function convergeObject(client: ClusterClient, desired: K8sObject, options: ConvergeOptions): Promise<ApplyResult & { createdByUs?: boolean }> {
  const ref = refOf(desired);
  let live = options.knownLive === undefined ? await client.get(ref) : (options.knownLive ?? undefined);
  if (live && options.keepExisting) return { ref, action: 'kept', object: live };
  if (!live) {
    const outcome = await createOnce(client, desired, options);
    if (outcome.created) return { ref, action: 'created', object: outcome.created, createdByUs: true };
    live = outcome.existing;
    // Our own earlier attempt stored it (its answer was lost): it is ours, as created.
    if (outcome.afterRetry) return { ref, action: 'created', object: live, createdByUs: true };
    if (options.keepExisting) return { ref, action: 'kept', object: live };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await repair(client, desired, live, options);
    } catch (e) {
      // The object changed under us: read it again and compute the repair again. An object that
      // carries the resourceVersion it was computed from is the caller's to merge again.
      if (!isConflict(e) || attempt >= CONFLICT_ATTEMPTS || desired.metadata.resourceVersion !== undefined) throw e;
      const fresh = await client.get(ref);
      if (!fresh) throw e;
      live = fresh;
    }
  }
}

async function repair(client: ClusterClient, desired: K8sObject, live: K8sObject, options: ConvergeOptions): Promise<ApplyResult> {
  const ref = refOf(desired);
  const { dryRun } = options;
  const patch = withAbsentFields(diffObject(desired, live), live, options.absentFields?.(desired, live) ?? []);
  if (!patch) return { ref, action: 'kept', object: live };
  if (WHOLE_SPEC_KINDS.has(`${desired.apiVersion}/${desired.kind}`)) {
    return { ref, action: 'repaired', object: await client.replace(withOurSpec(desired, live, patch), { dryRun }) };
  }
  return { ref, action: 'repaired', object: await client.patch(ref, patch, 'merge', { dryRun }) };
}

type CreateOutcome = { created: K8sObject; existing?: undefined; afterRetry?: undefined } | { created?: undefined; existing: K8sObject; afterRetry: boolean };

/**
 * POST with retries on 5xx, 429, timeouts and dropped connections. AlreadyExists ends the retries:
 * the object there is adopted when it holds everything we would have written, else the run stops
 * naming it (someone else's object under our name is never changed).
 */
async function createOnce(client: ClusterClient, desired: K8sObject, options: ConvergeOptions): Promise<CreateOutcome> {
  const ref = refOf(desired);
  let attempts = 0;
  const attempt = async (): Promise<CreateOutcome | { exists: unknown }> => {
    attempts++;
    if (attempts === 1) options.onCreateSent?.(ref);
    try {
      return { created: await client.create(desired, { dryRun: options.dryRun }) };
    } catch (e) {
      if (isAlreadyExists(e)) return { exists: e };
      throw e;
    }
  };
  const result = options.retry ? await withRetry(attempt, { ...options.retry, idempotent: true }) : await attempt();
  if (!('exists' in result)) return result;
  const existing = await client.get(ref);
  if (!existing) throw result.exists;
  if (!options.keepExisting) {
    const differs = diffObject(desired, existing);
    if (differs) {
      options.onForeign?.();
      throw notOurs(ref, differs);
    }
  }
  return { existing, afterRetry: attempts > 1 };
}

function notOurs(ref: ObjectRef, patch: Record<string, unknown>): CliError {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'metadata' && value && typeof value === 'object') fields.push(...Object.keys(value).map((k) => `metadata.${k}`));
    else fields.push(key);
  }
  const where = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return new CliError(
    `${ref.kind.toLowerCase()} "${where}" already exists and is not the one kubefed would write (it differs in ${fields.join(', ')}); remove it, or choose another name`,
  );
}

/**
 * Kinds whose whole spec is ours. A merge patch cannot drop a field inside a list entry (an etcd
 * container's volume mount once its volume is gone), so these are repaired by replacing the spec;
 * the server fills its defaults in again, and the metadata others added is kept.
 */
const WHOLE_SPEC_KINDS = new Set(['apps/v1/Deployment']);

function withOurSpec(desired: K8sObject, live: K8sObject, patch: Record<string, unknown>): K8sObject {
  const annotations: Record<string, string> = { ...live.metadata.annotations, ...desired.metadata.annotations };
  const cleared = (patch.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {};
  for (const [key, value] of Object.entries(cleared)) if (value === null) delete annotations[key];
  return {
    ...live,
    metadata: { ...live.metadata, labels: { ...live.metadata.labels, ...desired.metadata.labels }, annotations },
    spec: desired.spec,
  };
}
