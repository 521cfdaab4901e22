/**
 * Resolve step of join and unjoin (no network): the federation API server's context, its host
 * cluster and namespace, and each member's context. Every problem is reported at once, before
 * anything is sent.
 */
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { loadCredentialsKubeconfig, loadKubeconfig } from '../kubeconfig/load.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import type { MemberOptions } from '../options/common.js';
import { kubeconfigPaths } from '../session.js';
import { attempt, locateFederation } from './locate.js';
import { resolveMemberTargets, type MemberTarget } from './member-target.js';

export interface Targets {
  readonly loaded: LoadedKubeconfig;
  readonly federation: ResolvedContext;
  readonly host: ResolvedContext;
  readonly namespace: string;
  readonly members: readonly MemberTarget[];
  /** The federation init recorded on the federation's context; checked against the host's controller manager. */
  readonly recordedFederationName?: string;
}

/**
 * `allowMissingMembers` (unjoin) lets a member whose context is not found through: unjoin looks
 * for it by its Cluster's address, and --force cleans up the federation side without it.
 */
export function resolveTargets(options: MemberOptions, deps: Deps, allowMissingMembers = false): Targets {
  const problems: string[] = [];
  const loaded = loadKubeconfig(kubeconfigPaths(deps, options.kubeconfig));
  const located = locateFederation(loaded, options, problems);
  const credentials = options.credentialsKubeconfig ? attempt(problems, () => loadCredentials(options.credentialsKubeconfig as string, deps)) : undefined;
  const members = resolveMemberTargets(loaded, options, credentials, allowMissingMembers, problems);
  const { federation, host, namespace, recordedFederationName } = located;
  if (problems.length > 0 || !federation || !host) throw new UsageError([...new Set(problems)]);
  return { loaded, federation, host, namespace, members, ...(recordedFederationName ? { recordedFederationName } : {}) };
}

function loadCredentials(path: string, deps: Deps): LoadedKubeconfig {
  return loadCredentialsKubeconfig(kubeconfigPaths(deps, path));
}
