/**
 * The kubeconfig entries init wrote for a federation, to be taken out again (pure): its context,
 * the cluster and user that context uses, and the `<fed>-basic-auth` user. Only entries init
 * recorded as this federation's are touched, and a cluster or user that another context still
 * uses stays.
 */
import type { KubeconfigEdit } from '../kubeconfig/edit.js';
import type { LoadedKubeconfig } from '../kubeconfig/model.js';

export interface KubeconfigRemoval {
  /** What to hand to updateKubeconfig; undefined when there is nothing to remove. */
  readonly edit?: KubeconfigEdit;
  /** `context "fellowship"`, `cluster "fellowship"`, … */
  readonly entries: readonly string[];
  /** Why entries named after the federation were left alone. */
  readonly skipped?: string;
}

export interface KubeconfigRemovalInput {
  readonly loaded: LoadedKubeconfig;
  readonly federationName: string;
  readonly federationContextName: string;
  /** init's record on that context names this federation. */
  readonly recorded: boolean;
}

export function planKubeconfigRemoval(input: KubeconfigRemovalInput): KubeconfigRemoval {
  const { loaded, federationContextName: name } = input;
  const context = loaded.contexts.get(name)?.entry.context;
  if (!context) return { entries: [] };
  if (!input.recorded) {
    return {
      entries: [],
      skipped: `context "${name}" was not written by kubefed init for federation "${input.federationName}", so it stays with its cluster and user (kubectl config delete-context removes it)`,
    };
  }
  const otherContexts = [...loaded.contexts.values()].filter((c) => c.entry.name !== name).map((c) => c.entry.context ?? {});
  const unused = (field: 'cluster' | 'user', value: unknown): value is string =>
    typeof value === 'string' && value !== '' && !otherContexts.some((c) => c[field] === value);

  const clusters = unused('cluster', context.cluster) && loaded.clusters.has(context.cluster) ? [context.cluster] : [];
  const users = unused('user', context.user) && loaded.users.has(context.user) ? [context.user] : [];
  const basicAuth = `${input.federationName}-basic-auth`;
  if (loaded.users.has(basicAuth) && unused('user', basicAuth) && !users.includes(basicAuth)) users.push(basicAuth);
  const clearCurrent = loaded.currentContext === name;

  const entries = [`context "${name}"`, ...clusters.map((c) => `cluster "${c}"`), ...users.map((u) => `user "${u}"`)];
  if (clearCurrent) entries.push(`current-context "${name}"`);
  return {
    edit: { remove: { contexts: [name], clusters, users }, ...(clearCurrent ? { currentContext: null } : {}) },
    entries,
  };
}
