import { Option, type Command } from 'commander';
import type { CommonOptions, OutputFormat } from '../options/common.js';
import { parseDuration } from '../options/parse.js';
import { addConnectionFlags, readConnectionOverrides } from './flags.js';

/** Flags every command accepts (README "Commands"). */
export function addCommonOptions(
  cmd: Command,
  outputs: readonly OutputFormat[] = ['yaml', 'json', 'name'],
  contextHelp = 'The kubeconfig context of the federation API server (default: the current context).',
): Command {
  addConnectionFlags(cmd);
  return cmd
    .option('--kubeconfig <file>', 'Path to the kubeconfig file to use for CLI requests (default: $KUBECONFIG, then ~/.kube/config).')
    .option('--context <name>', contextHelp)
    .option('-v, --verbose', 'Print details of every request and stack traces of errors.', false)
    .option('-q, --quiet', 'Print no progress lines; errors and the result only.', false)
    .addOption(new Option('-o, --output <format>', `Print the result as ${outputs.join('|')}.`).choices([...outputs]))
    .option('--request-timeout <duration>', 'Timeout of a single request, e.g. 30s or 1m (0 for none).', '30s');
}

export function readCommonOptions(opts: Record<string, unknown>): CommonOptions {
  const connection = readConnectionOverrides(opts);
  return {
    kubeconfig: opts.kubeconfig as string | undefined,
    context: opts.context as string | undefined,
    verbose: Boolean(opts.verbose),
    quiet: Boolean(opts.quiet),
    output: opts.output as OutputFormat | undefined,
    requestTimeoutMs: parseDuration(String(opts.requestTimeout ?? '30s'), '--request-timeout'),
    ...(connection ? { connection } : {}),
  };
}
