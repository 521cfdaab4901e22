/**
 * Storage object in-use protection, as kube-apiserver and kube-controller-manager do it. The
 * StorageObjectInUseProtection admission plugin gives every new claim the
 * `kubernetes.io/pvc-protection` finalizer and every new volume `kubernetes.io/pv-protection`, so
 * deleting either only marks it. The pvc-protection controller removes the claim's finalizer once
 * no scheduled pod mounts the claim (a pod whose kubelet is done with it — deleting with a zero
 * grace period — no longer counts); the pv-protection controller removes the volume's once it is
 * no longer Bound. With the last finalizer gone, the object goes.
 */
import type { ResourceType, StoredObject } from '../contracts.js';
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

/** What the admission plugin adds to a new claim or volume. */
export function protectionFinalizerFor(type: Pick<ResourceType, 'group' | 'resource'>): string | undefined {
  if (type.group !== '') return undefined;
  if (type.resource === 'persistentvolumeclaims') return PVC_PROTECTION;
  if (type.resource === 'persistentvolumes') return PV_PROTECTION;
  return undefined;
}

export function addProtectionFinalizer(type: Pick<ResourceType, 'group' | 'resource'>, obj: StoredObject): void {
  const finalizer = protectionFinalizerFor(type);
  const finalizers = obj.metadata.finalizers ?? [];
  if (finalizer && !finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}

interface PodSpec {
  nodeName?: string;
  volumes?: { persistentVolumeClaim?: { claimName?: string } }[];
}

function isShutDown(pod: StoredObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionGracePeriodSeconds === 0;
}

function mounts(pod: StoredObject, claim: string): boolean {
  const spec = (pod.spec ?? {}) as PodSpec;
  if (!spec.nodeName || isShutDown(pod)) return false;
  return (spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim);
}

export function startVolumeProtection(ctx: ControllerContext): Stop {
  const { store } = ctx;
  const pvcType = typeOf(store, 'v1', 'PersistentVolumeClaim');
  const pvType = typeOf(store, 'v1', 'PersistentVolume');
  const podType = typeOf(store, 'v1', 'Pod');

  function release(type: ResourceType, obj: StoredObject, finalizer: string): void {
    const left = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const updated = ignoreGone(() => store.update(type, { ...obj, metadata: { ...obj.metadata, finalizers: left } }));
    if (updated && left.length === 0) store.delete(type, obj.metadata.namespace, obj.metadata.name);
  }

  function syncClaim(namespace: string | undefined, name: string): void {
    const claim = store.get(pvcType, namespace, name);
    if (!claim?.metadata.deletionTimestamp || !(claim.metadata.finalizers ?? []).includes(PVC_PROTECTION)) return;
    if (store.list(podType, namespace).some((pod) => mounts(pod, name))) return;
    release(pvcType, claim, PVC_PROTECTION);
  }

  function syncVolume(name: string): void {
    const volume = store.get(pvType, undefined, name);
    if (!volume?.metadata.deletionTimestamp || !(volume.metadata.finalizers ?? []).includes(PV_PROTECTION)) return;
    if ((volume.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    release(pvType, volume, PV_PROTECTION);
  }

  return watchKinds(ctx, 'volume-protection', ['PersistentVolumeClaim', 'PersistentVolume', 'Pod'], (event) => {
    const { metadata } = event.object;
    if (event.resource.kind === 'PersistentVolumeClaim') return event.type !== 'DELETED' && syncClaim(metadata.namespace, metadata.name);
    if (event.resource.kind === 'PersistentVolume') return event.type !== 'DELETED' && syncVolume(metadata.name);
    // A pod gone or shutting down may have been the last one keeping a claim.
    if (event.type !== 'DELETED' && !isShutDown(event.object)) return;
    for (const v of ((event.object.spec ?? {}) as PodSpec).volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName) syncClaim(metadata.namespace, v.persistentVolumeClaim.claimName);
    }
  });
}
