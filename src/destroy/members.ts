/**
 * The joined clusters of a federation being destroyed: which kubeconfig context reaches each one
 * (its name, as join defaults to, else the one context whose server the Cluster points to), and
 * a reachability check of them all before anything is deleted, so that an unreachable member
 * stops the run with nothing removed unless --force says to go ahead.
 */
import { describeError } from '../describe-error.js';
import { UsageError } from '../errors.js';
import { clusterServer } from '../join/preflight.js';
import { serverAddress } from '../join/names.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import type { ApiGroupInfo, ClusterClient, K8sObject } from '../k8s/types.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { resolveContext } from '../kubeconfig/resolve.js';

export interface MemberTarget {
  readonly clusterName: string;
  /** The context looked for (the cluster's name when none was found). */
  readonly contextName: string;
  readonly context?: ResolvedContext;
  /** Why no usable context was found. */
  readonly missing?: string;
}

const normalize = (url: string): string => serverAddress(url).replace(/\/+$/, '');

export function findMemberTarget(loaded: LoadedKubeconfig, cluster: K8sObject): MemberTarget {
  const clusterName = cluster.metadata.name;
  let contextName = clusterName;
  if (!loaded.contexts.has(clusterName)) {
    const address = clusterServer(cluster);
    const matching = address
      ? [...loaded.contexts.values()].filter((c) => {
          const server = loaded.clusters.get(String(c.entry.context?.cluster ?? ''))?.entry.cluster?.server;
          return typeof server === 'string' && normalize(server) === normalize(address);
        })
      : [];
    if (matching.length !== 1) {
      const where = address ? ` nor one whose cluster's server is ${address}${matching.length > 1 ? ' (several are)' : ''}` : '';
      return { clusterName, contextName, missing: `kubeconfig has no context "${clusterName}"${where}` };
    }
    contextName = matching[0].entry.name;
  }
  try {
    return { clusterName, contextName, context: resolveContext(loaded, contextName, '--kubeconfig') };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return { clusterName, contextName, missing: err.problems[0] };
  }
}

export interface ReachableMember {
  readonly target: MemberTarget;
  /** undefined when it has no context; with a failed probe the client still carries that failure. */
  readonly client?: ClusterClient;
  /** Why it cannot be cleaned up: no context, or the probe failed. */
  readonly problem?: string;
}

/** Probes every member once (API discovery); the answer is kept so unjoin does not wait on it again. */
export async function probeMembers(targets: readonly MemberTarget[], clientFor: (ctx: ResolvedContext) => Promise<ClusterClient>): Promise<ReachableMember[]> {
  return Promise.all(
    targets.map(async (target): Promise<ReachableMember> => {
      if (!target.context) return { target, problem: `cluster "${target.clusterName}": ${target.missing ?? 'no context'}` };
      try {
        const client = rememberGroups(await clientFor(target.context));
        try {
          await discoverRbacVersion(client);
          return { target, client };
        } catch (err) {
          return { target, client, problem: `cannot reach cluster "${target.clusterName}" (context "${target.contextName}"): ${describeError(err).message}` };
        }
      } catch (err) {
        return { target, problem: `cannot reach cluster "${target.clusterName}" (context "${target.contextName}"): ${describeError(err).message}` };
      }
    }),
  );
}

/** The same client, with its discovery answer (or failure) fetched once and reused. */
function rememberGroups(client: ClusterClient): ClusterClient {
  let groups: Promise<ApiGroupInfo[]> | undefined;
  return {
    contextName: client.contextName,
    server: client.server,
    get: (ref) => client.get(ref),
    list: (apiVersion, kind, options) => client.list(apiVersion, kind, options),
    create: (obj, options) => client.create(obj, options),
    replace: (obj, options) => client.replace(obj, options),
    patch: (ref, patch, type, options) => client.patch(ref, patch, type, options),
    delete: (ref, options) => client.delete(ref, options),
    groups: () => (groups ??= client.groups()),
    rawGet: (path) => client.rawGet(path),
  };
}
