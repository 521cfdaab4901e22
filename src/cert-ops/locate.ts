/**
 * Resolve step of `kubefed certs` (no network): the federation's context (whose user holds the
 * admin certificate), its host context and namespace, as join finds them, or by the federation's
 * name as destroy does.
 */
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { locateFederation } from '../federation/locate.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import type { KubeconfigPaths, ResolvedContext } from '../kubeconfig/model.js';
import type { ClusterClient } from '../k8s/types.js';
import { clientOptions, kubeconfigPaths } from '../session.js';
import type { CertsLocateOptions } from './options.js';

export interface CertsTargets {
  readonly paths: KubeconfigPaths;
  readonly federationName: string;
  readonly federation: ResolvedContext;
  readonly host: ResolvedContext;
  readonly namespace: string;
}

export function resolveCertsTargets(options: CertsLocateOptions, deps: Deps): CertsTargets {
  const problems: string[] = [];
  const paths = kubeconfigPaths(deps, options.kubeconfig);
  const loaded = loadKubeconfig(paths);
  const located = locateFederation(loaded, { ...options, federationName: options.federation }, problems);
  if (!located.federation && problems.length === 0) {
    problems.push(`kubeconfig has no context "${located.federationContextName}" for federation "${options.federation}"; pass the federation's context to --context`);
  }
  const { federation, host, namespace } = located;
  if (problems.length > 0 || !federation || !host) throw new UsageError([...new Set(problems)]);
  return { paths, federationName: located.recordedFederationName ?? federation.name, federation, host, namespace };
}

/** How long requests to the host may be retried (429, 5xx, dropped connections). */
const RETRY_BUDGET_MS = 60_000;

export function hostClient(targets: CertsTargets, options: CertsLocateOptions, deps: Deps): Promise<ClusterClient> {
  return deps.clients.forContext(targets.host, clientOptions(deps, options.requestTimeoutMs, deps.now().getTime() + RETRY_BUDGET_MS));
}
