/**
 * The command lines scenarios run (init, destroy), and what they ask the clusters — through the
 * real kubectl only, so the answers do not depend on the code under test: the federation's
 * Clusters, a context's server, the kubeconfig's entries, a namespace's state.
 */
import { kubectlIn, type ScenarioEnv } from './env.js';

/** `kubefed init` for the scenario's federation, with the env's service and image settings. */
export function initArgv(env: ScenarioEnv, ...extra: string[]): string[] {
  return [
    'init', env.federationName,
    `--host-cluster-context=${env.hostContext}`,
    `--federation-system-namespace=${env.namespace}`,
    '--dns-provider=coredns',
    '--dns-zone-name=example.com.',
    `--dns-provider-config=${env.dnsProviderConfig}`,
    `--api-server-service-type=${env.serviceType}`,
    ...(env.advertiseAddress && env.serviceType === 'NodePort' ? [`--api-server-advertise-address=${env.advertiseAddress}`] : []),
    ...(env.nodePort !== undefined && env.serviceType === 'NodePort' ? [`--api-server-port=${env.nodePort}`] : []),
    ...(env.image ? [`--image=${env.image}`] : []),
    ...(env.etcdImage ? [`--etcd-image=${env.etcdImage}`] : []),
    `--timeout=${env.timeout}`,
    ...extra,
  ];
}

/**
 * `kubefed destroy` for the scenario's federation; it finds the host cluster and namespace from
 * what init recorded on the federation's kubeconfig context.
 */
export function destroyArgv(env: ScenarioEnv, ...extra: string[]): string[] {
  return ['destroy', env.federationName, '--yes', `--context=${env.federationName}`, `--timeout=${env.timeout}`, ...extra];
}

export interface FederatedCluster {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { serverAddressByClientCIDRs: { clientCIDR: string; serverAddress: string }[]; secretRef?: { name: string } };
}

/** The Clusters the federation API server lists, read through the federation's kubeconfig context. */
export async function listFederatedClusters(env: ScenarioEnv): Promise<FederatedCluster[]> {
  const raw = await kubectlIn(env, ['--context', env.federationName, 'get', '--raw', '/apis/federation/v1beta1/clusters']);
  const list = JSON.parse(raw) as { kind: string; items?: FederatedCluster[] };
  if (list.kind !== 'ClusterList') throw new Error(`expected a ClusterList, got ${list.kind}`);
  return list.items ?? [];
}

/** The API server address a kubeconfig context points at. */
export async function serverOf(env: ScenarioEnv, context: string): Promise<string> {
  const out = await kubectlIn(env, ['config', 'view', '--minify', '--context', context, '-o', 'jsonpath={.clusters[0].cluster.server}']);
  return out.trim();
}

/** Names of every context, cluster and user in the merged kubeconfig. */
export async function kubeconfigNames(env: ScenarioEnv): Promise<{ contexts: string[]; clusters: string[]; users: string[] }> {
  const view = JSON.parse(await kubectlIn(env, ['config', 'view', '-o', 'json'])) as Record<'contexts' | 'clusters' | 'users', { name: string }[] | null>;
  const names = (key: 'contexts' | 'clusters' | 'users') => (view[key] ?? []).map((e) => e.name);
  return { contexts: names('contexts'), clusters: names('clusters'), users: names('users') };
}

/** Whether a namespace is absent, or on its way out (a real cluster takes a while to empty it). */
export async function namespaceGoneOrTerminating(env: ScenarioEnv, context: string, namespace: string): Promise<boolean> {
  const raw = await kubectlIn(env, ['--context', context, 'get', 'namespace', namespace, '-o', 'json', '--ignore-not-found']);
  if (!raw.trim()) return true;
  const ns = JSON.parse(raw) as { metadata: { deletionTimestamp?: string }; status?: { phase?: string } };
  return Boolean(ns.metadata.deletionTimestamp) || ns.status?.phase === 'Terminating';
}
