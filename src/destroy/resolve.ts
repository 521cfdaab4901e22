/**
 * Resolve step of destroy (no network): the federation's kubeconfig context, its host context and
 * namespace (from the record init keeps on the federation's context, or the flags), and whether
 * the kubeconfig entries named after the federation are ours to remove.
 */
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { locateFederation } from '../federation/locate.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import type { KubeconfigPaths, LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
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
  const located = locateFederation(loaded, options, problems);
  const { federationContextName, federation, host, namespace, recorded } = located;
  if (problems.length > 0 || !host) throw new UsageError([...new Set(problems)]);
  return { paths, loaded, federationContextName, federation, host, namespace, recorded };
}
