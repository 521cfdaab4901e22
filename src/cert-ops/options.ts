import type { CommonOptions, DryRunMode } from '../options/common.js';

/** How `kubefed certs …` finds the federation: as join does, or by its name as destroy does. */
export interface CertsLocateOptions extends CommonOptions {
  /** FEDERATION argument; undefined: the federation of --context / the current context. */
  readonly federation?: string;
  readonly hostClusterContext?: string;
  readonly federationSystemNamespace?: string;
}

export interface CheckExpirationOptions extends CertsLocateOptions {
  /** Exit 1 when a certificate expires within this many days. */
  readonly warnDays: number;
}

export const RENEW_TARGETS = ['all', 'apiserver', 'controller-manager', 'admin', 'ca'] as const;
export type RenewTarget = (typeof RENEW_TARGETS)[number];

export interface RenewOptions extends CertsLocateOptions {
  readonly target: RenewTarget;
  readonly dryRun?: DryRunMode;
}
