import { isAlreadyExists } from './api-error.js';
import { diffObject, withAbsentFields } from './compare.js';
import { refOf } from './refs.js';
import type { ClusterClient, DeleteOptions, K8sObject, ObjectRef } from './types.js';

export type ApplyAction = 'created' | 'kept' | 'repaired';

export interface ApplyResult {
  ref: ObjectRef;
  action: ApplyAction;
  /** What the server answered: the created or patched object, or the live one when kept. */
  object: K8sObject;
  /**
   * Server dry run only: the object's namespace is itself only being created in this run, so the
   * server could not check the object (it would answer NotFound); `object` is what we would send.
   */
  unchecked?: boolean;
}

export interface ApplyOptions {
  /** 'server': every write is sent with dryRun=All and nothing is persisted. */
  dryRun?: 'server';
  /** Called after each object, before the next one is sent (progress lines, rollback lists). */
  onResult?(result: ApplyResult): void;
  /** Field paths the live object must not have (set by an earlier run for an option now off). */
  absentFields?(desired: K8sObject, live: K8sObject): readonly (readonly string[])[];
}

export type DeleteOutcome = 'deleted' | 'already gone' | 'failed';

export interface DeleteResult {
  ref: ObjectRef;
  result: DeleteOutcome;
  error?: unknown;
}

export interface DeleteObjectsOptions {
  dryRun?: 'server';
  propagationPolicy?: DeleteOptions['propagationPolicy'];
  onResult?(result: DeleteResult): void;
}

async function applyOne(client: ClusterClient, desired: K8sObject, dryRun: boolean, opts: ApplyOptions): Promise<ApplyResult> {
  const ref = refOf(desired);
  let live = await client.get(ref);
  if (!live) {
    try {
      return { ref, action: 'created', object: await client.create(desired, { dryRun }) };
    } catch (e) {
      // Someone else (or our own earlier attempt whose answer was lost) created it meanwhile:
      // carry on as if it had been there.
      if (!isAlreadyExists(e)) throw e;
      live = await client.get(ref);
      if (!live) throw e;
    }
  }
  const patch = withAbsentFields(diffObject(desired, live), live, opts.absentFields?.(desired, live) ?? []);
  if (!patch) return { ref, action: 'kept', object: live };
  if (WHOLE_SPEC_KINDS.has(`${desired.apiVersion}/${desired.kind}`)) {
    return { ref, action: 'repaired', object: await client.replace(withOurSpec(desired, live, patch), { dryRun }) };
  }
  return { ref, action: 'repaired', object: await client.patch(ref, patch, 'merge', { dryRun }) };
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

/**
 * The one place that writes objects. In order, for each object: create it when missing, keep it
 * when the fields we set already hold our values, otherwise repair those fields with a merge
 * patch. Stops at the first failure (the error propagates); `onResult` has seen every object
 * handled before it.
 */
export async function applyObjects(client: ClusterClient, objects: readonly K8sObject[], opts: ApplyOptions = {}): Promise<ApplyResult[]> {
  const dryRun = opts.dryRun === 'server';
  const pendingNamespaces = new Set<string>();
  const results: ApplyResult[] = [];
  for (const desired of objects) {
    const ns = desired.metadata.namespace;
    let result: ApplyResult;
    if (dryRun && ns !== undefined && pendingNamespaces.has(ns)) {
      result = { ref: refOf(desired), action: 'created', object: desired, unchecked: true };
    } else {
      result = await applyOne(client, desired, dryRun, opts);
    }
    if (dryRun && result.action === 'created' && desired.apiVersion === 'v1' && desired.kind === 'Namespace') {
      pendingNamespaces.add(desired.metadata.name);
    }
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}

/**
 * Deletes every ref, in order, whatever happens to the others: a missing object is
 * "already gone", a failure is recorded with its error and the next ref is tried.
 */
export async function deleteObjects(client: ClusterClient, refs: readonly ObjectRef[], opts: DeleteObjectsOptions = {}): Promise<DeleteResult[]> {
  const results: DeleteResult[] = [];
  for (const ref of refs) {
    let result: DeleteResult;
    try {
      const outcome = await client.delete(ref, { dryRun: opts.dryRun === 'server', propagationPolicy: opts.propagationPolicy });
      result = { ref, result: outcome === 'deleted' ? 'deleted' : 'already gone' };
    } catch (error) {
      result = { ref, result: 'failed', error };
    }
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}
