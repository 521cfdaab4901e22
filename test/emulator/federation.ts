/**
 * The federation API endpoint the emulated kubelet starts for a `federation-apiserver`
 * container: the generic API server over the federation types, with the TLS material, client
 * CA, tokens and passwords the container was given, and no authorization beyond authentication
 * (the federation API server of the time ran with AlwaysAllow).
 */
import type { FaultInjector, Identity, RequestLogEntry, Store } from './contracts.js';
import { createFaultInjector } from './faults.js';
import { createAuthenticator, type BasicCredential } from './auth.js';
import { createApiServer } from './server.js';

export interface FederationEndpoint {
  /** The host namespace whose pod serves this endpoint. */
  readonly namespace: string;
  /** The endpoint's own address (`https://127.0.0.1:<ephemeral>`), standing for `podIP:<--secure-port>`. */
  readonly url: string;
  readonly port: number;
  /** The federation's storage (it outlives the pod while its etcd data does). */
  readonly store: Store;
  readonly requests: RequestLogEntry[];
  /** Faults for requests to this endpoint (e.g. a failing Cluster create during join). */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

export interface FederationServerConfig {
  namespace: string;
  certPem: string;
  keyPem: string;
  /** Client certificates are only accepted when a client CA was configured. */
  clientCaPem?: string;
  tokens: Map<string, Identity>;
  passwords: Map<string, BasicCredential>;
  store: Store;
}

export async function startFederationEndpoint(config: FederationServerConfig): Promise<FederationEndpoint> {
  const requests: RequestLogEntry[] = [];
  const faults = createFaultInjector();
  const server = await createApiServer({
    name: `federation-apiserver/${config.namespace}`,
    tls: { certPem: config.certPem, keyPem: config.keyPem, ...(config.clientCaPem ? { clientCaPem: config.clientCaPem } : {}) },
    host: '127.0.0.1',
    port: 0,
    store: config.store,
    authenticate: createAuthenticator({ clientCaPem: config.clientCaPem, tokens: config.tokens, basic: config.passwords }),
    requestLog: requests,
    faults,
  });
  return {
    namespace: config.namespace,
    url: server.url,
    port: server.port,
    store: config.store,
    requests,
    faults,
    close: () => server.close(),
  };
}
