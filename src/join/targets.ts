/**
 * Resolve step of join and unjoin (no network): which kubeconfig contexts reach the federation
 * API server, its host cluster and each member, and the federation's namespace on the host.
 * Every missing context is reported at once, before anything is sent.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_FEDERATION_NAMESPACE } from '../constants.js';
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { kubeconfigPaths } from '../session.js';
import { readContextFederationRecord } from '../kubeconfig/federation-record.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import type { TargetOptions } from './options.js';

export interface MemberTarget {
  readonly clusterName: string;
  readonly contextName: string;
  /** How to reach the member: its context in the kubeconfig (or, failing that, in the credentials kubeconfig). */
  readonly context?: ResolvedContext;
  /** Set with --credentials-kubeconfig: the file whose context join stores instead of a token. */
  readonly credentials?: { readonly loaded: LoadedKubeconfig; readonly contextName: string };
}

export interface Targets {
  readonly loaded: LoadedKubeconfig;
  readonly federation: ResolvedContext;
  readonly host: ResolvedContext;
  readonly namespace: string;
  readonly members: readonly MemberTarget[];
  /** The federation init recorded on the federation's context; checked against the host's controller manager. */
  readonly recordedFederationName?: string;
}

/** What init records on the federation's context (spec §3, init). */
export interface RecordedFederation {
  hostContext?: string;
  namespace?: string;
  federationName?: string;
}

export function readRecordedFederation(ctx: ResolvedContext): RecordedFederation {
  const record = readContextFederationRecord(ctx) ?? {};
  return { hostContext: record['host-context'], namespace: record['federation-system-namespace'], federationName: record['federation-name'] };
}

/**
 * `allowMissingMembers` (unjoin --force) lets a member whose context is gone through: the
 * federation side can still be cleaned up.
 */
export function resolveTargets(options: TargetOptions, deps: Deps, allowMissingMembers = false): Targets {
  const problems: string[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const loaded = loadKubeconfig(kubeconfigPaths(deps, options.kubeconfig));
  const federation = attempt(() => resolveContext(loaded, options.context, '--context'));
  const recorded = federation ? readRecordedFederation(federation) : {};
  const hostName = options.hostClusterContext ?? recorded.hostContext;
  let host: ResolvedContext | undefined;
  if (hostName === undefined) {
    if (federation) {
      problems.push(
        `context "${federation.name}" has no record of a federation made by kubefed init (no host cluster recorded); pass the federation's context to --context, or its host cluster's context to --host-cluster-context`,
      );
    }
  } else {
    host = attempt(() => resolveContext(loaded, hostName, '--host-cluster-context'));
  }
  const credentials = options.credentialsKubeconfig ? attempt(() => loadCredentials(options.credentialsKubeconfig as string, deps)) : undefined;

  const members: MemberTarget[] = [];
  for (const clusterName of options.clusters) {
    const contextName = options.clusterContext ?? clusterName;
    const inKubeconfig = loaded.contexts.has(contextName);
    const source = inKubeconfig || !credentials ? loaded : credentials;
    const context = allowMissingMembers && !source.contexts.has(contextName) ? undefined : attempt(() => resolveContext(source, contextName, '--cluster-context'));
    if (credentials && !credentials.contexts.has(contextName)) {
      problems.push(`context "${contextName}" not found in the credentials kubeconfig ${credentials.paths[0]}; pass a file that has it to --credentials-kubeconfig, or its context name to --cluster-context`);
    }
    members.push({ clusterName, contextName, context, ...(credentials ? { credentials: { loaded: credentials, contextName } } : {}) });
  }
  if (problems.length > 0 || !federation || !host) throw new UsageError(dedupe(problems));
  const namespace = options.federationSystemNamespace ?? recorded.namespace ?? DEFAULT_FEDERATION_NAMESPACE;
  return { loaded, federation, host, namespace, members, ...(recorded.federationName ? { recordedFederationName: recorded.federationName } : {}) };
}

function loadCredentials(path: string, deps: Deps): LoadedKubeconfig {
  const paths = kubeconfigPaths(deps, path);
  if (!existsSync(paths.paths[0])) {
    throw new UsageError(`credentials kubeconfig ${paths.paths[0]} does not exist; pass an existing file to --credentials-kubeconfig`);
  }
  return loadKubeconfig(paths);
}

function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}
