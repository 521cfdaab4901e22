import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';

export type OutputFormat = 'yaml' | 'json' | 'name';

/** Flags every command accepts (spec §3). */
export interface CommonOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly output?: OutputFormat;
  readonly requestTimeoutMs: number;
}

export function addCommonOptions(
  cmd: Command,
  outputs: readonly OutputFormat[] = ['yaml', 'json', 'name'],
  contextHelp = 'The kubeconfig context of the federation API server (default: the current context).',
): Command {
  return cmd
    .option('--kubeconfig <file>', 'Path to the kubeconfig file to use for CLI requests (default: $KUBECONFIG, then ~/.kube/config).')
    .option('--context <name>', contextHelp)
    .option('-v, --verbose', 'Print details of every request and stack traces of errors.', false)
    .option('-q, --quiet', 'Print no progress lines; errors and the result only.', false)
    .addOption(new Option('-o, --output <format>', `Print the result as ${outputs.join('|')}.`).choices([...outputs]))
    .option('--request-timeout <duration>', 'Timeout of a single request, e.g. 30s or 1m (0 for none).', '30s');
}

/** Parses durations such as 300ms, 30s, 5m, 1h, 1m30s; a bare number means seconds. */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    if (match.index !== consumed) break;
    const amount = Number(match[1]);
    const unit = match[2];
    total += amount * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
    consumed += match[0].length;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new UsageError(`invalid ${flag}: "${value}", use a duration such as 30s, 5m or 1h`);
  }
  return Math.round(total);
}

export function readCommonOptions(opts: Record<string, unknown>): CommonOptions {
  return {
    kubeconfig: opts.kubeconfig as string | undefined,
    context: opts.context as string | undefined,
    verbose: Boolean(opts.verbose),
    quiet: Boolean(opts.quiet),
    output: opts.output as OutputFormat | undefined,
    requestTimeoutMs: parseDuration(String(opts.requestTimeout ?? '30s'), '--request-timeout'),
  };
}

/** `--dry-run[=client|server]` (bare: client); an unknown mode is a usage error. */
export function readDryRun(value: unknown): 'client' | 'server' | undefined {
  if (value === undefined || value === false || value === 'none' || value === 'false') return undefined;
  if (value === true || value === '' || value === 'client' || value === 'true') return 'client';
  if (value === 'server') return 'server';
  throw new UsageError(`invalid --dry-run "${String(value)}": use --dry-run, --dry-run=client or --dry-run=server`);
}

/** The flags join, unjoin and destroy share to find the federation's host and namespace. */
export interface HostFlags {
  readonly hostClusterContext?: string;
  readonly federationSystemNamespace?: string;
  readonly dryRun?: 'client' | 'server';
  readonly timeoutMs: number;
}

export function readHostFlags(opts: Record<string, unknown>): HostFlags {
  return {
    hostClusterContext: opts.hostClusterContext as string | undefined,
    federationSystemNamespace: opts.federationSystemNamespace as string | undefined,
    dryRun: readDryRun(opts.dryRun),
    timeoutMs: parseDuration(String(opts.timeout), '--timeout'),
  };
}
