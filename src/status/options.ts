import type { CertsLocateOptions } from '../cert-ops/options.js';

/** `kubefed status [FEDERATION]`: found as `kubefed certs` finds it (as join does, or by name). */
export interface StatusOptions extends CertsLocateOptions {
  /** A certificate expiring within this many days makes the federation unhealthy. */
  readonly warnDays: number;
}
