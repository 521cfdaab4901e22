import { Command } from 'commander';
import type { Deps } from '../deps.js';
import type { UnjoinOptions } from '../join/options.js';
import { addCommonOptions, readCommonOptions, readHostFlags } from './shared.js';

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
    .argument('[CLUSTER_NAME...]', 'names of the clusters to remove')
    .option('--host-cluster-context <context>', 'Host cluster context (default: the one kubefed init recorded on the federation context).')
    .option('--cluster-context <context>', "Name of the cluster's context in the local kubeconfig. Defaults to cluster name if unspecified.")
    .option(
      '--federation-system-namespace <namespace>',
      'Namespace in the host cluster where the federation system components are installed (default: the one kubefed init recorded, else federation-system).',
    )
    .option('--credentials-kubeconfig <file>', 'Kubeconfig file path on local file system with the context of the cluster being removed (instead of the default kubeconfig).')
    .option('--force', 'Remove the cluster from the federation even when it cannot be reached; say what stays on it.', false)
    .option('--dry-run [mode]', 'Send nothing: client (the default mode) prints what would be removed; server sends the deletions with dryRun=All.')
    .option('--timeout <duration>', 'How long to keep retrying requests, e.g. 2m.', '2m')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd);
  cmd.action(async (names: string[], opts: Record<string, unknown>) => {
    const options = readUnjoinOptions(names, opts);
    const { runUnjoin } = await import('../unjoin/run.js');
    await runUnjoin(options, deps);
  });
  program.addCommand(cmd);
}

function readUnjoinOptions(names: string[], opts: Record<string, unknown>): UnjoinOptions {
  return {
    ...readCommonOptions(opts),
    clusters: names,
    ...readHostFlags(opts),
    clusterContext: opts.clusterContext as string | undefined,
    credentialsKubeconfig: opts.credentialsKubeconfig as string | undefined,
    force: Boolean(opts.force),
  };
}
