/**
 * kubectl's connection overrides (`--server`, `--token`, `--user`, `--cluster`,
 * `--insecure-skip-tls-verify`, `--certificate-authority`), applied as kubectl applies them: to
 * the context the command selects with `--context` (else the current context), in memory only —
 * the kubeconfig file is never changed by them. `--cluster` and `--user` swap in another entry
 * of the kubeconfig; `--server` replaces the cluster's address (and drops its tls-server-name);
 * `--certificate-authority` or `--insecure-skip-tls-verify` replace how the server is verified;
 * `--token` replaces the user's token or token file. With no `--context` and no current context,
 * `--server` alone makes a context, as `kubectl --server=… --token=…` works without a kubeconfig.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { ConnectionOverrides } from '../options/common.js';
import type { ClusterFields, LoadedKubeconfig, ResolvedContext, UserFields } from './model.js';
import { resolveContext } from './resolve.js';

export type { ConnectionOverrides };

export function hasOverrides(o: ConnectionOverrides | undefined): o is ConnectionOverrides {
  return o !== undefined && Object.values(o).some((v) => v !== undefined);
}

/**
 * The context `name` (else the current one) with the overrides applied. `cwd` makes a relative
 * `--certificate-authority` absolute, as kubectl reads it against the working directory.
 */
export function resolveWithOverrides(
  loaded: LoadedKubeconfig,
  name: string | undefined,
  overrides: ConnectionOverrides | undefined,
  flag: string,
  cwd: string = process.cwd(),
): ResolvedContext {
  if (!hasOverrides(overrides)) return resolveContext(loaded, name, flag);
  const wanted = name === undefined || name === '' ? loaded.currentContext : name;
  if ((wanted === undefined || wanted === '') && overrides.server === undefined && overrides.cluster === undefined) {
    throw new UsageError(`no current context in kubeconfig; pass ${flag}, or the server to --server`);
  }
  const base: ResolvedContext =
    wanted === undefined || wanted === ''
      ? { name: overrides.server ?? `cluster ${overrides.cluster ?? ''}`, context: {}, clusterName: '', cluster: {}, origin: { context: '--server', cluster: '--server' } }
      : resolveEntries(loaded, wanted, overrides, flag);
  return applyOverrides(loaded, base, overrides, cwd);
}

/** The context with `--cluster` / `--user` standing in for its entries before they are looked up. */
function resolveEntries(loaded: LoadedKubeconfig, wanted: string, overrides: ConnectionOverrides, flag: string): ResolvedContext {
  const found = loaded.contexts.get(wanted);
  if (!found) return resolveContext(loaded, wanted, flag); // throws kubectl's "not found"
  const context = { ...(found.entry.context ?? {}) };
  // Entries the overrides replace need not exist.
  if (overrides.cluster !== undefined || (overrides.server !== undefined && !loaded.clusters.has(String(context.cluster ?? '')))) {
    return { name: wanted, context, clusterName: '', cluster: {}, origin: { context: found.origin, cluster: '--server' } };
  }
  return resolveContext(loaded, wanted, flag);
}

function applyOverrides(loaded: LoadedKubeconfig, base: ResolvedContext, o: ConnectionOverrides, cwd: string): ResolvedContext {
  const out: ResolvedContext = { ...base, context: { ...base.context }, cluster: { ...base.cluster }, origin: { ...base.origin } };
  if (o.cluster !== undefined) {
    const entry = loaded.clusters.get(o.cluster);
    if (!entry && o.server === undefined) throw new UsageError(`cluster "${o.cluster}" given to --cluster is not in kubeconfig (${loaded.paths.join(', ')}); pass an existing cluster, or --server`);
    out.clusterName = o.cluster;
    out.context.cluster = o.cluster;
    out.cluster = { ...(entry?.entry.cluster ?? {}) };
    out.origin.cluster = entry?.origin ?? '--cluster';
    absolutize(out.cluster, 'certificate-authority', entry?.origin);
  }
  if (o.user !== undefined) {
    const entry = loaded.users.get(o.user);
    if (!entry) throw new UsageError(`user "${o.user}" given to --user is not in kubeconfig (${loaded.paths.join(', ')}); pass an existing user`);
    out.userName = o.user;
    out.context.user = o.user;
    out.user = { ...(entry.entry.user ?? {}) };
    out.origin.user = entry.origin;
    for (const key of ['client-certificate', 'client-key', 'tokenFile']) absolutize(out.user, key, entry.origin);
  }
  const cluster: ClusterFields = out.cluster;
  if (o.server !== undefined) {
    cluster.server = o.server;
    delete cluster['tls-server-name'];
  }
  if (o.certificateAuthority !== undefined) {
    cluster['certificate-authority'] = resolve(cwd, o.certificateAuthority);
    delete cluster['certificate-authority-data'];
    cluster['insecure-skip-tls-verify'] = o.insecureSkipTlsVerify ?? false;
  } else if (o.insecureSkipTlsVerify !== undefined) {
    cluster['insecure-skip-tls-verify'] = o.insecureSkipTlsVerify;
    if (o.insecureSkipTlsVerify) {
      delete cluster['certificate-authority'];
      delete cluster['certificate-authority-data'];
    }
  }
  if (o.token !== undefined) {
    const user: UserFields = { ...(out.user ?? {}) };
    user.token = o.token;
    delete user.tokenFile;
    out.user = user;
    out.userName ??= '--token';
    out.origin.user ??= '--token';
  }
  if (typeof cluster.server !== 'string' || cluster.server === '') {
    throw new UsageError(`context "${out.name}" has no server; pass it to --server`);
  }
  return out;
}

function absolutize(fields: Record<string, unknown>, key: string, origin: string | undefined): void {
  const value = fields[key];
  if (origin && typeof value === 'string' && value !== '') fields[key] = resolve(origin, '..', value);
}
