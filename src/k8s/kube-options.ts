import { readFile as fsReadFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { ResolvedContext } from '../kubeconfig/model.js';

/**
 * The kubeconfig of one resolved context, in the shape client-node's
 * `KubeConfig.loadFromOptions` takes. Kept free of client-node imports so it can be unit-tested.
 */
export interface ClusterOption {
  name: string;
  server: string;
  caData?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface UserOption {
  name: string;
  certData?: string;
  keyData?: string;
  token?: string;
  username?: string;
  password?: string;
  exec?: unknown;
  authProvider?: unknown;
  impersonateUser?: string;
}

export interface KubeConfigOptions {
  clusters: ClusterOption[];
  users: UserOption[];
  contexts: { name: string; cluster: string; user: string; namespace?: string }[];
  currentContext: string;
}

/** Stands in when the context names no user: client-node applies no TLS options at all without one. */
export const ANONYMOUS_USER = 'kubefed-anonymous';

type ReadFile = (path: string) => Promise<Buffer>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** kubectl assumes https when the server has no scheme; a trailing slash would double up in paths. */
export function normalizeServer(server: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `https://${server}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * Builds the options for the context. File references are read here, once, and handed over as
 * data, so a missing file is reported up front with the kubeconfig entry that names it.
 */
export async function toKubeConfigOptions(ctx: ResolvedContext, readFile: ReadFile = fsReadFile): Promise<KubeConfigOptions> {
  const read = async (path: string, what: string, entry: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
      throw new UsageError(`cannot read ${what} ${path} named by ${entry} of context "${ctx.name}" (${code}); fix the path in your kubeconfig`);
    }
  };
  const fileOrData = async (file: unknown, data: unknown, what: string, entry: string): Promise<string | undefined> => {
    const path = str(file);
    if (path) return (await read(path, what, entry)).toString('base64');
    return str(data);
  };

  const c = ctx.cluster;
  const clusterEntry = `cluster "${ctx.clusterName}"`;
  const server = str(c.server);
  if (!server) {
    throw new UsageError(`${clusterEntry} of context "${ctx.name}" has no server in kubeconfig ${ctx.origin.cluster}; set its server URL`);
  }
  const cluster: ClusterOption = {
    name: ctx.clusterName,
    server: normalizeServer(server),
    caData: await fileOrData(c['certificate-authority'], c['certificate-authority-data'], 'the certificate authority', clusterEntry),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c['tls-server-name']),
    proxyUrl: str(c['proxy-url']),
  };

  const u = ctx.user ?? {};
  const userName = ctx.userName ?? ANONYMOUS_USER;
  const userEntry = `user "${userName}"`;
  let token = str(u.token);
  const tokenFile = str(u.tokenFile);
  // kubectl prefers an inline token over tokenFile, and trims the file's whitespace.
  if (!token && tokenFile) token = (await read(tokenFile, 'the token file', userEntry)).toString('utf8').trim();
  const user: UserOption = {
    name: userName,
    certData: await fileOrData(u['client-certificate'], u['client-certificate-data'], 'the client certificate', userEntry),
    keyData: await fileOrData(u['client-key'], u['client-key-data'], 'the client key', userEntry),
    token,
    username: str(u.username),
    password: typeof u.password === 'string' ? u.password : undefined,
    exec: u.exec && typeof u.exec === 'object' ? u.exec : undefined,
    authProvider: u['auth-provider'] && typeof u['auth-provider'] === 'object' ? u['auth-provider'] : undefined,
    impersonateUser: str(u.as),
  };

  return {
    clusters: [dropUndefined(cluster)],
    users: [dropUndefined(user)],
    contexts: [dropUndefined({ name: ctx.name, cluster: ctx.clusterName, user: userName, namespace: str(ctx.context.namespace) })],
    currentContext: ctx.name,
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
