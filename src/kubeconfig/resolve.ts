import { dirname, isAbsolute, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { ClusterFields, ContextFields, LoadedKubeconfig, ResolvedContext, UserFields } from './model.js';

const CLUSTER_FILE_FIELDS = ['certificate-authority'] as const;
const USER_FILE_FIELDS = ['client-certificate', 'client-key', 'tokenFile'] as const;

/**
 * Look up a context (the current one when `name` is undefined or empty) with its cluster and
 * user. `flag` is the option the user would pass to pick another context, for the message.
 */
export function resolveContext(loaded: LoadedKubeconfig, name: string | undefined, flag: string): ResolvedContext {
  const wanted = name === undefined || name === '' ? loaded.currentContext : name;
  if (wanted === undefined) throw new UsageError(`no current context in kubeconfig; pass ${flag}`);
  const found = loaded.contexts.get(wanted);
  if (!found) {
    throw new UsageError(`context "${wanted}" not found in kubeconfig (${describeFiles(loaded)}); pass an existing context to ${flag}`);
  }
  const context: ContextFields = { ...(found.entry.context ?? {}) };
  const clusterName = context.cluster;
  if (typeof clusterName !== 'string' || clusterName === '') {
    throw new UsageError(`context "${wanted}" names no cluster in kubeconfig ${found.origin}; set its cluster or pass another context to ${flag}`);
  }
  const cluster = loaded.clusters.get(clusterName);
  if (!cluster) {
    throw new UsageError(
      `context "${wanted}" refers to cluster "${clusterName}", which is not in kubeconfig (${describeFiles(loaded)}); add the cluster or pass another context to ${flag}`,
    );
  }
  const resolved: ResolvedContext = {
    name: wanted,
    context,
    clusterName,
    cluster: absolutePaths({ ...(cluster.entry.cluster ?? {}) }, CLUSTER_FILE_FIELDS, cluster.origin),
    origin: { context: found.origin, cluster: cluster.origin },
  };
  const userName = context.user;
  if (typeof userName === 'string' && userName !== '') {
    const user = loaded.users.get(userName);
    if (!user) {
      throw new UsageError(
        `context "${wanted}" refers to user "${userName}", which is not in kubeconfig (${describeFiles(loaded)}); add the user or pass another context to ${flag}`,
      );
    }
    resolved.userName = userName;
    resolved.user = absolutePaths({ ...(user.entry.user ?? {}) }, USER_FILE_FIELDS, user.origin);
    resolved.origin.user = user.origin;
  }
  return resolved;
}

/** The `extension` value of the named entry in the context's `extensions` list, if any. */
export function readContextExtension(ctx: ResolvedContext, name: string): unknown {
  const list = ctx.context.extensions;
  if (!Array.isArray(list)) return undefined;
  return list.find((item) => item !== null && typeof item === 'object' && item.name === name)?.extension;
}

function describeFiles(loaded: LoadedKubeconfig): string {
  return loaded.paths.join(', ');
}

/** kubectl reads relative file references against the directory of the file that holds them. */
function absolutePaths<T extends ClusterFields | UserFields>(fields: T, keys: readonly string[], origin: string): T {
  const base = dirname(resolve(origin));
  const out: Record<string, unknown> = fields;
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) out[key] = resolve(base, value);
  }
  return fields;
}
