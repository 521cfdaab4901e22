/**
 * One emulated Kubernetes cluster, of the version the discovery fixture was recorded from: its
 * own CA and serving certificate, an API server on 127.0.0.1 with client-certificate, token and
 * basic authentication (RBAC when enabled), the objects a fresh cluster has, and the
 * controllers, kubelet and kube-proxy that make objects behave as they would on a real cluster.
 */
import type { RequestLogEntry, Store, StoredObject } from './contracts.js';
import { createAuthenticator, createEmulatorCa, issueClientCert, issueServerCert, TokenRegistry, type BasicCredential } from './auth.js';
import { createFaultInjector, type EmulatorFaultInjector } from './faults.js';
import type { FederationEndpoint } from './federation.js';
import { startNodeSide } from './node-side.js';
import { createRbacAuthorizer } from './rbac.js';
import { createRbacReviewer } from './rbac-review.js';
import { createLegacyTokenCheck } from './sa-token-check.js';
import { kubernetesResourceTypes } from './registry.js';
import { createApiServer } from './server.js';
import { createStore } from './store.js';
import { createAdmission } from './controllers/admission.js';
import { startControllers } from './controllers/all.js';
import type { ControllerContext } from './controllers/kit.js';
import { seedCluster, type NodeOptions } from './controllers/seed.js';
import type { LoadBalancerMode } from './controllers/service.js';
import { createWorkTracker } from './controllers/work-tracker.js';

export interface EmulatedClusterOptions {
  /** Also the kubeconfig context, cluster and user name. */
  name: string;
  /** Default true. */
  rbac?: boolean;
  /** Default 'ip'. */
  loadBalancer?: LoadBalancerMode;
  /** Default 'dynamic' (a default StorageClass `standard` exists); 'none': no StorageClass, claims stay Pending. */
  storage?: 'dynamic' | 'none';
  /** Default: one node `<name>-control-plane` with InternalIP 127.0.0.1. Addresses must be loopback. */
  nodes?: NodeOptions[];
  /** Image references that cannot be pulled (ErrImagePull, then ImagePullBackOff). */
  failingImages?: string[];
  /** Default true. */
  tokenController?: boolean;
  /** An optional static basic-auth user in system:masters. */
  basicAuth?: { username: string; password: string };
}

export interface EmulatedCluster {
  readonly name: string;
  readonly server: string;
  readonly caPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
  readonly store: Store;
  readonly requests: RequestLogEntry[];
  readonly faults: EmulatorFaultInjector;
  /** Bearer tokens the API server accepts (the token controller adds service-account tokens). */
  readonly tokens: TokenRegistry;
  mutatingRequests(): RequestLogEntry[];
  /** The federation API endpoint the kubelet started for a namespace (undefined until the pod runs). */
  federation(namespace?: string): FederationEndpoint | undefined;
  /** All stored objects except Events, as `kind/namespace/name` → object. */
  snapshot(): Map<string, StoredObject>;
  /** Resolves once the controllers have processed every pending change. */
  settle(): Promise<void>;
  /** `ip:port` addresses the emulated kube-proxy listens on. */
  listening(): string[];
  /** Errors the controllers ran into (a test that does not settle as expected can print them). */
  controllerErrors(): { label: string; error: unknown }[];
}

export interface RunningCluster extends EmulatedCluster {
  close(): Promise<void>;
}

export interface ClusterEnvironment {
  now: () => Date;
  /** Load-balancer addresses in use by any cluster of this emulator. */
  reservedAddresses: Set<string>;
}

export async function startCluster(options: EmulatedClusterOptions, env: ClusterEnvironment): Promise<RunningCluster> {
  const rbac = options.rbac ?? true;
  const nodes = options.nodes ?? [{ name: `${options.name}-control-plane`, internalIP: '127.0.0.1' }];
  for (const node of nodes) for (const ip of [node.internalIP, node.externalIP]) if (ip) env.reservedAddresses.add(ip);

  // Certificates use the real clock: kubectl and openssl check validity against it.
  const ca = await createEmulatorCa(options.name);
  const [serving, admin] = await Promise.all([
    issueServerCert(ca, { ips: ['127.0.0.1'], dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'] }),
    issueClientCert(ca, 'kubernetes-admin', ['system:masters']),
  ]);

  const store = createStore(kubernetesResourceTypes({ rbac }), { now: env.now });
  const tracker = createWorkTracker();
  const stopCounting = store.onChange(() => tracker.noteChange());
  const ctx: ControllerContext = { store, now: env.now, tracker };
  const tokens = new TokenRegistry();
  const basic = new Map<string, BasicCredential>();
  if (options.basicAuth) basic.set(options.basicAuth.username, { password: options.basicAuth.password, identity: { user: options.basicAuth.username, groups: ['system:masters'] } });

  const stopControllers = startControllers(ctx, {
    caPem: ca.certPem,
    tokens,
    tokenController: options.tokenController ?? true,
    loadBalancer: options.loadBalancer ?? 'ip',
    reservedAddresses: env.reservedAddresses,
  });
  const authorize = rbac ? createRbacAuthorizer(store) : undefined;
  const node = startNodeSide(ctx, { nodes, failingImages: options.failingImages ?? [], authorize });

  seedCluster(store, { nodes, rbac, storage: options.storage ?? 'dynamic', now: env.now });

  const faults = createFaultInjector();
  const requests: RequestLogEntry[] = [];
  const server = await createApiServer({
    name: options.name,
    tls: { certPem: serving.certPem, keyPem: serving.keyPem, clientCaPem: ca.certPem },
    store,
    authenticate: createAuthenticator({ clientCaPem: ca.certPem, tokens, basic, tokenStillValid: createLegacyTokenCheck(store) }),
    ...(authorize ? { authorize, reviewer: createRbacReviewer(store) } : {}),
    admit: createAdmission(ctx),
    faults,
    requestLog: requests,
  });
  await tracker.settle();

  return {
    name: options.name,
    server: server.url,
    caPem: ca.certPem,
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
    store,
    requests,
    faults,
    tokens,
    mutatingRequests: () => requests.filter((r) => r.mutating),
    federation: (namespace) => node.kubelet.federation(namespace),
    snapshot() {
      const all = new Map<string, StoredObject>();
      for (const type of store.types) {
        if (type.kind === 'Event') continue;
        for (const obj of store.list(type)) all.set(`${type.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, obj);
      }
      return all;
    },
    settle: () => tracker.settle(),
    listening: () => node.proxy.listening(),
    controllerErrors: () => [...tracker.errors],
    async close() {
      tracker.stop();
      stopCounting();
      stopControllers();
      await Promise.all([server.close(), node.stop()]);
    },
  };
}
