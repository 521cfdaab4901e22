/**
 * Resolve step of destroy (no network): the federation's kubeconfig context, its host context and
 * namespace (from the record init keeps on the federation's context, or the flags), and whether
 * the kubeconfig entries named after the federation are ours to remove.
 */
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { locateFederation } from '../federation/locate.js';
import { readFederationRecord } from '../kubeconfig/federation-record.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import type { KubeconfigPaths, LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { closestMatch } from '../options/suggest.js';
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

/** --ignore-not-found found nothing to look for: what to say instead of destroying. */
export interface NothingToDestroy {
  readonly nothingToDestroy: string;
}

export function resolveDestroyTargets(options: ResolveOptions & Pick<DestroyOptions, 'ignoreNotFound'>, deps: Deps): DestroyTargets | NothingToDestroy {
  const paths = kubeconfigPaths(deps, options.kubeconfig);
  const loaded = loadKubeconfig(paths);
  const gone = options.ignoreNotFound ? federationGoneFromKubeconfig(options, loaded) : undefined;
  return gone ? { nothingToDestroy: gone } : resolveFromKubeconfig(options, paths, loaded);
}

/**
 * A successful destroy removes the federation's context and with it init's record of the host,
 * so a repeat cannot find the host: without --ignore-not-found that is a usage error (exit 2,
 * the host may simply not have been named); with it, kubectl's convention, it is nothing to do.
 * A context or host the user names explicitly must still resolve.
 */
export function federationGoneFromKubeconfig(options: ResolveOptions, loaded: LoadedKubeconfig): string | undefined {
  const name = options.federationName;
  if (options.context !== undefined || options.hostClusterContext !== undefined || loaded.contexts.has(name)) return undefined;
  const close = closeFederationName(name, loaded);
  const hint = close ? ` (did you mean "${close}"?)` : '';
  return `federation "${name}" not found: kubeconfig has no context "${name}" and --host-cluster-context is not given; nothing to destroy${hint}`;
}

/**
 * A federation named on the command line that the kubeconfig does not know, when it is a few
 * letters away from one init recorded there: most likely a typo, better named than asked about.
 */
function closeFederationName(name: string, loaded: LoadedKubeconfig): string | undefined {
  const recorded = new Set<string>();
  for (const contextName of loaded.contexts.keys()) {
    const federation = readFederationRecord(loaded, contextName)?.['federation-name'];
    if (federation !== undefined && federation !== name) recorded.add(federation);
  }
  return closestMatch(name, recorded);
}

/** Pure part of the resolve step, over an already loaded kubeconfig; every problem at once. */
export function resolveFromKubeconfig(options: ResolveOptions, paths: KubeconfigPaths, loaded: LoadedKubeconfig): DestroyTargets {
  const name = options.federationName;
  if (options.context === undefined && options.hostClusterContext === undefined && !loaded.contexts.has(name)) {
    const close = closeFederationName(name, loaded);
    if (close) throw new UsageError(`federation "${name}" not found in kubeconfig (no context "${name}"); did you mean "${close}"?`);
  }
  const problems: string[] = [];
  const located = locateFederation(loaded, options, problems);
  const { federationContextName, federation, host, namespace, recorded } = located;
  if (problems.length > 0 || !host) throw new UsageError([...new Set(problems)]);
  return { paths, loaded, federationContextName, federation, host, namespace, recorded };
}
