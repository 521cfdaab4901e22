/**
 * Whether anything of a cluster's join is left, asked when the federation has no Cluster of that
 * name: a cluster that was never joined (a typo) or one already unjoined must not be reported as
 * removed, while the leftovers of a partial join or an interrupted unjoin are still cleaned up.
 * Reads only; a read that fails counts as "something may be left", so the clean-up runs and
 * reports the failure itself.
 */
import { CLUSTER_NAME_ANNOTATION, FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { KUBE_DNS_REF, unmergeKubeDns, type KubeDnsEntries } from '../dns/kube-dns.js';
import { clusterRoleName, tokenSecretName } from '../federation/names.js';
import { SA_TOKEN_TYPE } from '../k8s/well-known.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../k8s/types.js';

export interface TraceInput {
  readonly clusterName: string;
  readonly namespace: string;
  readonly federationName?: string;
  readonly host: ClusterClient;
  /** The member, when it is to be cleaned up and could be reached. */
  readonly member?: ClusterClient;
  readonly rbacVersion?: string;
  readonly serviceAccount: string;
  readonly kubeDnsFallback?: KubeDnsEntries;
}

export async function hasJoinTraces(input: TraceInput): Promise<boolean> {
  const ours = (obj: K8sObject | undefined): boolean => {
    const a = obj?.metadata.annotations ?? {};
    return a[CLUSTER_NAME_ANNOTATION] === input.clusterName && (input.federationName === undefined || a[FEDERATION_NAME_ANNOTATION] === input.federationName);
  };
  try {
    const secrets = await input.host.list('v1', 'Secret', { namespace: input.namespace });
    if (secrets.some((s) => s.type !== SA_TOKEN_TYPE && ours(s))) return true;
    const member = input.member;
    if (!member) return false;
    const ns = input.namespace;
    const refs: ObjectRef[] = [
      { apiVersion: 'v1', kind: 'Namespace', name: ns },
      { apiVersion: 'v1', kind: 'ServiceAccount', name: input.serviceAccount, namespace: ns },
      { apiVersion: 'v1', kind: 'Secret', name: tokenSecretName(input.serviceAccount), namespace: ns },
    ];
    if (input.federationName && input.rbacVersion) {
      const role = clusterRoleName(input.federationName, input.serviceAccount);
      const rbac = `rbac.authorization.k8s.io/${input.rbacVersion}`;
      refs.push({ apiVersion: rbac, kind: 'ClusterRole', name: role }, { apiVersion: rbac, kind: 'ClusterRoleBinding', name: role });
    }
    const found = await Promise.all(refs.map((ref) => member.get(ref)));
    if (found.some(ours)) return true;
    if (!input.federationName) return false;
    // This federation's kube-dns entries, left by an unjoin that stopped before restoring them.
    return unmergeKubeDns(await member.get(KUBE_DNS_REF), input.federationName, input.kubeDnsFallback).action !== 'unchanged';
  } catch {
    return true;
  }
}
