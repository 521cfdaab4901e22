/**
 * What the controller manager may read on the host: `get` on the member credential Secrets join
 * stored, by name, and nothing else. The CA key (Secret `federation-ca`) sits in the same
 * namespace, so the controller manager's Role never grants Secrets without `resourceNames`; and
 * because an empty `resourceNames` list means every name, a federation without members has no
 * Secrets rule at all. The controller manager's own kubeconfig and the DNS provider config reach
 * it as mounted volumes (read by the kubelet, not with its ServiceAccount), so they are not listed.
 * init keeps the names already granted; join adds its member's Secret, unjoin takes it away.
 */
import { CLUSTER_NAME_ANNOTATION, CONTROLLER_MANAGER_ROLE, FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { SA_TOKEN_TYPE } from '../k8s/well-known.js';
import { KubeApiError, UnservedKindError } from '../k8s/api-error.js';
import type { Applier } from '../k8s/apply.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The Secrets rules of the controller manager's Role for these member credential Secrets. */
export function secretRules(names: Iterable<string>): PolicyRule[] {
  const sorted = [...new Set(names)].filter((n) => n !== '').sort();
  return sorted.length === 0 ? [] : [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: sorted }];
}

function grantsSecrets(rule: PolicyRule): boolean {
  const core = (rule.apiGroups ?? []).some((g) => g === '' || g === '*');
  return core && (rule.resources ?? []).some((r) => r === 'secrets' || r === '*');
}

/** The Secret names the Role grants by name, and whether a rule grants Secrets of every name (an older init's Role). */
export function grantedSecrets(role: K8sObject | undefined): { names: string[]; unrestricted: boolean } {
  const rules = ((role?.rules ?? []) as PolicyRule[]).filter(grantsSecrets);
  const names = rules.flatMap((r) => r.resourceNames ?? []);
  return { names: [...new Set(names)].sort(), unrestricted: rules.some((r) => (r.resourceNames ?? []).length === 0) };
}

export interface SecretAccessChange {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

export type SecretAccessResult = 'updated' | 'unchanged' | 'no role';

const CONFLICT_ATTEMPTS = 8;

interface PendingChange {
  readonly applier: Applier<unknown>;
  readonly namespace: string;
  readonly change: SecretAccessChange;
  readonly resolve: (result: SecretAccessResult) => void;
  readonly reject: (err: unknown) => void;
}

interface RoleQueue {
  pending: PendingChange[];
  running: boolean;
  /**
   * The Role of each namespace as this run last read it or the server answered its last write:
   * the next write starts from it instead of reading it again. A write that meets Conflict
   * (someone else changed the Role since) or fails reads it again.
   */
  readonly written: Map<string, K8sObject>;
}

/**
 * Updates of one run to one host's Role go one write at a time (several members join at once).
 * The changes that arrive while a write is under way wait and then go together, in one write
 * (the Role read once, then taken from each write's answer), so that 50 members do not queue for
 * 50 round trips in turn.
 */
const queues = new WeakMap<ClusterClient, RoleQueue>();

/**
 * Adds and removes member credential Secret names on the controller manager's Role in
 * `namespace`, keeping its other rules. A Role without RBAC on the host (or none at all, as init
 * skips it there) is left alone. Written with the live resourceVersion and read again on
 * Conflict, so that joins of several clusters at once do not drop each other's names. The result
 * is this change's own: `unchanged` when the Role already said what it asks, even if changes
 * written with it in the same write did change the Role.
 */
export function updateSecretAccess(
  applier: Applier<unknown>,
  host: ClusterClient,
  namespace: string,
  change: SecretAccessChange,
): Promise<SecretAccessResult> {
  let queue = queues.get(host);
  if (!queue) {
    queue = { pending: [], running: false, written: new Map() };
    queues.set(host, queue);
  }
  const current = queue;
  const result = new Promise<SecretAccessResult>((resolve, reject) => current.pending.push({ applier, namespace, change, resolve, reject }));
  if (!current.running) void drain(host, current);
  return result;
}

async function drain(host: ClusterClient, queue: RoleQueue): Promise<void> {
  queue.running = true;
  while (queue.pending.length > 0) {
    // One namespace's Role per write; the changes for other namespaces stay queued, in order.
    const { namespace } = queue.pending[0];
    const batch = queue.pending.filter((p) => p.namespace === namespace);
    queue.pending = queue.pending.filter((p) => p.namespace !== namespace);
    try {
      const results = await updateOnce(batch[0].applier, host, namespace, batch.map((p) => p.change), queue.written);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        continue;
      }
      // A write that failed for all of them is tried again for each alone, so one bad change fails only its own caller.
      for (const p of batch) await updateOnce(p.applier, host, namespace, [p.change], queue.written).then((r) => p.resolve(r[0]), p.reject);
    }
  }
  queue.running = false;
}

async function updateOnce(
  applier: Applier<unknown>,
  host: ClusterClient,
  namespace: string,
  changes: readonly SecretAccessChange[],
  written: Map<string, K8sObject>,
): Promise<SecretAccessResult[]> {
  for (let attempt = 1; ; attempt++) {
    const role = written.get(namespace) ?? (await readRole(host, namespace));
    if (!role) return changes.map(() => 'no role');
    written.set(namespace, role);
    const granted = grantedSecrets(role);
    const names = new Set(granted.names);
    // An older init's Role read every Secret: the members joined until now keep their access.
    if (granted.unrestricted) for (const name of await joinedSecretNames(host, namespace, role.metadata.annotations?.[FEDERATION_NAME_ANNOTATION])) names.add(name);
    // Each change in arrival order; it changed something when it added a name not yet there or removed one that was.
    const changed = changes.map((change) => {
      let effect = granted.unrestricted;
      for (const name of change.add ?? []) {
        if (!names.has(name)) effect = true;
        names.add(name);
      }
      for (const name of change.remove ?? []) if (names.delete(name)) effect = true;
      return effect;
    });
    const all = (role.rules ?? []) as PolicyRule[];
    const others = all.filter((r) => !grantsSecrets(r));
    const wanted = secretRules(names);
    // Compared by meaning, not by the order of a rule's keys as the server wrote them.
    const secretRuleCount = all.length - others.length;
    if (!granted.unrestricted && secretRuleCount === wanted.length && granted.names.join('\n') === (wanted[0]?.resourceNames ?? []).join('\n')) {
      return changes.map(() => 'unchanged');
    }
    const rules = [...others, ...wanted];
    try {
      const answer = await applier.replace(host, { ...role, rules });
      // Only what the server stored is a state to start from (a dry run stored nothing).
      if (!applier.dryRun) written.set(namespace, answer);
      return changed.map((c) => (c ? 'updated' : 'unchanged'));
    } catch (err) {
      written.delete(namespace);
      if (!(err instanceof KubeApiError && err.status === 409) || attempt >= CONFLICT_ATTEMPTS) throw err;
    }
  }
}

async function readRole(host: ClusterClient, namespace: string): Promise<K8sObject | undefined> {
  try {
    return await host.get({ apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', name: CONTROLLER_MANAGER_ROLE, namespace });
  } catch (err) {
    // A host without RBAC does not serve the kind: nothing to limit.
    if (err instanceof UnservedKindError || (err instanceof KubeApiError && err.status === 404)) return undefined;
    throw err;
  }
}

/** The member credential Secrets join stored in `namespace` (annotated with the cluster's name) for this federation. */
export async function joinedSecretNames(host: ClusterClient, namespace: string, federationName: string | undefined): Promise<string[]> {
  const secrets = await host.list('v1', 'Secret', { namespace });
  return secrets
    .filter((s) => {
      const a = s.metadata.annotations ?? {};
      return s.type !== SA_TOKEN_TYPE && a[CLUSTER_NAME_ANNOTATION] !== undefined && (federationName === undefined || a[FEDERATION_NAME_ANNOTATION] === federationName);
    })
    .map((s) => s.metadata.name)
    .sort();
}
