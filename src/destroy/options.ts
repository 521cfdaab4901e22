import type { CommonOptions } from '../commands/shared.js';
import type { DryRunMode } from '../join/options.js';

/** `kubefed destroy FEDERATION_NAME` as the command line gave it. */
export interface DestroyOptions extends CommonOptions {
  readonly federationName: string;
  /** undefined: what init recorded on the federation's context. */
  readonly hostClusterContext?: string;
  /** undefined: what init recorded, else federation-system. */
  readonly federationSystemNamespace?: string;
  /** Skip the confirmation question (required when stdin is not a terminal). */
  readonly yes: boolean;
  /** Unjoin only the federation side (Cluster and host Secret); leave what join created on the members. */
  readonly keepMembers: boolean;
  /** Keep the etcd claim, and with it the namespace. */
  readonly keepData: boolean;
  /** Go ahead when the federation API server or a member cannot be reached. */
  readonly force: boolean;
  readonly dryRun?: DryRunMode;
  /** Bounds retries and the wait for the namespace to be gone. */
  readonly timeoutMs: number;
}
