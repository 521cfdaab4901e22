import type { CommonOptions, HostOptions } from '../options/common.js';

/** `kubefed destroy FEDERATION_NAME` as the command line gave it. */
export interface DestroyOptions extends CommonOptions, HostOptions {
  readonly federationName: string;
  /** Skip the confirmation question (required when stdin is not a terminal). */
  readonly yes: boolean;
  /** Unjoin only the federation side (Cluster and host Secret); leave what join created on the members. */
  readonly keepMembers: boolean;
  /** Keep the etcd claim, and with it the namespace. */
  readonly keepData: boolean;
  /** Go ahead when the federation API server or a member cannot be reached. */
  readonly force: boolean;
  /** A federation the kubeconfig no longer knows (and no --host-cluster-context) is nothing to do, not a usage error. */
  readonly ignoreNotFound: boolean;
}
