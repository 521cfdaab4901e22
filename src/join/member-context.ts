/**
 * Which kubeconfig context reaches a joined cluster: the one named after it, as join defaults
 * to, else the one context whose server is the address its Cluster records. Used by unjoin and
 * destroy.
 */
import { UsageError } from '../errors.js';
import type { K8sObject } from '../k8s/types.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import { serverAddress } from './names.js';
import { clusterServer } from './preflight.js';

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

