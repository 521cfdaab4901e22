/**
 * The flags several commands share, declared once: each registrar adds its flags with one help
 * text, and each reader turns commander's values into the typed options of src/options.
 */
import type { Command } from 'commander';
import { DEFAULT_FEDERATION_NAMESPACE } from '../constants.js';
import type { ConnectionOverrides, HostOptions, MemberOptions } from '../options/common.js';
import { parseConnectionOverrides, parseDryRun, parseDuration } from '../options/parse.js';
import { UsageError } from '../errors.js';
import { readCommonOptions } from './shared.js';

const NAMESPACE_HELP = 'Namespace in the host cluster where the federation system components are installed';

/**
 * `--host-cluster-context` and `--federation-system-namespace`. init creates the federation: its
 * host is the current context and its namespace federation-system unless given; the other
 * commands find both where init recorded them.
 */
export function addHostFlags(cmd: Command, defaults: 'recorded' | 'init' = 'recorded'): Command {
  if (defaults === 'init') {
    return cmd
      .option('--host-cluster-context <context>', 'Host cluster context (default: the current context)')
      .option('--federation-system-namespace <namespace>', NAMESPACE_HELP, DEFAULT_FEDERATION_NAMESPACE);
  }
  return cmd
    .option('--host-cluster-context <context>', 'Host cluster context (default: the one kubefed init recorded on the federation context).')
    .option('--federation-system-namespace <namespace>', `${NAMESPACE_HELP} (default: the one kubefed init recorded, else ${DEFAULT_FEDERATION_NAMESPACE}).`);
}

/** `--dry-run[=client|server]`; `clientPrints` says what a client dry run prints. */
export function addDryRunFlag(cmd: Command, clientPrints: string): Command {
  return cmd.option('--dry-run [mode]', `Send nothing: client (the default mode) ${clientPrints}; server sends the requests with dryRun=All.`);
}

/** `--timeout`: how long the command's waits and retries may take. */
export function addTimeoutFlag(cmd: Command, bounds: string, fallback?: string): Command {
  return cmd.option('--timeout <duration>', `How long to ${bounds}, e.g. ${fallback ?? '5m'}.`, fallback);
}

/** `--cluster-context` and `--credentials-kubeconfig`: how join and unjoin reach a member. */
export function addMemberFlags(cmd: Command, credentialsHelp: string): Command {
  return cmd
    .option('--cluster-context <context>', "Name of the cluster's context in the local kubeconfig. Defaults to cluster name if unspecified.")
    .option('--credentials-kubeconfig <file>', credentialsHelp);
}

export function readHostOptions(opts: Record<string, unknown>): HostOptions {
  return {
    hostClusterContext: opts.hostClusterContext as string | undefined,
    federationSystemNamespace: opts.federationSystemNamespace as string | undefined,
    dryRun: parseDryRun(opts.dryRun),
    timeoutMs: parseDuration(String(opts.timeout), '--timeout'),
  };
}

export function readMemberOptions(names: readonly string[], opts: Record<string, unknown>): MemberOptions {
  return {
    ...readCommonOptions(opts),
    ...readHostOptions(opts),
    clusters: names,
    clusterContext: opts.clusterContext as string | undefined,
    credentialsKubeconfig: opts.credentialsKubeconfig as string | undefined,
  };
}

/**
 * kubectl's connection overrides, with kubectl's meaning: they change the context the command
 * selects with --context (the federation's; init's host) for this run only.
 */
export function addConnectionFlags(cmd: Command): Command {
  return cmd
    .option('-s, --server <address>', 'The address and port of the Kubernetes API server of the selected context (kubectl\'s --server).')
    .option('--token <token>', 'Bearer token for authentication to the API server of the selected context.')
    .option('--user <name>', 'The name of the kubeconfig user to use for the selected context.')
    .option('--cluster <name>', 'The name of the kubeconfig cluster to use for the selected context.')
    .option('--insecure-skip-tls-verify [bool]', "If true, the server's certificate will not be checked for validity (insecure).")
    .option('--certificate-authority <file>', 'Path to a cert file for the certificate authority of the selected context.');
}

export function readConnectionOverrides(opts: Record<string, unknown>): ConnectionOverrides | undefined {
  return parseConnectionOverrides(opts);
}

/** `--warn-days N` (certs check-expiration, status): a whole number of days. */
export function parseWarnDays(value: unknown): number {
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new UsageError(`--warn-days must be a whole number of days, e.g. --warn-days=30; got "${text}"`);
  return Number(text);
}
