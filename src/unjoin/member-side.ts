/**
 * What join left on the member, taken away again: our kube-dns entries, the ClusterRoleBinding
 * and ClusterRole, the ServiceAccount's token Secrets, the ServiceAccount, and the namespace
 * only when join created it and nothing else lives in it (every type the member serves is
 * looked at; when one cannot be listed, the namespace stays). An object that exists but does not
 * carry this cluster's annotations belongs to someone else and is left alone.
 */
import { CLUSTER_NAME_ANNOTATION, FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { KUBE_DNS_REF, unmergeKubeDns, type KubeDnsEntries } from '../dns/kube-dns.js';
import { isConflict } from '../k8s/api-error.js';
import { describeObjects, findForeignObjects } from '../k8s/namespace-contents.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../k8s/types.js';
import { tokenSecretName } from '../federation/names.js';
import { SA_NAME_ANNOTATION, SA_TOKEN_TYPE } from '../k8s/well-known.js';
import type { RemovalLog } from '../federation/removals.js';
import { describeError } from '../describe-error.js';

export interface MemberSideInput {
  readonly client: ClusterClient;
  readonly clusterName: string;
  readonly namespace: string;
  /** Unknown when neither the host nor the Cluster names it; kube-dns is then left alone. */
  readonly federationName?: string;
  readonly serviceAccount: string;
  readonly clusterRole?: string;
  /** The member's RBAC version; undefined when it serves no RBAC (nothing of that kind to remove). */
  readonly rbacVersion?: string;
  readonly kubeDnsFallback?: KubeDnsEntries;
  readonly dryRun?: 'client' | 'server';
  /**
   * The member is reached with the credentials join stored (its own ServiceAccount's token):
   * deleting the binding, the role, the ServiceAccount or its token ends that access, so they go
   * together in the last request (selfRemoval below).
   */
  readonly selfRemoval?: boolean;
}

export async function cleanMember(input: MemberSideInput, log: RemovalLog): Promise<void> {
  const { client, namespace } = input;
  const owned = (obj: K8sObject): boolean => {
    const a = obj.metadata.annotations ?? {};
    return a[CLUSTER_NAME_ANNOTATION] === input.clusterName && (input.federationName === undefined || a[FEDERATION_NAME_ANNOTATION] === input.federationName);
  };
  const removeOwned = async (ref: ObjectRef, isOurs: (obj: K8sObject) => boolean = owned): Promise<void> => {
    try {
      const live = await client.get(ref);
      if (!live) log.record('member', ref, 'already gone');
      else if (!isOurs(live)) log.record('member', ref, 'left', 'not created by kubefed join for this cluster');
      else await log.remove(client, 'member', ref);
    } catch (err) {
      log.fail(`delete ${ref.kind.toLowerCase()} "${ref.name}"`, err);
    }
  };

  if (input.federationName) await restoreKubeDns(input, input.federationName, log);
  else log.record('member', KUBE_DNS_REF, 'left', 'the federation name is unknown, so its entries could not be told apart');

  const rbac = `rbac.authorization.k8s.io/${input.rbacVersion}`;
  if (input.selfRemoval && input.clusterRole && input.rbacVersion) {
    const role = await client.get({ apiVersion: rbac, kind: 'ClusterRole', name: input.clusterRole }).catch(() => undefined);
    if (role && owned(role)) return removeWithOwnAccess(input, log, owned, role);
  }
  if (input.clusterRole && input.rbacVersion) {
    await removeOwned({ apiVersion: rbac, kind: 'ClusterRoleBinding', name: input.clusterRole });
    await removeOwned({ apiVersion: rbac, kind: 'ClusterRole', name: input.clusterRole });
  }
  const sa = input.serviceAccount;
  const isTokenOfSa = (s: K8sObject): boolean => s.type === SA_TOKEN_TYPE && s.metadata.annotations?.[SA_NAME_ANNOTATION] === sa;
  const secretRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Secret', name, namespace });
  await removeOwned(secretRef(tokenSecretName(sa)), isTokenOfSa);
  try {
    const others = (await client.list('v1', 'Secret', { namespace })).filter((s) => isTokenOfSa(s) && owned(s) && s.metadata.name !== tokenSecretName(sa));
    for (const secret of others) await log.remove(client, 'member', secretRef(secret.metadata.name));
  } catch (err) {
    log.fail(`list the token secrets of serviceaccount "${namespace}/${sa}"`, err);
  }
  await removeOwned({ apiVersion: 'v1', kind: 'ServiceAccount', name: sa, namespace });
  await removeNamespaceIfOurs(input, log, owned);
}

async function removeNamespaceIfOurs(input: MemberSideInput, log: RemovalLog, owned: (obj: K8sObject) => boolean): Promise<void> {
  const ref: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: input.namespace };
  try {
    const live = await input.client.get(ref);
    // A namespace join did not create (the host's federation-system, the user's) is never ours to delete.
    if (!live || !owned(live)) return;
    const deleted = log.removals
      .filter((r) => r.ref.namespace === input.namespace && (r.result === 'deleted' || r.result === 'would be deleted'))
      .map((r) => ({ kind: r.ref.kind, name: r.ref.name }));
    const contents = await findForeignObjects(input.client, input.namespace, { isOurs: owned, deleted });
    if (!contents.known) return log.record('member', ref, 'left', `whether it holds anything else cannot be told: ${contents.reason}`);
    if (contents.foreign.length > 0) return log.record('member', ref, 'left', `it still holds ${describeObjects(contents.foreign)}`);
    await log.remove(input.client, 'member', ref);
  } catch (err) {
    log.fail(`delete namespace "${input.namespace}"`, err);
  }
}

/** Take our entries out of kube-dns; a concurrent edit (409 Conflict) is re-read and retried. */
async function restoreKubeDns(input: MemberSideInput, federationName: string, log: RemovalLog): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const change = unmergeKubeDns(await input.client.get(KUBE_DNS_REF), federationName, input.kubeDnsFallback);
      if (change.action === 'delete') return await log.remove(input.client, 'member', KUBE_DNS_REF);
      if (change.action === 'unchanged' || !change.object) {
        log.record('member', KUBE_DNS_REF, 'unchanged', 'no entries of this federation');
        return;
      }
      const note = `removed ${change.removed.length > 0 ? change.removed.join(' and ') : 'the record of this federation'}`;
      await log.applier.replace(input.client, change.object);
      return log.record('member', KUBE_DNS_REF, input.dryRun === 'client' ? 'would be updated' : 'updated', note);
    } catch (err) {
      if (isConflict(err) && attempt < 3) continue;
      return log.fail('restore configmap "kube-system/kube-dns"', err);
    }
  }
}

/**
 * Removal through the member's own ServiceAccount, which loses its access with whichever of its
 * objects goes first. Every other object join made is given the ClusterRole as its owner, and
 * deleting the ClusterRole is the last request: the cluster's garbage collector then deletes the
 * binding, the ServiceAccount with its token Secrets, and the namespace when join created it and
 * nothing else is in it.
 */
async function removeWithOwnAccess(input: MemberSideInput, log: RemovalLog, owned: (obj: K8sObject) => boolean, role: K8sObject): Promise<void> {
  const { client, namespace } = input;
  const rbac = role.apiVersion;
  const sa = input.serviceAccount;
  const dependents: ObjectRef[] = [];
  try {
    const binding = await client.get({ apiVersion: rbac, kind: 'ClusterRoleBinding', name: role.metadata.name });
    if (binding && owned(binding)) dependents.push({ apiVersion: rbac, kind: 'ClusterRoleBinding', name: role.metadata.name });
    const tokens = (await client.list('v1', 'Secret', { namespace })).filter(
      (s) => s.type === SA_TOKEN_TYPE && s.metadata.annotations?.[SA_NAME_ANNOTATION] === sa && owned(s),
    );
    const account = await client.get({ apiVersion: 'v1', kind: 'ServiceAccount', name: sa, namespace });
    const inNamespace: ObjectRef[] = [
      ...tokens.map((t) => ({ apiVersion: 'v1', kind: 'Secret', name: t.metadata.name, namespace })),
      ...(account && owned(account) ? [{ apiVersion: 'v1', kind: 'ServiceAccount', name: sa, namespace }] : []),
    ];
    dependents.push(...inNamespace);
    const nsRef: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: namespace };
    const ns = await client.get(nsRef);
    if (ns && owned(ns)) {
      const contents = await findForeignObjects(client, namespace, { isOurs: owned, deleted: inNamespace.map((r) => ({ kind: r.kind, name: r.name })) });
      if (!contents.known) log.record('member', nsRef, 'left', `whether it holds anything else cannot be told: ${contents.reason}`);
      else if (contents.foreign.length > 0) log.record('member', nsRef, 'left', `it still holds ${describeObjects(contents.foreign)}`);
      else dependents.push(nsRef);
    }
    const owner = { apiVersion: rbac, kind: 'ClusterRole', name: role.metadata.name, uid: role.metadata.uid as string };
    for (const ref of dependents) {
      const live = await client.get(ref);
      if (!live) continue;
      const refs = (live.metadata.ownerReferences ?? []) as { uid?: string }[];
      if (refs.some((r) => r.uid === owner.uid)) continue;
      await log.applier.replace(client, { ...live, metadata: { ...live.metadata, ownerReferences: [...refs, owner] } });
    }
  } catch (err) {
    log.fail(`prepare the removal of what join made on cluster "${input.clusterName}" with its stored credentials`, err);
    return;
  }
  const roleRef: ObjectRef = { apiVersion: rbac, kind: 'ClusterRole', name: role.metadata.name };
  const { result, error } = await log.applier.remove(client, roleRef, { propagationPolicy: 'Background' });
  if (result === 'failed') return log.record('member', roleRef, 'failed', describeError(error).message);
  if (result === 'already gone') return log.record('member', roleRef, 'already gone');
  const gone = input.dryRun === 'client' ? 'would be deleted' : 'deleted';
  log.record('member', roleRef, gone);
  for (const ref of dependents) log.record('member', ref, gone, `by the garbage collector, with its owner clusterrole "${role.metadata.name}"`);
}
