/**
 * Resolve step of destroy (no network): the federation's kubeconfig context, its host context and
 * namespace (from the record init keeps on the federation's context, or the flags), and whether
 * the kubeconfig entries named after the federation are ours to remove.
 */
import { DEFAULT_FEDERATION_NAMESPACE } from '../constants.js';
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { readFederationRecord, type FederationRecord } from '../kubeconfig/federation-record.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import type { KubeconfigPaths, LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import { kubeconfigPaths } from '../session.js';
import type { DestroyOptions } from './options.js';

export interface DestroyTargets {
  readonly paths: KubeconfigPaths;
  readonly loaded: LoadedKubeconfig;
  /** `--context`, else the federation's name (init names the context after the federation). */
  readonly federationContextName: string;
  /** undefined when that context is not in the kubeconfig (an earlier destroy removed it) or is broken. */
  readonly federation?: ResolvedContext;
  readonly host: ResolvedContext;
  readonly namespace: string;
  /** init's record on the federation context names this federation: its kubeconfig entries are ours. */
  readonly recorded: boolean;
}

type ResolveOptions = Pick<DestroyOptions, 'federationName' | 'context' | 'kubeconfig' | 'hostClusterContext' | 'federationSystemNamespace'>;

export function resolveDestroyTargets(options: ResolveOptions, deps: Deps): DestroyTargets {
  const paths = kubeconfigPaths(deps, options.kubeconfig);
  return resolveFromKubeconfig(options, paths, loadKubeconfig(paths));
}

/** Pure part of the resolve step, over an already loaded kubeconfig; every problem at once. */
export function resolveFromKubeconfig(options: ResolveOptions, paths: KubeconfigPaths, loaded: LoadedKubeconfig): DestroyTargets {
  const problems: string[] = [];
  const fed = options.federationName;
  const federationContextName = options.context ?? fed;
  let federation: ResolvedContext | undefined;
  try {
    if (options.context !== undefined || loaded.contexts.has(federationContextName)) federation = resolveContext(loaded, federationContextName, '--context');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // A context the user named must work; a leftover one of our own may be half removed.
    if (options.context !== undefined) problems.push(...err.problems);
  }
  const record: FederationRecord = readFederationRecord(loaded, federationContextName) ?? {};
  const recordedName = record['federation-name'];
  if (recordedName !== undefined && recordedName !== fed) {
    problems.push(
      `context "${federationContextName}" belongs to federation "${recordedName}" (recorded by kubefed init), not "${fed}"; pass the context of federation "${fed}" to --context`,
    );
  }
  const recorded = recordedName === fed;
  const ours = (value: string | undefined): string | undefined => (recorded && value ? value : undefined);

  const hostName = options.hostClusterContext ?? ours(record['host-context']);
  let host: ResolvedContext | undefined;
  if (hostName === undefined) {
    const why = loaded.contexts.has(federationContextName)
      ? `context "${federationContextName}" carries no record of kubefed init for it`
      : `kubeconfig has no context "${federationContextName}"`;
    problems.push(
      `the host cluster of federation "${fed}" is not known (${why}); pass the host cluster's context to --host-cluster-context, and its namespace to --federation-system-namespace unless it is ${DEFAULT_FEDERATION_NAMESPACE}`,
    );
  } else {
    try {
      host = resolveContext(loaded, hostName, '--host-cluster-context');
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0 || !host) throw new UsageError([...new Set(problems)]);
  const namespace = options.federationSystemNamespace ?? ours(record['federation-system-namespace']) ?? DEFAULT_FEDERATION_NAMESPACE;
  return { paths, loaded, federationContextName, federation, host, namespace, recorded };
}
