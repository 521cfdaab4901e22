/**
 * Reads of `kubefed status` (nothing is written): the control plane's objects and pods on the
 * host, the federation API server's /healthz, every Cluster with its member reached from here
 * with the credential join stored for it (the one the controller manager uses), and the
 * certificates' expiry.
 */
import { computeExpiry, type ExpiryRow } from '../cert-ops/expiry.js';
import { listCertificates } from '../cert-ops/inventory.js';
import type { CertsTargets } from '../cert-ops/locate.js';
import { describeError } from '../describe-error.js';
import { CONTROL_PLANE } from '../federation/catalogue.js';
import { CLUSTER_API_VERSION, clusterServer } from '../federation/cluster.js';
import { storedCredentialsContext, storedSecretRef } from '../federation/stored-credentials.js';
import { readStoredSecrets, storedPki } from '../federation/stored-pki.js';
import { isBeingDeleted } from '../k8s/namespace-deletion.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { ResolvedContext } from '../kubeconfig/model.js';

export interface ObjectState {
  readonly kind: string;
  readonly name: string;
  readonly present: boolean;
  /** init creates it only with some settings (etcd claim, RBAC objects, DNS provider config). */
  readonly optional: boolean;
  /** Present, but being deleted (a deletion timestamp; a namespace is Terminating). */
  readonly beingDeleted?: true;
}

export interface DeploymentState {
  readonly name: string;
  readonly replicas: number;
  readonly ready: number;
}

export interface PodState {
  readonly name: string;
  readonly phase: string;
  readonly ready: boolean;
}

export interface EndpointState {
  readonly server: string;
  /** `ok` when /healthz answered ok; else what it answered, or why it could not be asked. */
  readonly healthz: string;
  readonly healthy: boolean;
}

/** ready; unreachable; credential rejected (401); credential forbidden (403); credential missing; not ready. */
export type MemberStatus = 'ready' | 'unreachable' | 'credential rejected' | 'credential forbidden' | 'credential missing' | 'not ready';

export interface MemberState {
  readonly name: string;
  readonly server?: string;
  readonly secret?: string;
  /** undefined when it could not be tried (no usable stored credential). */
  readonly reachable?: boolean;
  readonly status: MemberStatus;
  readonly message?: string;
  /** The Cluster's Ready condition as the controller manager last wrote it. */
  readonly controllerManagerReady?: string;
}

export interface StatusReport {
  readonly federation: string;
  readonly hostContext: string;
  readonly namespace: string;
  readonly objects: readonly ObjectState[];
  readonly deployments: readonly DeploymentState[];
  readonly pods: readonly PodState[];
  readonly hostError?: string;
  readonly endpoint: EndpointState;
  readonly clusters: readonly MemberState[];
  readonly clustersError?: string;
  readonly certificates: readonly ExpiryRow[];
}

export interface StatusClients {
  readonly host: ClusterClient;
  readonly federation: ClusterClient;
  /** A client for a member reached with its stored credential: one attempt per request, no retries. */
  member(ctx: ResolvedContext): Promise<ClusterClient>;
}

export async function collectStatus(targets: CertsTargets, clients: StatusClients, now: Date, warnDays: number): Promise<StatusReport> {
  const { namespace } = targets;
  const [host, endpoint, members] = await Promise.all([
    readHost(clients.host, namespace),
    readEndpoint(clients.federation),
    readMembers(clients, namespace),
  ]);
  const { userName, user } = targets.federation;
  const certificates = host.secrets ? computeExpiry(listCertificates(storedPki(host.secrets, user), namespace, userName, user), now, warnDays) : [];
  return {
    federation: targets.federationName,
    hostContext: targets.host.name,
    namespace,
    objects: host.objects,
    deployments: host.deployments,
    pods: host.pods,
    ...(host.error ? { hostError: host.error } : {}),
    endpoint,
    clusters: members.clusters,
    ...(members.error ? { clustersError: members.error } : {}),
    certificates,
  };
}

async function readHost(host: ClusterClient, namespace: string) {
  try {
    const objects = await Promise.all(
      CONTROL_PLANE.map(async (entry): Promise<ObjectState> => {
        const apiVersion = entry.apiVersion ?? 'rbac.authorization.k8s.io/v1';
        const name = entry.name ?? namespace;
        const live = await host.get({ apiVersion, kind: entry.kind, name, ...(entry.kind === 'Namespace' ? {} : { namespace }) }).catch(() => undefined);
        const state = { kind: entry.kind, name, present: live !== undefined, optional: entry.wanted !== undefined && entry.kind !== 'Namespace' };
        return isBeingDeleted(live) ? { ...state, beingDeleted: true } : state;
      }),
    );
    const deploymentNames = CONTROL_PLANE.filter((e) => e.kind === 'Deployment').map((e) => e.name as string);
    const deployments = await Promise.all(
      deploymentNames.map(async (name): Promise<DeploymentState> => {
        const live = await host.get({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace });
        const spec = (live?.spec ?? {}) as { replicas?: number };
        const status = (live?.status ?? {}) as { readyReplicas?: number };
        return { name, replicas: live ? (spec.replicas ?? 1) : 0, ready: status.readyReplicas ?? 0 };
      }),
    );
    const pods = (await host.list('v1', 'Pod', { namespace })).map(podState);
    const secrets = await readStoredSecrets(host, namespace);
    return { objects, deployments, pods, secrets };
  } catch (err) {
    return { objects: [], deployments: [], pods: [], secrets: undefined, error: describeError(err).message };
  }
}

function podState(pod: K8sObject): PodState {
  const status = (pod.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
  const ready = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  return { name: pod.metadata.name, phase: status.phase ?? 'Unknown', ready };
}

async function readEndpoint(federation: ClusterClient): Promise<EndpointState> {
  try {
    const answer = await federation.rawGet('/healthz');
    const body = answer.body.trim();
    const healthy = answer.status === 200 && body.toLowerCase() === 'ok';
    return { server: federation.server, healthz: healthy ? 'ok' : `${answer.status} ${body}`.trim(), healthy };
  } catch (err) {
    return { server: federation.server, healthz: `unreachable: ${describeError(err).message}`, healthy: false };
  }
}

async function readMembers(clients: StatusClients, namespace: string): Promise<{ clusters: MemberState[]; error?: string }> {
  let clusters: K8sObject[];
  try {
    clusters = await clients.federation.list(CLUSTER_API_VERSION, 'Cluster');
  } catch (err) {
    return { clusters: [], error: describeError(err).message };
  }
  const states = await Promise.all(clusters.map((cluster) => readMember(clients, cluster, namespace)));
  return { clusters: states.sort((a, b) => a.name.localeCompare(b.name)) };
}

async function readMember(clients: StatusClients, cluster: K8sObject, namespace: string): Promise<MemberState> {
  const ref = storedSecretRef(cluster, namespace);
  const conditions = ((cluster.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  const cmReady = conditions.find((c) => c.type === 'Ready')?.status;
  const base = {
    name: cluster.metadata.name,
    ...(clusterServer(cluster) ? { server: clusterServer(cluster) } : {}),
    ...(ref ? { secret: ref.name } : {}),
    ...(cmReady ? { controllerManagerReady: cmReady } : {}),
  };
  let secret: K8sObject | undefined;
  try {
    secret = ref ? await clients.host.get(ref) : undefined;
  } catch (err) {
    return { ...base, status: 'credential missing', message: `the credentials secret could not be read: ${describeError(err).message}` };
  }
  const ctx = storedCredentialsContext(cluster, secret);
  if (!ctx) {
    const why = !ref ? 'the Cluster names no credentials secret' : !secret ? `secret "${namespace}/${ref.name}" is not in the host cluster` : `secret "${namespace}/${ref.name}" holds no usable credential`;
    return { ...base, status: 'credential missing', message: why };
  }
  try {
    const client = await clients.member(ctx);
    // The controller manager's own probe: /healthz, then a list it needs its rights for.
    for (const path of ['/healthz', '/api/v1/nodes?limit=1']) {
      const answer = await client.rawGet(path);
      if (answer.status === 401) return { ...base, reachable: true, status: 'credential rejected', message: `the stored credential was rejected (401 on ${path.split('?')[0]})` };
      if (answer.status === 403) return { ...base, reachable: true, status: 'credential forbidden', message: `the stored credential may not read ${path.split('?')[0]} (403)` };
      if (answer.status !== 200) return { ...base, reachable: true, status: 'not ready', message: `${path.split('?')[0]} answered ${answer.status}` };
      if (path === '/healthz' && answer.body.trim().toLowerCase() !== 'ok') return { ...base, reachable: true, status: 'not ready', message: `/healthz answered ${answer.body.trim()}` };
    }
    return { ...base, reachable: true, status: 'ready' };
  } catch (err) {
    return { ...base, reachable: false, status: 'unreachable', message: describeError(err).message };
  }
}
