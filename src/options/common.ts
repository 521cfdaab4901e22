/**
 * The typed options every command hands to its `run*` function. Free of commander: the command
 * definitions in src/commands build these, and domain code only ever sees them.
 */

export type OutputFormat = 'yaml' | 'json' | 'name';

/** `client` prints what would be sent; `server` sends it with dryRun=All. */
export type DryRunMode = 'client' | 'server';

/** kubectl's connection overrides, applied to the context the command selects (src/kubeconfig/overrides.ts). */
export interface ConnectionOverrides {
  readonly server?: string;
  readonly token?: string;
  readonly user?: string;
  readonly cluster?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly certificateAuthority?: string;
}

/** Flags every command accepts (README "Commands"). */
export interface CommonOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly output?: OutputFormat;
  readonly requestTimeoutMs: number;
  /** undefined when none of the connection flags was given. */
  readonly connection?: ConnectionOverrides;
}

/** The flags join, unjoin and destroy share to find the federation's host and namespace. */
export interface HostOptions {
  /** undefined: what init recorded on the federation's context. */
  readonly hostClusterContext?: string;
  /** undefined: what init recorded, else federation-system. */
  readonly federationSystemNamespace?: string;
  readonly dryRun?: DryRunMode;
  readonly timeoutMs: number;
}

/** join's and unjoin's CLUSTER_NAME arguments and the flags that say how to reach them. */
export interface MemberOptions extends CommonOptions, HostOptions {
  /** CLUSTER_NAME arguments, in the order given. */
  readonly clusters: readonly string[];
  /** The member's context; only with one cluster (default: the cluster name). */
  readonly clusterContext?: string;
  readonly credentialsKubeconfig?: string;
}
