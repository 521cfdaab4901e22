import { UsageError } from '../errors.js';
import type { LoadedKubeconfig, ResolvedContext } from '../kubeconfig/model.js';
import { resolveWithOverrides } from '../kubeconfig/overrides.js';
import type { ConnectionOverrides } from '../options/common.js';
import { readFederationRecord } from '../kubeconfig/federation-record.js';

/**
 * The host cluster's context: --host-cluster-context, else --context (kubectl's flag for "the
 * cluster to act on"), else the current context — but never a federation's own context, whose
 * API server cannot host anything. Re-running init from the federation's context (after
 * `kubectl config use-context fellowship`) uses the host that init recorded there. kubectl's
 * connection flags change how that context reaches the host; it must exist, since init records
 * it by name for join.
 */
export function resolveHostContext(
  loaded: LoadedKubeconfig,
  options: { readonly hostClusterContext?: string; readonly context?: string; readonly federationName: string; readonly connection?: ConnectionOverrides },
): ResolvedContext {
  const resolveContext = (loadedConfig: LoadedKubeconfig, contextName: string | undefined, flag: string): ResolvedContext => {
    if (options.connection && !contextName) {
      throw new UsageError(`no current context in kubeconfig; kubefed init records its host by context name, so pass an existing context to ${flag} (--server and the other connection flags then change how it is reached)`);
    }
    return resolveWithOverrides(loadedConfig, contextName, options.connection, flag);
  };
  const { hostClusterContext, context } = options;
  if (hostClusterContext && context && hostClusterContext !== context) {
    throw new UsageError(`--host-cluster-context "${hostClusterContext}" and --context "${context}" name different clusters; pass only --host-cluster-context`);
  }
  const explicit = hostClusterContext ?? context;
  const name = explicit ?? loaded.currentContext;
  const record = name ? readFederationRecord(loaded, name) : undefined;
  if (name && record) {
    const recordedHost = record['host-context'];
    if (!explicit && record['federation-name'] === options.federationName && recordedHost) {
      return resolveContext(loaded, recordedHost, '--host-cluster-context');
    }
    throw new UsageError(
      `context "${name}" is the API server of federation "${record['federation-name'] ?? name}", not a host cluster; pass the host cluster's context to --host-cluster-context`,
    );
  }
  return resolveContext(loaded, name, explicit === context && context ? '--context' : '--host-cluster-context');
}
