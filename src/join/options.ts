import type { CommonOptions } from '../commands/shared.js';

export type DryRunMode = 'client' | 'server';

/** Flags shared by join and unjoin: where the federation, its host and the members are. */
export interface TargetOptions extends CommonOptions {
  /** CLUSTER_NAME arguments, in the order given. */
  readonly clusters: readonly string[];
  readonly hostClusterContext?: string;
  /** The member's context; only with one cluster (default: the cluster name). */
  readonly clusterContext?: string;
  /** undefined: what init recorded on the federation context, else federation-system. */
  readonly federationSystemNamespace?: string;
  readonly credentialsKubeconfig?: string;
  readonly dryRun?: DryRunMode;
  readonly timeoutMs: number;
}

export interface JoinOptions extends TargetOptions {
  /** Deprecated in the original, still honoured; only with one cluster. */
  readonly secretName?: string;
  /** Keep what a failed join created instead of rolling it back. */
  readonly retain: boolean;
  readonly showSecrets: boolean;
}

export interface UnjoinOptions extends TargetOptions {
  /** Go ahead when a member cannot be reached: remove the federation side, report the rest. */
  readonly force: boolean;
}


