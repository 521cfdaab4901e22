/**
 * The federation's `Cluster` objects (federation/v1beta1): how to address one, and what it
 * records about its member (the server address the controller manager dials, the Secret with the
 * member's credentials).
 */
import type { K8sObject, ObjectRef } from '../k8s/types.js';

export const CLUSTER_API_VERSION = 'federation/v1beta1';

export function clusterRef(name: string): ObjectRef {
  return { apiVersion: CLUSTER_API_VERSION, kind: 'Cluster', name };
}

/** The address a Cluster object sends the controller manager to. */
export function clusterServer(cluster: K8sObject): string | undefined {
  const spec = cluster.spec as { serverAddressByClientCIDRs?: { serverAddress?: string }[] } | undefined;
  return spec?.serverAddressByClientCIDRs?.[0]?.serverAddress;
}

export function clusterSecretName(cluster: K8sObject): string | undefined {
  return (cluster.spec as { secretRef?: { name?: string } } | undefined)?.secretRef?.name;
}
