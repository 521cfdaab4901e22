/**
 * The persistent-volume controller with a dynamic provisioner: a claim whose storage class
 * exists gets a freshly provisioned PersistentVolume and is Bound; a claim without a class (and
 * no default class) stays Pending with the FailedBinding Event a real cluster records. As since
 * Kubernetes 1.28, a claim with no class is given the default class once one appears.
 */
import type { StoredObject } from '../contracts.js';
import { ignoreGone, recordEvent, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';
import { PV_PROTECTION } from './volume-protection.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const COMPONENT = 'persistentvolume-controller';

interface ClaimSpec {
  storageClassName?: string | null;
  accessModes?: string[];
  resources?: { requests?: { storage?: string } };
  volumeName?: string;
}

/** The default StorageClass, as the DefaultStorageClass admission plugin picks it (newest wins a tie). */
export function findDefaultStorageClass(ctx: ControllerContext): StoredObject | undefined {
  const scType = ctx.store.typeFor('storage.k8s.io/v1', 'StorageClass');
  if (!scType) return undefined;
  const defaults = ctx.store.list(scType).filter((sc) => sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')));
  return defaults[0];
}

export function startPvcBinder(ctx: ControllerContext): Stop {
  const { store } = ctx;
  const pvcType = typeOf(store, 'v1', 'PersistentVolumeClaim');
  const pvType = typeOf(store, 'v1', 'PersistentVolume');
  const scType = typeOf(store, 'storage.k8s.io/v1', 'StorageClass');

  const warned = new Set<string>();
  function leavePending(claim: StoredObject, reason: string, message: string): void {
    const status = (claim.status ?? {}) as { phase?: string };
    if (status.phase !== 'Pending') ignoreGone(() => store.update(pvcType, { ...claim, status: { ...status, phase: 'Pending' } }));
    // Once per claim and reason: our own status write must not count as another attempt.
    const key = `${claim.metadata.uid}/${reason}/${message}`;
    if (warned.has(key)) return;
    warned.add(key);
    recordEvent(ctx, claim, { type: 'Warning', reason, message, component: COMPONENT });
  }

  function provision(claim: StoredObject, storageClass: StoredObject): void {
    const spec = (claim.spec ?? {}) as ClaimSpec;
    const provisioner = String(storageClass.provisioner ?? '');
    const pvName = `pvc-${claim.metadata.uid}`;
    const capacity = { storage: spec.resources?.requests?.storage ?? '1Gi' };
    const accessModes = spec.accessModes ?? ['ReadWriteOnce'];
    if (!store.get(pvType, undefined, pvName)) {
      store.create(pvType, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        // Created through the API by a real provisioner, so admission adds the protection finalizer.
        metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': provisioner }, finalizers: [PV_PROTECTION] },
        spec: {
          capacity,
          accessModes,
          persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
          storageClassName: storageClass.metadata.name,
          volumeMode: 'Filesystem',
          hostPath: { path: `/var/lib/emulated-provisioner/${claim.metadata.namespace}/${claim.metadata.name}`, type: '' },
          claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, resourceVersion: claim.metadata.resourceVersion },
        },
        status: { phase: 'Bound' },
      });
    }
    const annotations = {
      ...claim.metadata.annotations,
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': provisioner,
      'volume.kubernetes.io/storage-provisioner': provisioner,
    };
    const bound = ignoreGone(() =>
      store.update(pvcType, {
        ...claim,
        metadata: { ...claim.metadata, annotations },
        spec: { ...spec, storageClassName: storageClass.metadata.name, volumeName: pvName },
        status: { phase: 'Bound', accessModes, capacity },
      }),
    );
    if (bound) recordEvent(ctx, bound, { type: 'Normal', reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${pvName} using ${provisioner}`, component: COMPONENT });
  }

  function syncClaim(claim: StoredObject): void {
    if (claim.metadata.deletionTimestamp) return;
    if ((claim.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    const className = ((claim.spec ?? {}) as ClaimSpec).storageClassName;
    if (className === '') {
      leavePending(claim, 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      return;
    }
    const storageClass = className ? store.get(scType, undefined, className) : findDefaultStorageClass(ctx);
    if (storageClass) return provision(claim, storageClass);
    if (className) leavePending(claim, 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    else leavePending(claim, 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
  }

  function releaseVolumeOf(claim: StoredObject): void {
    const volumeName = ((claim.spec ?? {}) as ClaimSpec).volumeName;
    const pv = volumeName ? store.get(pvType, undefined, volumeName) : undefined;
    if (pv && (pv.spec as { persistentVolumeReclaimPolicy?: string }).persistentVolumeReclaimPolicy === 'Delete') {
      store.delete(pvType, undefined, pv.metadata.name);
    }
  }

  return watchKinds(ctx, 'pvc-binder', ['PersistentVolumeClaim', 'StorageClass'], (event) => {
    if (event.resource.kind === 'StorageClass') {
      if (event.type !== 'DELETED') for (const claim of store.list(pvcType)) syncClaim(claim);
      return;
    }
    if (event.type === 'DELETED') return releaseVolumeOf(event.object);
    const current = store.get(pvcType, event.object.metadata.namespace, event.object.metadata.name);
    if (current) syncClaim(current);
  });
}
