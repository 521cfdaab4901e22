/**
 * The garbage collector, background propagation: when an object is deleted, every object that
 * lists it (by uid) in its ownerReferences loses that reference, and is deleted once it has no
 * owner left. Deleting a Deployment therefore removes its ReplicaSets, and they their Pods.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, type ControllerContext, type Stop } from './kit.js';

/** Kinds that never own anything; skipping them keeps Event churn cheap. */
const NEVER_OWNERS = new Set(['Event']);

export function startGarbageCollector(ctx: ControllerContext): Stop {
  const { store } = ctx;

  function collectDependentsOf(owner: StoredObject): void {
    const uid = owner.metadata.uid;
    if (!uid) return;
    for (const type of store.types) {
      // A namespaced owner can only own objects in its own namespace.
      if (owner.metadata.namespace && !type.namespaced) continue;
      for (const obj of store.list(type, owner.metadata.namespace)) {
        const refs = obj.metadata.ownerReferences ?? [];
        if (!refs.some((ref) => ref.uid === uid)) continue;
        const remaining = refs.filter((ref) => ref.uid !== uid);
        if (remaining.length === 0) {
          store.delete(type, obj.metadata.namespace, obj.metadata.name);
        } else {
          ignoreGone(() => store.update(type, { ...obj, metadata: { ...obj.metadata, ownerReferences: remaining } }));
        }
      }
    }
  }

  return store.onChange((event) => {
    if (event.type !== 'DELETED' || NEVER_OWNERS.has(event.resource.kind)) return;
    ctx.tracker.run(`garbage-collector ${event.resource.kind} ${event.object.metadata.name}`, () => collectDependentsOf(event.object));
  });
}
