/**
 * The finalizers kube-apiserver adds to an object it is asked to delete, for the garbage
 * collector (deletionFinalizersForGarbageCollection in the generic registry): `orphan` when the
 * dependents are to be kept, `foregroundDeletion` when they go first. Either defers the delete —
 * the object is marked and answered with, as any object with finalizers — until the collector
 * has done its part and removed the finalizer.
 */
import type { ResourceType, StoredObject } from './contracts.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export interface PropagationOptions {
  propagationPolicy?: string;
  /** The deprecated form; when given it wins over the policy. */
  orphanDependents?: boolean;
}

type Policy = 'orphan' | 'delete' | 'unsupported';

/**
 * Events own nothing and are never marked; ReplicationControllers and batch/v1 Jobs keep their
 * pods unless asked otherwise (their v1 defaults, kept for old clients); the rest delete them.
 */
function defaultPolicy(type: Pick<ResourceType, 'group' | 'version' | 'resource'>): Policy {
  if (type.resource === 'events' && (type.group === '' || type.group === 'events.k8s.io')) return 'unsupported';
  if (type.group === '' && type.resource === 'replicationcontrollers') return 'orphan';
  if (type.group === 'batch' && type.version === 'v1' && type.resource === 'jobs') return 'orphan';
  return 'delete';
}

function shouldOrphan(policy: Policy, finalizers: string[], options: PropagationOptions): boolean {
  if (policy === 'unsupported') return false;
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy === 'Orphan') return true;
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Foreground') return false;
  if (finalizers.includes(ORPHAN_FINALIZER)) return true;
  if (finalizers.includes(FOREGROUND_FINALIZER)) return false;
  return policy === 'orphan';
}

function shouldDeleteInForeground(policy: Policy, finalizers: string[], options: PropagationOptions): boolean {
  if (policy === 'unsupported' || options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy === 'Foreground') return true;
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Orphan') return false;
  if (finalizers.includes(FOREGROUND_FINALIZER)) return true;
  return false;
}

/** The object's finalizers once the delete has asked for its dependents' fate. */
export function deletionFinalizers(type: Pick<ResourceType, 'group' | 'version' | 'resource'>, obj: StoredObject, options: PropagationOptions): string[] {
  const policy = defaultPolicy(type);
  const existing = obj.metadata.finalizers ?? [];
  const kept = existing.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (shouldOrphan(policy, existing, options)) kept.push(ORPHAN_FINALIZER);
  if (shouldDeleteInForeground(policy, existing, options)) kept.push(FOREGROUND_FINALIZER);
  const same = kept.length === existing.length && kept.every((f) => existing.includes(f));
  return same ? existing : kept;
}
