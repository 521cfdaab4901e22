/**
 * The reads join makes before its first write: the federation's controller manager on the host,
 * each member's RBAC support and existing ServiceAccount, and any Cluster of the same name
 * already in the federation. A read that fails ends the run here, with nothing sent.
 *
 * With several members, what they all read from the same server is read once: one list of the
 * federation's Clusters instead of a read per member, and one list of the host namespace's
 * Secrets, so that writing each member's credentials Secret needs no read of its own.
 */
import { describeError } from '../describe-error.js';
import { CliError, UsageError } from '../errors.js';
import { UnservedKindError } from '../k8s/api-error.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import { CLUSTER_API_VERSION, clusterRef } from '../federation/cluster.js';
import type { ClientFor } from '../federation/client-pool.js';
import { findControllerManager } from '../federation/controller-manager.js';
import type { MemberTarget } from '../federation/member-target.js';
import { serviceAccountName } from '../federation/names.js';
import type { Targets } from '../federation/targets.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { ResolvedContext } from '../kubeconfig/model.js';
import { bounded } from './bounded.js';

export interface MemberFacts {
  readonly target: MemberTarget;
  readonly client: ClusterClient;
  /** RBAC API version the member serves; undefined when it has none. */
  readonly rbacVersion?: string;
  readonly existingCluster?: K8sObject;
  readonly existingServiceAccount?: K8sObject;
  /**
   * The member's federation namespace as read (token path only): `null` when it is not there,
   * and then nothing of ours can be in it; undefined when not read.
   */
  readonly existingNamespace?: K8sObject | null;
}

export interface Preflight {
  readonly host: ClusterClient;
  readonly federation: ClusterClient;
  readonly controllerManager?: K8sObject;
  readonly members: readonly MemberFacts[];
  /** The Secrets of the federation's namespace on the host, by name; undefined when not listed (one member). */
  readonly hostSecrets?: ReadonlyMap<string, K8sObject>;
}

export async function readPreflight(
  targets: Targets,
  clientFor: ClientFor,
  useCredentialsKubeconfig: boolean,
  membersInFlight = Number.POSITIVE_INFINITY,
): Promise<Preflight> {
  const inTurn = bounded(membersInFlight);
  const [host, federation] = await Promise.all([clientFor(targets.host), clientFor(targets.federation)]);
  const deploymentsRead = naming(`read the federation's controller manager in the host cluster (context "${targets.host.name}")`, () =>
    host.list('apps/v1', 'Deployment', { namespace: targets.namespace }),
  );
  const several = targets.members.length > 1;
  const hostSecretsRead = several
    ? naming(`read the federation's Secrets in the host cluster (context "${targets.host.name}")`, () => host.list('v1', 'Secret', { namespace: targets.namespace })).then(byName)
    : undefined;
  const federationRead = `reach the federation API server (context "${targets.federation.name}")`;
  const asFederation = (err: unknown): never => {
    if (err instanceof UnservedKindError) throw notAFederation(targets.federation.name, err.server);
    throw err;
  };
  const clustersRead = several
    ? naming(federationRead, () => federation.list(CLUSTER_API_VERSION, 'Cluster').catch(asFederation)).then(byName)
    : undefined;
  // Each member waits on the list in its turn; a failed list is reported through them.
  clustersRead?.catch(() => undefined);
  const members = allOrEveryProblem(
    targets.members.map((target) => inTurn(async (): Promise<MemberFacts> => {
      const client = await clientFor(target.context as ResolvedContext);
      const [rbacVersion, existingCluster] = await Promise.all([
        useCredentialsKubeconfig ? undefined : naming(`reach cluster "${target.clusterName}" (context "${target.contextName}")`, () => discoverRbacVersion(client)),
        clustersRead
          ? clustersRead.then((clusters) => clusters.get(target.clusterName))
          : naming(federationRead, () => federation.get(clusterRef(target.clusterName)).catch(asFederation)),
      ]);
      if (!rbacVersion) return { target, client, rbacVersion, existingCluster };
      // The ServiceAccount lives in the namespace: on a member that has none yet, one read tells
      // both absent (and the join's writes there need no reads of their own).
      const reading = `read cluster "${target.clusterName}" (context "${target.contextName}")`;
      const namespace = await naming(reading, () => client.get({ apiVersion: 'v1', kind: 'Namespace', name: targets.namespace }));
      const saName = serviceAccountName(target.clusterName, targets.host.name);
      const existingServiceAccount = namespace
        ? await naming(reading, () => client.get({ apiVersion: 'v1', kind: 'ServiceAccount', name: saName, namespace: targets.namespace }))
        : undefined;
      return { target, client, rbacVersion, existingCluster, existingServiceAccount, existingNamespace: namespace ?? null };
    })),
  );
  const [deployments, memberFacts, hostSecrets] = await Promise.all([deploymentsRead, members, hostSecretsRead]);
  return { host, federation, controllerManager: findControllerManager(deployments), members: memberFacts, ...(hostSecrets ? { hostSecrets } : {}) };
}

function byName(objects: readonly K8sObject[]): Map<string, K8sObject> {
  return new Map(objects.map((o) => [o.metadata.name, o]));
}

/**
 * Every member's reads finish; when several fail, all their problems are reported at once (one
 * line each, duplicates once), with the exit code of the first.
 */
async function allOrEveryProblem<T>(reads: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(reads);
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length === 0) return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  if (failures.length === 1) throw failures[0];
  const lines = [...new Set(failures.map((f) => describeError(f).message))];
  if (failures.every((f) => f instanceof UsageError)) throw new UsageError(lines);
  throw new CliError(lines.join('\n'), { exitCode: describeError(failures[0]).exitCode });
}

/** The federation context answers, but it is a plain cluster: a usage mistake, found before any write. */
function notAFederation(context: string, server: string): UsageError {
  return new UsageError(
    `context "${context}" is not a federation API server (${server} serves no federation/v1beta1 Clusters); pass the federation's context to --context, or make it the current context`,
  );
}

/** A failed read says which cluster it was for; nothing has been written yet. */
async function naming<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const described = describeError(err);
    // "could not reach cluster X: could not reach the API server U: …" says the same thing twice.
    const cause = described.message.replace(/^could not reach the API server /, '');
    throw new CliError(`could not ${what}: ${cause}; nothing was changed`, { exitCode: described.exitCode, hint: described.details.join('\n') || undefined });
  }
}
