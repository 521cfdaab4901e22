import { Command } from 'commander';
import type { Deps } from '../deps.js';
import type { StatusOptions } from '../status/options.js';
import { addHostFlags, parseWarnDays } from './flags.js';
import { addCommonOptions, readCommonOptions } from './shared.js';

const EXAMPLES = `
Examples:
  # The control plane, its endpoint, every joined cluster and the certificates of the
  # federation of the current context
  kubefed status

  # The same for federation fellowship, as one JSON object for scripts (exit 1 when unhealthy)
  kubefed status fellowship -o json
`;

/** `kubefed status [FEDERATION]`. */
export function registerStatus(program: Command, deps: Deps): void {
  const cmd = new Command('status')
    .summary('Show the health of a federation')
    .description(
      'Show the control plane objects and pod readiness, the federation API server and its /healthz, every joined cluster with whether it can be reached ' +
        'from here and whether its stored credential still works, and certificate expiry. Exit 0 when all is healthy, 1 otherwise.',
    )
    .argument('[FEDERATION]', 'the federation (default: the federation of --context or the current context)');
  addHostFlags(cmd).option('--warn-days <days>', 'A certificate expiring within this many days makes the federation unhealthy.', '30');
  addCommonOptions(cmd, ['json'], 'The kubeconfig context of the federation (default: the current context).').addHelpText('after', EXAMPLES);
  cmd.action(async (federation: string | undefined, opts: Record<string, unknown>) => {
    const options: StatusOptions = {
      ...readCommonOptions(opts),
      federation,
      hostClusterContext: opts.hostClusterContext as string | undefined,
      federationSystemNamespace: opts.federationSystemNamespace as string | undefined,
      warnDays: parseWarnDays(opts.warnDays),
    };
    const { runStatus } = await import('../status/run.js');
    await runStatus(options, deps);
  });
  program.addCommand(cmd);
}
