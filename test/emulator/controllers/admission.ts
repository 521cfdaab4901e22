/**
 * The admission plugins of a default cluster that change what gets stored: DefaultStorageClass
 * (a claim without storageClassName gets the default class), StorageObjectInUseProtection (claims
 * and volumes get their protection finalizer) and ServiceAccount (a Pod runs as `default` unless
 * told otherwise, and the account must exist).
 */
import type { ResourceType, StoredObject } from '../contracts.js';
import { forbidden } from '../status.js';
import type { ControllerContext } from './kit.js';
import { findDefaultStorageClass } from './pvc-binder.js';
import { addProtectionFinalizer } from './volume-protection.js';

export type Admit = (op: 'create' | 'update' | 'delete', type: ResourceType, obj: StoredObject, dryRun: boolean) => void;

export function createAdmission(ctx: ControllerContext): Admit {
  return (op, type, obj) => {
    if (op !== 'create' || type.group !== '') return;
    addProtectionFinalizer(type, obj);
    if (type.kind === 'PersistentVolumeClaim') {
      const spec = (obj.spec ?? {}) as { storageClassName?: string | null };
      if (spec.storageClassName === undefined || spec.storageClassName === null) {
        const sc = findDefaultStorageClass(ctx);
        if (sc) obj.spec = { ...spec, storageClassName: sc.metadata.name };
      }
      return;
    }
    if (type.kind === 'Pod') {
      const spec = (obj.spec ?? {}) as { serviceAccountName?: string; serviceAccount?: string };
      const sa = spec.serviceAccountName || spec.serviceAccount || 'default';
      const ns = obj.metadata.namespace ?? 'default';
      const saType = ctx.store.typeFor('v1', 'ServiceAccount');
      if (saType && !ctx.store.get(saType, ns, sa)) {
        throw forbidden(type, obj.metadata.name, `error looking up service account ${ns}/${sa}: serviceaccount "${sa}" not found`);
      }
      obj.spec = { ...spec, serviceAccountName: sa, serviceAccount: sa };
    }
  };
}
