/**
 * The garbage collector. Background propagation: when an object is deleted, every object that
 * lists it (by uid) in its ownerReferences loses that reference, and is deleted once it has no
 * owner left. Deleting a Deployment therefore removes its ReplicaSets, and they their Pods.
 *
 * The two finalizers a delete may leave on an owner (delete-finalizers.ts) are the collector's
 * to finish: `orphan` — the dependents lose their reference to it and stay; `foregroundDeletion`
 * — the dependents are deleted first. Then the finalizer goes, and with the last finalizer the
 * owner itself.
 */
import type { ResourceType, StoredObject } from '../contracts.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../delete-finalizers.js';
import { ignoreGone, type ControllerContext, type Stop } from './kit.js';

/** Kinds that never own anything; skipping them keeps Event churn cheap. */
const NEVER_OWNERS = new Set(['Event']);
const GC_FINALIZERS = [ORPHAN_FINALIZER, FOREGROUND_FINALIZER];

export function startGarbageCollector(ctx: ControllerContext): Stop {
  const { store } = ctx;

  /** Every object that lists `owner` among its owners, with its type. */
  function dependentsOf(owner: StoredObject): { type: ResourceType; obj: StoredObject }[] {
    const uid = owner.metadata.uid;
    if (!uid) return [];
    const found = new Map<string, { type: ResourceType; obj: StoredObject }>();
    for (const type of store.types) {
      // A namespaced owner can only own objects in its own namespace.
      if (owner.metadata.namespace && !type.namespaced) continue;
      for (const obj of store.list(type, owner.metadata.namespace)) {
        // Two versions of one kind share their objects: each counts once.
        if ((obj.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid)) found.set(obj.metadata.uid ?? `${type.resource}/${obj.metadata.name}`, { type, obj });
      }
    }
    return [...found.values()];
  }

  function dropReference(type: ResourceType, obj: StoredObject, uid: string): void {
    const { ownerReferences = [], ...metadata } = obj.metadata;
    const remaining = ownerReferences.filter((ref) => ref.uid !== uid);
    // An empty list is not serialised (omitempty): the field goes.
    ignoreGone(() => store.update(type, { ...obj, metadata: remaining.length > 0 ? { ...metadata, ownerReferences: remaining } : metadata }));
  }

  function collectDependentsOf(owner: StoredObject): void {
    for (const { type, obj } of dependentsOf(owner)) {
      const others = (obj.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.metadata.uid);
      if (others.length === 0) store.delete(type, obj.metadata.namespace, obj.metadata.name);
      else dropReference(type, obj, owner.metadata.uid ?? '');
    }
  }

  /** Does what the owner's GC finalizers ask, removes them, and deletes it if none is left. */
  function finishDeletion(type: ResourceType, owner: StoredObject): void {
    const finalizers = owner.metadata.finalizers ?? [];
    if (finalizers.includes(ORPHAN_FINALIZER)) for (const d of dependentsOf(owner)) dropReference(d.type, d.obj, owner.metadata.uid ?? '');
    if (finalizers.includes(FOREGROUND_FINALIZER)) for (const d of dependentsOf(owner)) store.delete(d.type, d.obj.metadata.namespace, d.obj.metadata.name);
    const left = finalizers.filter((f) => !GC_FINALIZERS.includes(f));
    const updated = ignoreGone(() => store.update(type, { ...owner, metadata: { ...owner.metadata, finalizers: left } }));
    if (updated && left.length === 0) store.delete(type, owner.metadata.namespace, owner.metadata.name);
  }

  return store.onChange((event) => {
    const { object, resource } = event;
    if (event.type !== 'DELETED') {
      if (!object.metadata.deletionTimestamp || !(object.metadata.finalizers ?? []).some((f) => GC_FINALIZERS.includes(f))) return;
      ctx.tracker.run(`garbage-collector finalizers of ${resource.kind} ${object.metadata.name}`, () => {
        const current = store.get(resource, object.metadata.namespace, object.metadata.name);
        if (current?.metadata.deletionTimestamp) finishDeletion(resource, current);
      });
      return;
    }
    if (NEVER_OWNERS.has(resource.kind)) return;
    ctx.tracker.run(`garbage-collector ${resource.kind} ${object.metadata.name}`, () => collectDependentsOf(object));
  });
}
