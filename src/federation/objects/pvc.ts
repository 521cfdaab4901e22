import { ETCD_CLAIM_NAME } from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';
import type { ControlPlaneSpec } from './spec.js';
import { objectMeta } from './meta.js';

/** Whether etcd runs in the API server pod on a claim: no external etcd and persistence on. */
export function usesEtcdClaim(options: ControlPlaneSpec): boolean {
  return options.etcd.servers === undefined && options.etcd.persistentStorage;
}

/** PVC `apiserver-etcd-claim` (README, kubefed init); storageClassName only when one was given. */
export function buildEtcdClaim(options: ControlPlaneSpec): K8sObject {
  const spec: Record<string, unknown> = {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: options.etcd.pvCapacity } },
  };
  if (options.etcd.pvStorageClass !== undefined) spec.storageClassName = options.etcd.pvStorageClass;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: objectMeta(options, ETCD_CLAIM_NAME, { labels: true }),
    spec,
  };
}
