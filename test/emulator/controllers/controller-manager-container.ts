/**
 * The emulated `federation-controller-manager` binary: it reads its kubeconfig through the
 * pod's volumes, talks to `--master` (resolved inside the cluster: Service name → kube-proxy →
 * the federation API server's pod) with that kubeconfig's credentials, and only keeps running
 * when the federation API server accepts them.
 */
import { request } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import * as yaml from 'js-yaml';
import { exited, type ContainerOutcome } from './container-outcome.js';
import type { ContainerFiles } from './pod-files.js';
import { parseFlags } from './process-args.js';

export const DNS_PROVIDERS = ['google-clouddns', 'aws-route53', 'azure-azuredns', 'coredns'];

/** How a process inside a pod of `namespace` reaches host:port; an error is Go's dial message. */
export type InClusterDialer = (namespace: string, host: string, port: number) => { host: string; port: number } | { error: string };

export interface ControllerManagerInput {
  namespace: string;
  args: string[];
  files: ContainerFiles;
  dial: InClusterDialer;
}

interface Credentials {
  ca?: string;
  insecure?: boolean;
  cert?: string;
  key?: string;
  token?: string;
  basic?: string;
}

class StartError extends Error {}

type Named<T> = { name: string } & T;
interface KubeconfigDoc {
  'current-context'?: string;
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: { cluster?: string; user?: string } }>[];
}

function dataOrFile(entry: Record<string, unknown>, key: string, files: ContainerFiles): string | undefined {
  const data = entry[`${key}-data`];
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  const path = entry[key];
  if (typeof path !== 'string' || !path) return undefined;
  try {
    return files.read(path).toString('utf8');
  } catch (error) {
    throw new StartError(`invalid configuration: unable to read ${key} from ${path}: ${(error as Error).message}`);
  }
}

function loadKubeconfig(path: string, files: ContainerFiles): { server?: string; creds: Credentials } {
  let text: string;
  try {
    text = files.read(path).toString('utf8');
  } catch {
    throw new StartError(`stat ${path}: no such file or directory`);
  }
  let doc: KubeconfigDoc;
  try {
    doc = (yaml.load(text) ?? {}) as KubeconfigDoc;
  } catch (error) {
    throw new StartError(`error loading config file "${path}": ${(error as Error).message.split('\n')[0]}`);
  }
  const contextName = doc['current-context'] ?? '';
  const context = doc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new StartError('invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster ?? {};
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  const creds: Credentials = {
    ca: dataOrFile(cluster, 'certificate-authority', files),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    cert: dataOrFile(user, 'client-certificate', files),
    key: dataOrFile(user, 'client-key', files),
    token: typeof user.token === 'string' ? user.token : undefined,
  };
  if (typeof user.username === 'string') creds.basic = Buffer.from(`${user.username}:${String(user.password ?? '')}`).toString('base64');
  return { server: typeof cluster.server === 'string' ? cluster.server : undefined, creds };
}

function goTlsMessage(error: NodeJS.ErrnoException & { cert?: PeerCertificate }, host: string): string {
  switch (error.code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = (error.cert?.subjectaltname ?? '').split(', ').map((n) => n.replace(/^(DNS|IP Address):/, '')).filter(Boolean);
      return `tls: failed to verify certificate: x509: certificate is valid for ${names.join(', ')}, not ${host}`;
    }
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    default:
      return error.message;
  }
}

function get(target: { host: string; port: number }, url: URL, path: string, creds: Credentials): Promise<{ status: number; body: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const headers: Record<string, string> = {};
  if (creds.token) headers.Authorization = `Bearer ${creds.token}`;
  else if (creds.basic) headers.Authorization = `Basic ${creds.basic}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'GET',
        headers,
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        rejectUnauthorized: !creds.insecure,
        ...(isIP(host) ? {} : { servername: host }),
        // Verify against the name the process dialled, not the loopback address it reached.
        checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
        timeout: 5000,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('net/http: request canceled (Client.Timeout exceeded while awaiting headers)')));
    req.on('error', (error) => reject(new StartError(`Get "${url.origin}${path}": ${goTlsMessage(error as NodeJS.ErrnoException, host)}`)));
    req.end();
  });
}

async function checkFederationApi(server: string, creds: Credentials, namespace: string, dial: InClusterDialer): Promise<void> {
  const url = new URL(server.includes('://') ? server : `https://${server}`);
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  const target = dial(namespace, url.hostname.replace(/^\[|\]$/g, ''), port);
  if ('error' in target) throw new StartError(`Get "${url.origin}/healthz": ${target.error}`);
  const health = await get(target, url, '/healthz', creds);
  if (health.status !== 200 || health.body.trim().toLowerCase() !== 'ok') throw new StartError(`federation API server at ${url.origin} is not healthy: ${health.status} ${health.body.trim()}`);
  // The controllers list clusters first; this is where credentials that do not authenticate fail.
  const clusters = await get(target, url, '/apis/federation/v1beta1/clusters', creds);
  if (clusters.status === 401) throw new StartError('Failed to list *v1beta1.Cluster: Unauthorized');
  if (clusters.status !== 200) throw new StartError(`Failed to list *v1beta1.Cluster: the server responded with status ${clusters.status}`);
}

export async function runFederationControllerManager(input: ControllerManagerInput): Promise<ContainerOutcome> {
  const { flags } = parseFlags(input.args);
  try {
    const provider = flags.get('dns-provider') ?? '';
    if (!DNS_PROVIDERS.includes(provider)) throw new StartError(`DNS provider could not be initialized: unknown DNS provider "${provider}"`);
    const dnsConfig = flags.get('dns-provider-config') ?? '';
    if (dnsConfig && !input.files.exists(dnsConfig)) throw new StartError(`Couldn't open DNS provider configuration ${dnsConfig}: open ${dnsConfig}: no such file or directory`);
    const kubeconfigPath = flags.get('kubeconfig') ?? '';
    const master = flags.get('master') ?? '';
    if (!kubeconfigPath && !master) throw new StartError('invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
    const loaded = kubeconfigPath ? loadKubeconfig(kubeconfigPath, input.files) : { server: undefined, creds: {} };
    const server = master || loaded.server;
    if (!server) throw new StartError('invalid configuration: no server found for cluster');
    await checkFederationApi(server, loaded.creds, input.namespace, input.dial);
    return { running: true, ports: [] };
  } catch (error) {
    if (error instanceof StartError) return exited(error.message, 255);
    throw error;
  }
}
