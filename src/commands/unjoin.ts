import { Command } from 'commander';
import type { Deps } from '../deps.js';
import type { UnjoinOptions } from '../unjoin/options.js';
import { addDryRunFlag, addHostFlags, addMemberFlags, addTimeoutFlag, readMemberOptions } from './flags.js';
import { addCommonOptions } from './shared.js';

const EXAMPLES = `
Examples:
  # Remove the cluster gondor from the federation of the current context
  kubefed unjoin gondor

  # Cluster context must be specified if the cluster name is different than the cluster's
  # context in the local kubeconfig.
  kubefed unjoin foo --host-cluster-context=bar --cluster-context=baz

  # The cluster is gone for good: remove it from the federation anyway
  kubefed unjoin gondor --force
`;

/** `kubefed unjoin CLUSTER_NAME [CLUSTER_NAME…]`. */
export function registerUnjoin(program: Command, deps: Deps): void {
  const cmd = new Command('unjoin')
    .summary('Unjoin a cluster from a federation')
    .description(
      'Unjoin a cluster from a federation. Current context is assumed to be a federation endpoint. Please use the --context flag otherwise. ' +
        'Removes the Cluster, its credentials secret in the host cluster, and what join created in the cluster.',
    )
    .argument('[CLUSTER_NAME...]', 'names of the clusters to remove');
  addHostFlags(cmd);
  addMemberFlags(cmd, 'Kubeconfig file path on local file system with the context of the cluster being removed (instead of the default kubeconfig).');
  cmd.option('--force', 'Remove the cluster from the federation even when it cannot be reached; say what stays on it.', false);
  addDryRunFlag(cmd, 'prints what would be removed');
  addTimeoutFlag(cmd, 'keep retrying requests', '2m');
  addCommonOptions(cmd).addHelpText('after', EXAMPLES);
  cmd.action(async (names: string[], opts: Record<string, unknown>) => {
    const options = readUnjoinOptions(names, opts);
    const { runUnjoin } = await import('../unjoin/run.js');
    await runUnjoin(options, deps);
  });
  program.addCommand(cmd);
}

function readUnjoinOptions(names: string[], opts: Record<string, unknown>): UnjoinOptions {
  return {
    ...readMemberOptions(names, opts),
    force: Boolean(opts.force),
  };
}
