/**
 * A dynamic provisioner for the default StorageClass, as an external provisioner runs beside a
 * real cluster: for a Pending claim of its class it creates a hostPath PersistentVolume in a
 * folder of its own, pre-bound to the claim (`claimRef` with the claim's uid). Binding the two is
 * left to the real kube-controller-manager's persistentvolume-binder, as on a real cluster. A
 * volume of ours that the binder Released (its claim is gone, reclaim policy Delete) is deleted
 * with its folder, as the provisioner's deleter does.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredObject } from '../../emulator/contracts.js';
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from '../../emulator/controllers/kit.js';
import { findDefaultStorageClass } from '../../emulator/controllers/pvc-binder.js';
import { PROVISIONER } from './cluster-objects.js';

const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

interface ClaimSpec {
  storageClassName?: string | null;
  accessModes?: string[];
  resources?: { requests?: { storage?: string } };
  volumeName?: string;
  volumeMode?: string;
}

export function startProvisioner(ctx: ControllerContext, root: string): Stop {
  const { store } = ctx;
  const pvcType = typeOf(store, 'v1', 'PersistentVolumeClaim');
  const pvType = typeOf(store, 'v1', 'PersistentVolume');
  const scType = typeOf(store, 'storage.k8s.io/v1', 'StorageClass');

  const folderOf = (claim: StoredObject) => join(root, `${claim.metadata.namespace}_${claim.metadata.name}_${claim.metadata.uid}`);

  function provision(claim: StoredObject): void {
    const spec = (claim.spec ?? {}) as ClaimSpec;
    if (claim.metadata.deletionTimestamp || spec.volumeName) return;
    if ((claim.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    // An empty class asks for no dynamic provisioning; no class at all for the default one.
    if (spec.storageClassName === '') return;
    const storageClass = spec.storageClassName ? store.get(scType, undefined, spec.storageClassName) : findDefaultStorageClass(ctx);
    if (!storageClass || storageClass.provisioner !== PROVISIONER) return;
    const name = `pvc-${claim.metadata.uid}`;
    if (store.get(pvType, undefined, name)) return;
    const path = folderOf(claim);
    mkdirSync(path, { recursive: true });
    store.create(pvType, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { [PROVISIONED_BY]: PROVISIONER } },
      spec: {
        capacity: { storage: spec.resources?.requests?.storage ?? '1Gi' },
        accessModes: spec.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: String(storageClass.reclaimPolicy ?? 'Delete'),
        storageClassName: storageClass.metadata.name,
        volumeMode: spec.volumeMode ?? 'Filesystem',
        hostPath: { path, type: 'DirectoryOrCreate' },
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
      },
    });
  }

  function reclaim(pv: StoredObject): void {
    if (pv.metadata.annotations?.[PROVISIONED_BY] !== PROVISIONER || pv.metadata.deletionTimestamp) return;
    const spec = (pv.spec ?? {}) as { persistentVolumeReclaimPolicy?: string; hostPath?: { path?: string } };
    if ((pv.status as { phase?: string } | undefined)?.phase !== 'Released' || spec.persistentVolumeReclaimPolicy !== 'Delete') return;
    ignoreGone(() => store.delete(pvType, undefined, pv.metadata.name));
    const path = spec.hostPath?.path;
    if (path?.startsWith(`${root}/`)) rmSync(path, { recursive: true, force: true });
  }

  return watchKinds(ctx, 'provisioner', ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'], (event) => {
    if (event.type === 'DELETED') return;
    if (event.resource.kind === 'PersistentVolume') {
      const pv = store.get(pvType, undefined, event.object.metadata.name);
      if (pv) reclaim(pv);
      return;
    }
    // A new default class may be what a waiting claim needed.
    const claims = event.resource.kind === 'StorageClass' ? store.list(pvcType) : [store.get(pvcType, event.object.metadata.namespace, event.object.metadata.name)];
    for (const claim of claims) if (claim) provision(claim);
  });
}
