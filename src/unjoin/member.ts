/**
 * Unjoin of one member, idempotent and error-collecting (docs/architecture.md, "Failure policies"): the Cluster in the
 * federation, its credentials Secret on the host, then what join left on the member. A member
 * that cannot be reached stops everything unless `force`, which removes the federation side
 * and reports what stays on the member. A cluster of which nothing is found (no Cluster, no
 * leftovers of a partial join) is reported as not found, as the original did, with nothing sent.
 */
import {
  CLUSTER_NAME_ANNOTATION,
  CLUSTER_ROLE_ANNOTATION,
  CONTROLLER_MANAGER_ROLE,
  FEDERATION_NAME_ANNOTATION,
  SERVICE_ACCOUNT_ANNOTATION,
  SERVICE_ACCOUNT_ANNOTATION_ORIGINAL,
} from '../constants.js';
import type { KubeDnsEntries } from '../dns/kube-dns.js';
import { describeError } from '../describe-error.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../k8s/types.js';
import { clusterRef, clusterSecretName } from '../federation/cluster.js';
import { clusterRoleName, serviceAccountName, tokenSecretName } from '../federation/names.js';
import { SA_TOKEN_TYPE } from '../k8s/well-known.js';
import { RemovalLog, type Removal } from '../federation/removals.js';
import { describeObject } from '../federation/where.js';
import { updateSecretAccess, RBAC_GROUP } from '../federation/secret-access.js';
import { cleanMember } from './member-side.js';
import { hasJoinTraces } from './traces.js';

export interface UnjoinMemberInput {
  readonly clusterName: string;
  readonly namespace: string;
  /** The host context's name: join named the member's ServiceAccount after it. */
  readonly hostContext: string;
  /** From the controller manager on the host; else read from the credentials Secret. */
  readonly federationName?: string;
  readonly kubeDnsFallback?: KubeDnsEntries;
  readonly federation: ClusterClient;
  readonly host: ClusterClient;
  /** undefined when the member's context is not in any kubeconfig (only with force). */
  readonly member?: ClusterClient;
  readonly memberContext: string;
  /** The member is reached with the credentials stored in the host Secret (it has no context). */
  readonly storedCredentials?: boolean;
  readonly force: boolean;
  /** Remove only the federation side and leave the member as it is (destroy --keep-members). */
  readonly keepMember?: boolean;
  readonly dryRun?: 'client' | 'server';
  readonly log: (line: string) => void;
}

export interface UnjoinOutcome {
  readonly clusterName: string;
  readonly ok: boolean;
  readonly removals: readonly Removal[];
  readonly errors: readonly string[];
  /** Objects that stay on the member (unreachable with force, or not ours). */
  readonly left: readonly string[];
  /** No Cluster of this name and nothing else of its join: never joined, or already unjoined. */
  readonly notFound?: boolean;
}

export async function unjoinMember(input: UnjoinMemberInput): Promise<UnjoinOutcome> {
  const log = new RemovalLog(input.log, input.dryRun);
  const done = (): UnjoinOutcome => ({ clusterName: input.clusterName, ok: log.errors.length === 0, removals: log.removals, errors: log.errors, left: log.left });
  const clusterObjectRef = clusterRef(input.clusterName);

  let cluster: K8sObject | undefined;
  try {
    cluster = await input.federation.get(clusterObjectRef);
  } catch (err) {
    log.fail(`read cluster "${input.clusterName}" in the federation`, err);
    return done();
  }
  let rbacVersion: string | undefined;
  let unreachable: string | undefined = input.member || input.keepMember ? undefined : `context "${input.memberContext}" is not in kubeconfig`;
  if (input.member && !input.keepMember) {
    try {
      rbacVersion = await discoverRbacVersion(input.member);
    } catch (err) {
      unreachable = describeError(err).message;
    }
  }
  const defaultServiceAccount = serviceAccountName(input.clusterName, input.hostContext);
  // Not in the federation and nothing of a join left: the original's warning, whether or not the
  // cluster has a context or can be reached.
  if (!cluster) {
    const cleanable = unreachable || input.keepMember ? undefined : input.member;
    const traces = { ...input, member: cleanable, rbacVersion, serviceAccount: defaultServiceAccount };
    if (!(await hasJoinTraces(traces))) return { ...done(), notFound: true };
  }
  if (unreachable && !input.force) {
    const how = input.storedCredentials ? 'with the credentials stored in the host cluster' : `context "${input.memberContext}"`;
    log.errors.push(
      `cannot reach cluster "${input.clusterName}" (${how}): ${unreachable}; nothing was removed. Pass --force to remove it from the federation anyway, leaving its objects on the cluster`,
    );
    return done();
  }

  await log.remove(input.federation, 'federation', clusterObjectRef);
  const federationName = await removeHostSecrets(input, cluster, log, input.federationName);

  const annotations = cluster?.metadata.annotations ?? {};
  const serviceAccount =
    annotations[SERVICE_ACCOUNT_ANNOTATION] ?? annotations[SERVICE_ACCOUNT_ANNOTATION_ORIGINAL] ?? defaultServiceAccount;
  const clusterRole = annotations[CLUSTER_ROLE_ANNOTATION] ?? (federationName ? clusterRoleName(federationName, serviceAccount) : undefined);
  if (unreachable || !input.member || input.keepMember) {
    const left = [`serviceaccount "${input.namespace}/${serviceAccount}"`, `secret "${input.namespace}/${tokenSecretName(serviceAccount)}"`];
    if (clusterRole) left.push(`clusterrole and clusterrolebinding "${clusterRole}"`);
    left.push(`this federation's entries in configmap "kube-system/kube-dns"`, `namespace "${input.namespace}" if join created it`);
    for (const item of left) log.left.push(item);
    // The list itself is printed once, in the closing warning of what stays on each cluster.
    input.log(
      unreachable
        ? `cluster "${input.clusterName}" could not be reached (${unreachable}); what join created there stays`
        : `cluster "${input.clusterName}" kept as it is (--keep-members)`,
    );
    return done();
  }
  await cleanMember(
    {
      client: input.member,
      clusterName: input.clusterName,
      namespace: input.namespace,
      federationName,
      serviceAccount,
      clusterRole,
      rbacVersion,
      kubeDnsFallback: input.kubeDnsFallback,
      dryRun: input.dryRun,
      selfRemoval: input.storedCredentials,
    },
    log,
  );
  return done();
}

/**
 * The Secret the Cluster names, plus any other credentials Secret join stored for this cluster
 * (an earlier, interrupted run). Returns the federation name: the one given, else the one the
 * Secret carries.
 */
async function removeHostSecrets(input: UnjoinMemberInput, cluster: K8sObject | undefined, log: RemovalLog, federationName: string | undefined): Promise<string | undefined> {
  const named = cluster ? clusterSecretName(cluster) : undefined;
  const ref = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Secret', name, namespace: input.namespace });
  let found = federationName;
  try {
    const secrets = await input.host.list('v1', 'Secret', { namespace: input.namespace });
    const byName = named ? secrets.find((s) => s.metadata.name === named) : undefined;
    found ??= byName?.metadata.annotations?.[FEDERATION_NAME_ANNOTATION];
    const ours = secrets.filter((s) => {
      const a = s.metadata.annotations ?? {};
      return s.type !== SA_TOKEN_TYPE && a[CLUSTER_NAME_ANNOTATION] === input.clusterName && found !== undefined && a[FEDERATION_NAME_ANNOTATION] === found;
    });
    const names = new Set([...(named ? [named] : []), ...ours.map((s) => s.metadata.name)]);
    await revokeSecretAccess(input, [...names], log);
    for (const name of names) await log.remove(input.host, 'host', ref(name));
  } catch (err) {
    log.fail(`remove the credentials secret of cluster "${input.clusterName}" from the host cluster`, err);
  }
  return found;
}

/** The controller manager's Role no longer grants the credentials Secrets of this cluster. */
async function revokeSecretAccess(input: UnjoinMemberInput, names: readonly string[], log: RemovalLog): Promise<void> {
  if (names.length === 0) return;
  const role: ObjectRef = { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', name: CONTROLLER_MANAGER_ROLE, namespace: input.namespace };
  try {
    // Silent when it works: the Secrets' own lines follow, and the Role is init's object.
    await updateSecretAccess(log.applier, input.host, input.namespace, { remove: names });
  } catch (err) {
    log.fail(`remove the controller manager's read access to secret ${names.map((n) => `"${n}"`).join(', ')} from ${describeObject('host', role)}`, err);
  }
}
