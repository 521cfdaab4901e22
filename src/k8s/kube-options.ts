import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
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

function parsesAs<T>(b64: string, parse: (pem: Buffer) => T): T | undefined {
  try {
    return parse(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * The TLS material of the context must be what it claims to be before anything is sent: a CA
 * that is not a certificate would otherwise surface as "not signed by the cluster's certificate
 * authority", a client certificate or key that is not one as a raw OpenSSL error. Each problem
 * names the kubeconfig entry and its fix (exit 2). Never prints the material itself.
 */
export function checkTlsMaterial(ctx: ResolvedContext, opts: KubeConfigOptions): void {
  const cluster = opts.clusters[0];
  const user = opts.users[0];
  const problems: string[] = [];
  const field = (file: unknown, data: string, entry: string, origin: string | undefined): string =>
    typeof file === 'string' && file !== '' ? `the file ${file} named by ${data.replace(/-data$/, '')} of ${entry}` : `${data} of ${entry}${origin ? ` in kubeconfig ${origin}` : ''}`;
  const clusterEntry = `cluster "${cluster.name}"`;
  const userEntry = `user "${user.name}"`;
  if (cluster.caData && !parsesAs(cluster.caData, (pem) => new X509Certificate(pem))) {
    problems.push(
      `${field(ctx.cluster['certificate-authority'], 'certificate-authority-data', clusterEntry, ctx.origin.cluster)} is not a PEM certificate; ` +
        `set it to the cluster's CA certificate (kubectl config set-cluster ${cluster.name} --certificate-authority=<ca.crt> --embed-certs)`,
    );
  }
  const u = ctx.user ?? {};
  const cert = user.certData ? parsesAs(user.certData, (pem) => new X509Certificate(pem)) : undefined;
  const key: KeyObject | undefined = user.keyData ? parsesAs(user.keyData, (pem) => createPrivateKey(pem)) : undefined;
  const credentialsFix = `kubectl config set-credentials ${user.name} --client-certificate=<client.crt> --client-key=<client.key> --embed-certs`;
  if (user.certData && !cert) {
    problems.push(`${field(u['client-certificate'], 'client-certificate-data', userEntry, ctx.origin.user)} is not a PEM certificate; set it to your client certificate (${credentialsFix})`);
  }
  if (user.keyData && !key) {
    problems.push(`${field(u['client-key'], 'client-key-data', userEntry, ctx.origin.user)} is not a PEM private key; set it to the key of your client certificate (${credentialsFix})`);
  }
  if (cert && key && !cert.checkPrivateKey(key)) {
    problems.push(`the client certificate and key of ${userEntry}${ctx.origin.user ? ` in kubeconfig ${ctx.origin.user}` : ''} do not belong together; set both from the same pair (${credentialsFix})`);
  }
  if (problems.length > 0) throw new UsageError(problems);
}
