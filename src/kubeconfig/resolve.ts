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
  const missing = wanted === undefined ? 'no current context' : `context "${wanted}" not found`;
  // Nothing was read: the file named is the problem, not the context.
  if ((wanted === undefined || !loaded.contexts.has(wanted)) && loaded.files.length === 0) throw new UsageError(noFileProblem(loaded, missing));
  if (wanted === undefined) throw new UsageError(`no current context in kubeconfig; pass ${flag}`);
  const found = loaded.contexts.get(wanted);
  if (!found) {
    throw new UsageError(`${missing} in kubeconfig (${describeFiles(loaded)}); pass an existing context to ${flag}`);
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
    refuseRemovedAuthProvider(user.entry.user?.['auth-provider'], userName, wanted);
    resolved.userName = userName;
    resolved.user = absolutePaths({ ...(user.entry.user ?? {}) }, USER_FILE_FIELDS, user.origin);
    resolved.origin.user = user.origin;
  }
  return resolved;
}

/**
 * The gcp and azure auth providers were removed from kubectl (1.26) in favour of exec credential
 * plugins; kubectl refuses a user that still names one, and so does kubefed, before anything is
 * sent. (client-node would still run the provider's `cmd-path` synchronously, with no time limit:
 * a `gcloud` waiting for a login would hold kubefed forever.) `oidc` is still kubectl's, and works.
 */
const REMOVED_AUTH_PROVIDERS: Record<string, string> = {
  gcp: 'the gke-gcloud-auth-plugin credential plugin (gcloud components install gke-gcloud-auth-plugin, then gcloud container clusters get-credentials again)',
  azure: 'the kubelogin credential plugin (kubelogin convert-kubeconfig)',
};

function refuseRemovedAuthProvider(provider: unknown, userName: string, contextName: string): void {
  const name = provider !== null && typeof provider === 'object' ? (provider as { name?: unknown }).name : undefined;
  if (typeof name !== 'string' || !Object.hasOwn(REMOVED_AUTH_PROVIDERS, name)) return;
  throw new UsageError(
    `user "${userName}" of context "${contextName}" uses the ${name} auth provider, which kubectl and kubefed no longer run; switch the user to ${REMOVED_AUTH_PROVIDERS[name]}`,
  );
}

/** The `extension` value of the named entry in the context's `extensions` list, if any. */
export function readContextExtension(ctx: ResolvedContext, name: string): unknown {
  const list = ctx.context.extensions;
  if (!Array.isArray(list)) return undefined;
  return list.find((item) => item !== null && typeof item === 'object' && item.name === name)?.extension;
}

/** The files read, and those of the list that do not exist. */
function describeFiles(loaded: LoadedKubeconfig): string {
  const absent = loaded.paths.filter((path) => !loaded.files.some((file) => file.path === path));
  return absent.length === 0 ? loaded.paths.join(', ') : `${loaded.paths.join(', ')}; ${absent.join(', ')} ${absent.length === 1 ? 'does' : 'do'} not exist`;
}

/** No kubeconfig file of the list exists: say which files were looked for, and who named them. */
function noFileProblem(loaded: LoadedKubeconfig, missing: string): string {
  const files = `kubeconfig ${loaded.paths.length === 1 ? 'file' : 'files'} ${loaded.paths.join(', ')}`;
  const verb = loaded.paths.length === 1 ? 'does' : 'do';
  if (loaded.explicit) return `${missing}: ${files} (from --kubeconfig) ${verb} not exist; pass an existing kubeconfig file to --kubeconfig`;
  if (loaded.from === '$KUBECONFIG') {
    return `${missing}: ${files} (from $KUBECONFIG) ${verb} not exist; point $KUBECONFIG at your kubeconfig file, or pass it to --kubeconfig`;
  }
  return `${missing}: ${files} ${verb} not exist; pass your kubeconfig file to --kubeconfig, or set $KUBECONFIG`;
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
