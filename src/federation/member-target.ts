/**
 * Which kubeconfig context reaches each member cluster. join and unjoin are given CLUSTER_NAME
 * arguments (each reached through the context of that name, or --cluster-context); unjoin and
 * destroy also find a joined cluster from its Cluster object: the context named after it, else
 * the one context whose server is the address the Cluster records.
 */
import { UsageError } from '../errors.js';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../k8s/name-rules.js';
import type { K8sObject } from '../k8s/types.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import type { MemberOptions } from '../options/common.js';
import { clusterServer } from './cluster.js';
import { attempt } from './locate.js';
import { serverAddress } from './names.js';

export interface MemberTarget {
  readonly clusterName: string;
  /** The context looked for (the cluster's name when none was found). */
  readonly contextName: string;
  /** How to reach the member: its context in the kubeconfig (or, failing that, in the credentials kubeconfig). */
  readonly context?: ResolvedContext;
  /** Set with --credentials-kubeconfig: the file whose context join stores instead of a token. */
  readonly credentials?: { readonly loaded: LoadedKubeconfig; readonly contextName: string };
  /** Why no usable context was found. */
  readonly missing?: string;
  /** No context reaches it: `context` is built from the credentials join stored on the host (stored-credentials.ts). */
  readonly viaStoredCredentials?: boolean;
}

/** Checks of the CLUSTER_NAME arguments and the flags that only make sense with one of them. */
export function validateMemberArgs(options: Pick<MemberOptions, 'clusters' | 'clusterContext' | 'federationSystemNamespace'>): string[] {
  const problems: string[] = [];
  if (options.clusters.length === 0) problems.push('CLUSTER_NAME is required');
  const seen = new Set<string>();
  for (const name of options.clusters) {
    const problem = dns1123SubdomainProblem(name);
    if (problem) problems.push(`invalid cluster name "${name}": a cluster name ${problem} (RFC 1123 subdomain)`);
    if (seen.has(name)) problems.push(`cluster "${name}" is named twice; name each cluster once`);
    seen.add(name);
  }
  if (options.clusterContext !== undefined && options.clusters.length > 1) {
    problems.push('--cluster-context names the context of one cluster; with several clusters, name each cluster after its context, or run once per cluster');
  }
  const ns = options.federationSystemNamespace;
  const nsProblem = ns === undefined ? undefined : dns1123LabelProblem(ns);
  if (nsProblem) problems.push(`invalid --federation-system-namespace "${ns}": a namespace name ${nsProblem}`);
  return problems;
}

/**
 * The member of each CLUSTER_NAME. `allowMissing` (unjoin) lets a member whose context is not
 * found through: it is looked for again by its Cluster's server address, or --force goes on without it.
 */
export function resolveMemberTargets(
  loaded: LoadedKubeconfig,
  options: Pick<MemberOptions, 'clusters' | 'clusterContext'>,
  credentials: LoadedKubeconfig | undefined,
  allowMissing: boolean,
  problems: string[],
): MemberTarget[] {
  return options.clusters.map((clusterName) => {
    const contextName = options.clusterContext ?? clusterName;
    const source = loaded.contexts.has(contextName) || !credentials ? loaded : credentials;
    const context = allowMissing && !source.contexts.has(contextName) ? undefined : attempt(problems, () => resolveContext(source, contextName, '--cluster-context'));
    if (credentials && !credentials.contexts.has(contextName)) {
      problems.push(`context "${contextName}" not found in the credentials kubeconfig ${credentials.paths[0]}; pass a file that has it to --credentials-kubeconfig, or its context name to --cluster-context`);
    }
    return { clusterName, contextName, context, ...(credentials ? { credentials: { loaded: credentials, contextName } } : {}) };
  });
}

const normalize = (url: string): string => serverAddress(url).replace(/\/+$/, '');

/** The member a Cluster object stands for, found in the kubeconfig; `missing` says why when it is not. */
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
