/**
 * A member as the federation's controller manager reaches it: the server its Cluster records and
 * the credentials join stored in the host Secret the Cluster names (a token and the member's
 * ca.crt, or a flattened kubeconfig). unjoin uses it when the member has no context in the local
 * kubeconfig, as the original did, and so does destroy; status uses it to tell whether that
 * credential still works.
 * The context built here is never written anywhere, and its name says where it came from.
 */
import { parseKubeconfigText } from '../kubeconfig/parse.js';
import type { ClusterFields, ResolvedContext, UserFields } from '../kubeconfig/model.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import { clusterSecretName, clusterServer } from './cluster.js';
import type { MemberTarget } from './member-target.js';
import { decodeSecretValue } from './stored-pki.js';

/** undefined when the Secret holds neither a token with its CA nor a usable kubeconfig. */
export function storedCredentialsContext(cluster: K8sObject, secret: K8sObject | undefined): ResolvedContext | undefined {
  if (!secret) return undefined;
  const clusterName = cluster.metadata.name;
  const name = `stored credentials of cluster "${clusterName}" (secret "${secret.metadata.namespace ?? ''}/${secret.metadata.name}")`;
  const origin = { context: name, cluster: name, user: name };
  const data = (secret.data ?? {}) as Record<string, string>;
  const token = decodeSecretValue(secret, 'token');
  const server = clusterServer(cluster);
  if (token && data['ca.crt'] && server) {
    return { name, context: { cluster: name, user: name }, clusterName: name, cluster: { server, 'certificate-authority-data': data['ca.crt'] }, userName: name, user: { token }, origin };
  }
  const text = decodeSecretValue(secret, 'kubeconfig');
  if (!text) return undefined;
  try {
    const doc = parseKubeconfigText(text, name);
    const contextEntry = doc.contexts?.find((c) => c.name === doc['current-context']) ?? doc.contexts?.[0];
    const clusterEntry = doc.clusters?.find((c) => c.name === contextEntry?.context?.cluster) ?? doc.clusters?.[0];
    const userEntry = doc.users?.find((u) => u.name === contextEntry?.context?.user) ?? doc.users?.[0];
    if (!clusterEntry?.cluster?.server) return undefined;
    const fields: ClusterFields = { ...clusterEntry.cluster };
    const user: UserFields = { ...(userEntry?.user ?? {}) };
    return { name, context: { cluster: name, user: name }, clusterName: name, cluster: fields, userName: name, user, origin };
  } catch {
    return undefined;
  }
}

/** The host Secret a Cluster names, read from the federation's namespace. */
export function storedSecretRef(cluster: K8sObject, namespace: string): { apiVersion: string; kind: string; name: string; namespace: string } | undefined {
  const name = clusterSecretName(cluster);
  return name ? { apiVersion: 'v1', kind: 'Secret', name, namespace } : undefined;
}

/**
 * A member its Cluster names but no context reaches: reached instead with the credentials join
 * stored on the host, when the host holds usable ones; otherwise the target as it was.
 */
export async function withStoredCredentials<T extends MemberTarget>(target: T, cluster: K8sObject, host: ClusterClient, namespace: string): Promise<T> {
  const ref = storedSecretRef(cluster, namespace);
  const secret = ref ? await host.get(ref).catch(() => undefined) : undefined;
  const stored = storedCredentialsContext(cluster, secret);
  return stored ? { ...target, context: stored, viaStoredCredentials: true } : target;
}
