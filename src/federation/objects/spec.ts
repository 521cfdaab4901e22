/**
 * What the object builders are given: the settings of the control plane (init's validated
 * options, src/init/options.ts, have this shape) and the facts a run learns from the host
 * cluster and from generating the certificates.
 */
import type { FederationPki } from '../../certs/types.js';
import type { DnsProvider } from '../../dns/providers.js';
import type { ArgMap } from './args.js';

/** The admin credentials the API server checks besides client certificates (README, kubefed init: `basicauth.csv` and `token.csv`). */
export interface AuthSecrets {
  token?: string;
  tokenUid?: string;
  password?: string;
  passwordUid?: string;
}

export const SERVICE_TYPES = ['LoadBalancer', 'NodePort'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
/** The node ports an API server hands out unless its --service-node-port-range says otherwise. */
export const NODE_PORT_RANGE: readonly [number, number] = [30000, 32767];

export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export interface ControlPlaneSpec {
  readonly federationName: string;
  readonly namespace: string;
  readonly dns: {
    readonly provider: DnsProvider;
    /** As given, trailing dot kept (the controller manager's `--zone-name`). */
    readonly zoneName: string;
  };
  readonly images: {
    readonly apiserver: string;
    readonly controllerManager: string;
    readonly etcd: string;
    readonly pullPolicy: PullPolicy;
    /** Empty: no imagePullSecrets at all (the original always wrote one, possibly empty, entry). */
    readonly pullSecrets: readonly string[];
  };
  readonly etcd: {
    /** Comma-joined external etcd URLs; undefined runs etcd inside the API server pod. */
    readonly servers?: string;
    readonly persistentStorage: boolean;
    readonly pvCapacity: string;
    readonly pvStorageClass?: string;
  };
  readonly apiserverArgOverrides: ArgMap;
  readonly controllerManagerArgOverrides: ArgMap;
  readonly nodeSelector: ArgMap;
  readonly service: {
    readonly type: ServiceType;
    readonly advertiseAddress?: string;
    /** `--api-server-port`; undefined lets the cluster pick the node port. */
    readonly nodePort?: number;
  };
  readonly auth: { readonly basic: boolean; readonly token: boolean };
}

/** What init learned before building the objects. */
export interface ControlPlaneFacts {
  /** The RBAC API version the host serves; undefined: no ServiceAccount, Role or RoleBinding, as the original. */
  readonly rbacVersion?: string;
  /** The API server's `--advertise-address`. */
  readonly advertiseAddress?: string;
  /** Generated once the API server's address is known (after the service step). */
  readonly pki?: FederationPki;
  readonly auth?: AuthSecrets;
  /** The DNS provider's config file, shipped in its own Secret; its CoreDNS nameserver goes to join. */
  readonly dnsProviderConfig?: { readonly text: string; readonly nameserver?: string };
  /** The namespace is there already (an earlier run, or the user's): it is kept, not created. */
  readonly namespaceExists: boolean;
  /** The member credential Secrets the controller manager may read (join's, kept by a re-run of init). */
  readonly memberSecrets?: readonly string[];
}

/** A fact a builder cannot do without; its absence means a step ran before the one that learns it. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the ${what} is not known yet: the steps ran out of order`);
  return value;
}
