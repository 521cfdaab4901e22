import type { K8sObject, ObjectRef } from './types.js';

/** The reference of an object: what get, patch and delete address it by. */
export function refOf(obj: K8sObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace !== undefined) ref.namespace = obj.metadata.namespace;
  return ref;
}

/** `deployment "apiserver"`, the way kubectl and the original name objects in messages. */
export function describeRef(ref: Pick<ObjectRef, 'kind' | 'name'>): string {
  return `${ref.kind.toLowerCase()} "${ref.name}"`;
}
