/**
 * The emulated `federation-controller-manager` binary: it reads its kubeconfig through the
 * pod's volumes, talks to `--master` (resolved inside the cluster: Service name → kube-proxy →
 * the federation API server's pod) with that kubeconfig's credentials, and only keeps running
 * when the federation API server accepts them.
 */
import { exited, type ContainerOutcome } from './container-outcome.js';
import type { ContainerFiles } from './pod-files.js';
import { GetError, httpsGet, type ClientCredentials } from './https-get.js';
import { KubeconfigError, kubeconfigCredentials } from './kubeconfig-credentials.js';
import { parseFlags } from './process-args.js';

export const DNS_PROVIDERS = ['google-clouddns', 'aws-route53', 'azure-azuredns', 'coredns'];

/** How a process inside a pod of `namespace` reaches host:port; an error is Go's dial message. */
export type InClusterDialer = (namespace: string, host: string, port: number) => { host: string; port: number } | { error: string };

export interface ControllerManagerInput {
  namespace: string;
  args: string[];
  files: ContainerFiles;
  dial: InClusterDialer;
  /** Starts the controllers' work against the federation reached at `via`; returns how to stop it. */
  monitor?: (via: { host: string; port: number }) => (() => void) | undefined;
}

type Credentials = ClientCredentials;

class StartError extends Error {}

function loadKubeconfig(path: string, files: ContainerFiles): { server?: string; creds: Credentials } {
  let text: string;
  try {
    text = files.read(path).toString('utf8');
  } catch {
    throw new StartError(`stat ${path}: no such file or directory`);
  }
  try {
    return kubeconfigCredentials(text, path, (file) => files.read(file).toString('utf8'));
  } catch (error) {
    throw error instanceof KubeconfigError ? new StartError(error.message) : error;
  }
}

async function checkFederationApi(server: string, creds: Credentials, namespace: string, dial: InClusterDialer): Promise<{ host: string; port: number }> {
  const url = new URL(server.includes('://') ? server : `https://${server}`);
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  const target = dial(namespace, url.hostname.replace(/^\[|\]$/g, ''), port);
  if ('error' in target) throw new StartError(`Get "${url.origin}/healthz": ${target.error}`);
  const get = async (path: string) => {
    try {
      return await httpsGet(url, path, creds, target);
    } catch (error) {
      throw error instanceof GetError ? new StartError(error.message) : error;
    }
  };
  const health = await get('/healthz');
  // client-go reports a rejected credential the same way whichever request meets it first.
  if (health.status === 401) throw new StartError('Failed to list *v1beta1.Cluster: Unauthorized');
  if (health.status !== 200 || health.body.trim().toLowerCase() !== 'ok') throw new StartError(`federation API server at ${url.origin} is not healthy: ${health.status} ${health.body.trim()}`);
  // The controllers list clusters first; this is where credentials that do not authenticate fail.
  const clusters = await get('/apis/federation/v1beta1/clusters');
  if (clusters.status === 401) throw new StartError('Failed to list *v1beta1.Cluster: Unauthorized');
  if (clusters.status !== 200) throw new StartError(`Failed to list *v1beta1.Cluster: the server responded with status ${clusters.status}`);
  return target;
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
    const via = await checkFederationApi(server, loaded.creds, input.namespace, input.dial);
    const stopMonitoring = input.monitor?.(via);
    return { running: true, ports: [], stop: async () => stopMonitoring?.() };
  } catch (error) {
    if (error instanceof StartError) return exited(error.message, 255);
    throw error;
  }
}
