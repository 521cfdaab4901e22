/**
 * The namespace controllers: a new namespace gets its `default` ServiceAccount (service-account
 * controller) and the `kube-root-ca.crt` ConfigMap (root-CA publisher); a namespace being
 * deleted has its contents removed before it disappears, with a short Terminating phase.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';

const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
/** How long a deleted namespace stays Terminating once empty; long enough to be observed. */
const TERMINATING_MS = 30;

export interface NamespaceControllerOptions {
  /** The cluster CA published in every namespace. */
  caPem: string;
}

export function startNamespaceController(ctx: ControllerContext, options: NamespaceControllerOptions): Stop {
  const { store } = ctx;
  const nsType = typeOf(store, 'v1', 'Namespace');
  const saType = typeOf(store, 'v1', 'ServiceAccount');
  const cmType = typeOf(store, 'v1', 'ConfigMap');

  function populate(ns: string): void {
    if (!store.get(saType, ns, 'default')) {
      ignoreGone(() => store.create(saType, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } }));
    }
    if (!store.get(cmType, ns, ROOT_CA_CONFIGMAP)) {
      ignoreGone(() =>
        store.create(cmType, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
          data: { 'ca.crt': options.caPem },
        }),
      );
    }
  }

  /** Deletes everything namespaced in `ns`; true when nothing was left to delete. */
  function emptyNamespace(ns: string): boolean {
    let found = false;
    for (const type of store.types) {
      if (!type.namespaced) continue;
      for (const obj of store.list(type, ns)) {
        found = true;
        store.delete(type, ns, obj.metadata.name);
      }
    }
    return !found;
  }

  function markTerminating(ns: StoredObject): void {
    const status = (ns.status ?? {}) as { phase?: string };
    if (status.phase === 'Terminating') return;
    ignoreGone(() => store.update(nsType, { ...ns, status: { ...status, phase: 'Terminating' } }));
  }

  function finishDeletion(name: string): void {
    const ns = store.get(nsType, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    // Objects may still arrive while terminating (a controller racing); empty again first.
    if (!emptyNamespace(name)) {
      ctx.tracker.later(`namespace ${name} termination`, TERMINATING_MS, () => finishDeletion(name));
      return;
    }
    // As for any object, finalizers in its metadata keep it (Terminating) until they are removed:
    // the update that removes the last one brings it back here.
    if ((ns.metadata.finalizers ?? []).length > 0) {
      // Emptied: the controller's own finalizer goes (the finalize subresource on a real cluster).
      const spec = (ns.spec ?? {}) as { finalizers?: string[] };
      if (spec.finalizers?.includes('kubernetes')) {
        ignoreGone(() => store.update(nsType, { ...ns, spec: { ...spec, finalizers: spec.finalizers?.filter((f) => f !== 'kubernetes') } }));
      }
      terminating.delete(name);
      return;
    }
    store.delete(nsType, undefined, name);
  }

  const terminating = new Set<string>();
  return watchKinds(ctx, 'namespace-controller', ['Namespace'], (event) => {
    const name = event.object.metadata.name;
    if (event.type === 'DELETED') {
      // Deleted without a Terminating phase: still remove what it contained.
      terminating.delete(name);
      emptyNamespace(name);
      return;
    }
    if (event.object.metadata.deletionTimestamp) {
      const current = store.get(nsType, undefined, name);
      if (!current) return;
      markTerminating(current);
      emptyNamespace(name);
      if (terminating.has(name)) return;
      terminating.add(name);
      ctx.tracker.later(`namespace ${name} termination`, TERMINATING_MS, () => finishDeletion(name));
      return;
    }
    if (event.type === 'ADDED') populate(name);
  });
}
