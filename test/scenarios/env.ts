/**
 * The clusters a scenario runs against, behind one small interface: emulated clusters for
 * `npm test`, or real ones (kind, a cloud) named in environment variables for `npm run test:e2e`.
 * Scenarios only use this interface, the in-process CLI and the real kubectl, so the same steps
 * run unchanged against both.
 */
import { kubectl, type CliRun } from '../helpers/cli.js';

/** What a scenario reads of a kubefed run. */
export type CliOutcome = Pick<CliRun, 'code' | 'stdout' | 'stderr'>;

export interface ScenarioEnv {
  /** The kubeconfig file kubefed writes the federation's entries to (the first entry of `env.KUBECONFIG`). */
  kubeconfig: string;
  /** Environment for kubefed and kubectl; KUBECONFIG lists `kubeconfig` first. */
  env: Record<string, string>;
  hostContext: string;
  memberContexts: string[];
  serviceType: 'NodePort' | 'LoadBalancer';
  advertiseAddress?: string;
  nodePort?: number;
  /** Path of the `--dns-provider-config` file (coredns). */
  dnsProviderConfig: string;
  /** The federation system namespace on the host (and on the members, for join's objects). */
  namespace: string;
  /** `--timeout` for init and join, e.g. 60s or 10m. */
  timeout: string;
  /** Name of the federation the scenarios create; also its kubeconfig context. */
  federationName: string;
  /** `--image` / `--etcd-image`, when the defaults are not wanted. */
  image?: string;
  etcdImage?: string;
  /** Runs kubefed against these clusters: in process, or the built CLI as a child process. */
  kubefed(argv: string[]): Promise<CliOutcome>;
  /** `kubectl --context <context> get <kind> [-n <namespace>] -o name`, one entry per object. */
  listObjects(context: string, kind: string, namespace?: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** The real kubectl with the scenario's KUBECONFIG. */
export function kubectlIn(env: Pick<ScenarioEnv, 'env'>, args: string[]): Promise<string> {
  return kubectl(args, env.env);
}

/** Lists objects through the real kubectl; an empty list prints nothing on stdout. */
export async function listObjectsVia(env: Pick<ScenarioEnv, 'env'>, context: string, kind: string, namespace?: string): Promise<string[]> {
  const args = ['--context', context, 'get', kind, '-o', 'name', ...(namespace ? ['-n', namespace] : [])];
  const out = await kubectlIn(env, args);
  return out.split('\n').filter((line) => line.length > 0);
}

/**
 * A cluster name for a member context: context names such as `gke_proj_zone_c1` are not valid
 * Kubernetes names, and join names its objects after the cluster.
 */
export function clusterNameFor(context: string): string {
  const name = context
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
  if (!name) throw new Error(`cannot derive a cluster name from context "${context}"`);
  return name;
}

/** `--cluster-context` and the name each member joins as. */
export function membersOf(env: Pick<ScenarioEnv, 'memberContexts'>): { context: string; name: string }[] {
  const members = env.memberContexts.map((context) => ({ context, name: clusterNameFor(context) }));
  const names = new Set(members.map((m) => m.name));
  if (names.size !== members.length) throw new Error(`member contexts map to the same cluster name: ${env.memberContexts.join(', ')}`);
  return members;
}
