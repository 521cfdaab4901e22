import type { MemberOptions } from '../options/common.js';

/** `kubefed unjoin CLUSTER_NAME…` as the command line gave it. */
export interface UnjoinOptions extends MemberOptions {
  /** Go ahead when a member cannot be reached: remove the federation side, report the rest. */
  readonly force: boolean;
}
