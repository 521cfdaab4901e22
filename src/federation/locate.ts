/**
 * Where a federation lives, read from the kubeconfig (no network): the context of its API server,
 * the context of its host cluster, and its namespace there — from the flags, else from the record
 * init keeps on the federation's context (src/kubeconfig/federation-record.ts). join and unjoin
 * name the federation by its context (--context, else the current one); destroy names the
 * federation itself, whose context init named after it.
 */
import { DEFAULT_FEDERATION_NAMESPACE } from '../constants.js';
import { UsageError } from '../errors.js';
import { readFederationRecord, type FederationRecord } from '../kubeconfig/federation-record.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { resolveWithOverrides } from '../kubeconfig/overrides.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import type { ConnectionOverrides, HostOptions } from '../options/common.js';

export interface LocateRequest extends Pick<HostOptions, 'hostClusterContext' | 'federationSystemNamespace'> {
  /** --context: the federation API server's context. */
  readonly context?: string;
  /**
   * destroy: the federation asked for. Its context defaults to this name and may be gone (an
   * earlier destroy removed it), and init's record on it counts only when it names this federation.
   */
  readonly federationName?: string;
  /** kubectl's connection overrides: they apply to the federation's context, the one --context selects. */
  readonly connection?: ConnectionOverrides;
}

export interface FederationLocation {
  readonly federationContextName: string;
  /** undefined when that context cannot be used (a problem says why, unless destroy may do without it). */
  readonly federation?: ResolvedContext;
  readonly host?: ResolvedContext;
  readonly namespace: string;
  /** The federation init recorded on the federation's context. */
  readonly recordedFederationName?: string;
  /** That record names the federation asked for (destroy): the kubeconfig entries are init's. */
  readonly recorded: boolean;
}

/** Every problem found is added to `problems`, so that the caller can report them all at once. */
export function locateFederation(loaded: LoadedKubeconfig, request: LocateRequest, problems: string[]): FederationLocation {
  const wanted = request.federationName;
  const contextName = request.context ?? wanted ?? loaded.currentContext;
  const federation = resolveFederationContext(loaded, request, contextName, problems);
  const record: FederationRecord = (contextName !== undefined && readFederationRecord(loaded, contextName)) || {};
  const recordedName = record['federation-name'];
  if (wanted !== undefined && recordedName !== undefined && recordedName !== wanted) {
    problems.push(
      `context "${contextName}" belongs to federation "${recordedName}" (recorded by kubefed init), not "${wanted}"; pass the context of federation "${wanted}" to --context`,
    );
  }
  // join and unjoin trust the record of the context they were pointed at; destroy only a record of its federation.
  const trusted = wanted === undefined ? federation !== undefined : recordedName === wanted;
  const fromRecord = (value: string | undefined): string | undefined => (trusted && value ? value : undefined);
  const hostName = request.hostClusterContext ?? fromRecord(record['host-context']);
  let host: ResolvedContext | undefined;
  if (hostName === undefined) {
    const problem = unknownHostProblem(loaded, contextName ?? '', wanted, federation);
    if (problem) problems.push(problem);
  } else {
    host = attempt(problems, () => resolveContext(loaded, hostName, '--host-cluster-context'));
  }
  return {
    federationContextName: contextName ?? '',
    federation,
    host,
    namespace: request.federationSystemNamespace ?? fromRecord(record['federation-system-namespace']) ?? DEFAULT_FEDERATION_NAMESPACE,
    ...(trusted && recordedName ? { recordedFederationName: recordedName } : {}),
    recorded: wanted !== undefined && recordedName === wanted,
  };
}

function resolveFederationContext(loaded: LoadedKubeconfig, request: LocateRequest, contextName: string | undefined, problems: string[]): ResolvedContext | undefined {
  const resolve = (name: string | undefined) => resolveWithOverrides(loaded, name, request.connection, '--context');
  if (request.federationName === undefined) return attempt(problems, () => resolve(request.context));
  if (request.context === undefined && !loaded.contexts.has(contextName ?? '')) return undefined;
  // A context the user named must work; a leftover one of our own may be half removed.
  return attempt(request.context !== undefined ? problems : [], () => resolve(contextName));
}

function unknownHostProblem(loaded: LoadedKubeconfig, contextName: string, wanted: string | undefined, federation: ResolvedContext | undefined): string | undefined {
  if (wanted === undefined) {
    return federation
      ? `context "${federation.name}" has no record of a federation made by kubefed init (no host cluster recorded); pass the federation's context to --context, or its host cluster's context to --host-cluster-context`
      : undefined;
  }
  const why = loaded.contexts.has(contextName) ? `context "${contextName}" carries no record of kubefed init for it` : `kubeconfig has no context "${contextName}"`;
  return `the host cluster of federation "${wanted}" is not known (${why}); pass the host cluster's context to --host-cluster-context, and its namespace to --federation-system-namespace unless it is ${DEFAULT_FEDERATION_NAMESPACE}`;
}

/** Runs a resolve step, turning its UsageError into problems on the list. */
export function attempt<T>(problems: string[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}
