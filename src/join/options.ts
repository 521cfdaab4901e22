import type { MemberOptions } from '../options/common.js';

/** `kubefed join CLUSTER_NAME…` as the command line gave it. */
export interface JoinOptions extends MemberOptions {
  /** Deprecated in the original, still honoured; only with one cluster. */
  readonly secretName?: string;
  /** Keep what a failed join created instead of rolling it back. */
  readonly retain: boolean;
  readonly showSecrets: boolean;
}
