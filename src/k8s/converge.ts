/**
 * Bringing one object to the shape we want: create it when missing, keep it when the fields we
 * set already hold our values, otherwise repair those fields. Used only by the applier (apply.ts).
 */
import { isAlreadyExists } from './api-error.js';
import { diffObject, withAbsentFields } from './compare.js';
import { refOf } from './refs.js';
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

export async function convergeObject(client: ClusterClient, desired: K8sObject, dryRun: boolean, absentFields?: AbsentFields): Promise<ApplyResult> {
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
  const patch = withAbsentFields(diffObject(desired, live), live, absentFields?.(desired, live) ?? []);
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
