/**
 * The cluster controller inside the emulated federation controller manager: for every Cluster in
 * the federation it reads the credentials Secret named by spec.secretRef from its own host
 * namespace (with its ServiceAccount's permissions), probes the member's /healthz with them,
 * and writes the conditions the federation v1 controller wrote (Ready / Offline). A join that
 * stored credentials that do not work therefore shows up as a Cluster that never gets Ready.
 */
import type { Identity, RequestAttributes, Store, StoredObject } from '../contracts.js';
import { GetError, httpsGet, type ClientCredentials } from './https-get.js';
import { timestamp, type ControllerContext } from './kit.js';
import { kubeconfigCredentials } from './kubeconfig-credentials.js';

/**
 * Whether the host cluster allows a request. May answer later: a real cluster's authorizer is
 * asked over the network (SubjectAccessReview), the emulator's answers at once.
 */
export type HostAuthorize = (identity: Identity, attrs: RequestAttributes) => boolean | Promise<boolean>;

export interface ClusterHealthOptions {
  ctx: ControllerContext;
  federationStore: Store;
  namespace: string;
  serviceAccount: string;
  /** The host cluster's authorizer; absent when every request is allowed. */
  authorize?: HostAuthorize;
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

const READY = { type: 'Ready', status: 'True', reason: 'ClusterReady', message: '/healthz responded with ok' };
const NOT_READY = { type: 'Ready', status: 'False', reason: 'ClusterNotReady', message: '/healthz responded without ok' };
const OFFLINE = { type: 'Offline', status: 'True', reason: 'ClusterNotReachable', message: 'cluster is not reachable' };
const REACHABLE = { type: 'Offline', status: 'False', reason: 'ClusterReachable', message: 'cluster is reachable' };

function decode(data: Record<string, string>, key: string): string | undefined {
  return data[key] ? Buffer.from(data[key], 'base64').toString('utf8') : undefined;
}

/** The credentials a join Secret carries (token + ca.crt, or a kubeconfig); undefined when unusable. */
function credentialsOf(secret: StoredObject): ClientCredentials | undefined {
  const data = (secret.data ?? {}) as Record<string, string>;
  const token = decode(data, 'token');
  const ca = decode(data, 'ca.crt');
  if (token && ca) return { token, ca };
  if (token || ca) return undefined;
  const kubeconfig = decode(data, 'kubeconfig');
  if (!kubeconfig) return undefined;
  try {
    return kubeconfigCredentials(kubeconfig, `secret ${secret.metadata.name}`, () => {
      throw new Error('file references are not allowed in a cluster secret');
    }).creds;
  } catch {
    return undefined;
  }
}

export function startClusterHealth(options: ClusterHealthOptions): () => void {
  const { ctx, federationStore, namespace } = options;
  const clusterType = federationStore.typeFor('federation/v1beta1', 'Cluster');
  const secretType = ctx.store.typeFor('v1', 'Secret');
  const ownWrites = new Set<string>();
  const identity: Identity = {
    user: `system:serviceaccount:${namespace}:${options.serviceAccount}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
  let stopped = false;
  if (!clusterType || !secretType) return () => undefined;

  async function readSecret(name: string): Promise<StoredObject | undefined> {
    const attrs: RequestAttributes = { verb: 'get', group: '', version: 'v1', resource: 'secrets', namespace, name };
    if (options.authorize && !(await options.authorize(identity, attrs))) return undefined;
    return ctx.store.get(secretType!, namespace, name);
  }

  async function probe(name: string): Promise<void> {
    const cluster = federationStore.get(clusterType!, undefined, name);
    if (!cluster || stopped) return;
    const spec = (cluster.spec ?? {}) as { secretRef?: { name?: string }; serverAddressByClientCIDRs?: { serverAddress?: string }[] };
    const secret = spec.secretRef?.name ? await readSecret(spec.secretRef.name) : undefined;
    const creds = secret ? credentialsOf(secret) : undefined;
    const server = spec.serverAddressByClientCIDRs?.[0]?.serverAddress;
    // Without usable credentials the real controller cannot build a client and reports nothing.
    if (!creds || !server) return;
    let conditions: Omit<Condition, 'lastProbeTime' | 'lastTransitionTime'>[];
    try {
      const url = new URL(server.includes('://') ? server : `https://${server}`);
      const health = await httpsGet(url, '/healthz', creds);
      const nodes = await httpsGet(url, '/api/v1/nodes', creds);
      const ok = health.status === 200 && health.body.trim().toLowerCase() === 'ok' && nodes.status === 200;
      conditions = [ok ? READY : NOT_READY, REACHABLE];
    } catch (error) {
      if (!(error instanceof GetError)) throw error;
      conditions = [OFFLINE];
    }
    writeConditions(name, conditions);
  }

  function writeConditions(name: string, next: Omit<Condition, 'lastProbeTime' | 'lastTransitionTime'>[]): void {
    const current = federationStore.get(clusterType!, undefined, name);
    if (!current || stopped) return;
    const previous = ((current.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
    const same = previous.length === next.length && next.every((c, i) => previous[i].type === c.type && previous[i].status === c.status && previous[i].reason === c.reason);
    if (same) return;
    const now = timestamp(ctx.now);
    const conditions = next.map((c) => ({ ...c, lastProbeTime: now, lastTransitionTime: now }));
    const written = federationStore.update(clusterType!, { ...current, status: { ...((current.status ?? {}) as object), conditions } });
    ownWrites.add(written.metadata.resourceVersion ?? '');
  }

  /**
   * Like the controller's work queue: a Cluster is probed by one probe at a time, and the changes
   * that arrive during a probe make one more probe after it, not one each (a join of 50 members
   * writes 50 Secrets; probing every Cluster again for each would be quadratic).
   */
  const probing = new Map<string, { again: boolean }>();
  function enqueue(name: string): void {
    const current = probing.get(name);
    if (current) {
      current.again = true;
      return;
    }
    const entry = { again: false };
    probing.set(name, entry);
    ctx.tracker.run(`cluster-health ${name}`, async () => {
      try {
        await probe(name);
      } finally {
        probing.delete(name);
        if (entry.again) enqueue(name);
      }
    });
  }

  function probeAll(): void {
    for (const cluster of federationStore.list(clusterType!)) enqueue(cluster.metadata.name);
  }

  /**
   * What a host change can alter: a Secret, the Clusters whose secretRef names it; an RBAC change,
   * whether the controller may read a Secret at all, so the Clusters not Ready yet (a Ready one
   * keeps its conditions until its own Secret or Cluster changes; the real controller would look
   * again on its next period). Probing every Cluster on every write would make a join of many
   * members quadratic in probes.
   */
  function probeAffected(kind: string, name: string): void {
    for (const cluster of federationStore.list(clusterType!)) {
      const spec = (cluster.spec ?? {}) as { secretRef?: { name?: string } };
      const conditions = ((cluster.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
      const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
      if (kind === 'Secret' ? spec.secretRef?.name === name : !ready) enqueue(cluster.metadata.name);
    }
  }

  const stopFederation = federationStore.onChange((event) => {
    if (event.resource.kind !== 'Cluster' || event.type === 'DELETED') return;
    if (ownWrites.delete(event.object.metadata.resourceVersion ?? '')) return;
    enqueue(event.object.metadata.name);
  });
  const stopHost = ctx.store.onChange((event) => {
    const kind = event.resource.kind;
    if ((kind === 'Secret' && event.object.metadata.namespace === namespace) || kind.includes('Role')) probeAffected(kind, event.object.metadata.name);
  });
  probeAll();
  return () => {
    stopped = true;
    stopFederation();
    stopHost();
  };
}
