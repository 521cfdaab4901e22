import { Command } from 'commander';
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import type { DestroyOptions } from '../destroy/options.js';
import { addDryRunFlag, addHostFlags, addTimeoutFlag, readHostOptions } from './flags.js';
import { addCommonOptions, readCommonOptions } from './shared.js';

const EXAMPLES = `
Examples:
  # Remove the federation fellowship: unjoin its clusters, delete its control plane from the host
  # cluster kubefed init recorded, and its kubeconfig entries (asks first on a terminal)
  kubefed destroy fellowship

  # In a script: no question, and see first what would be deleted
  kubefed destroy fellowship --dry-run
  kubefed destroy fellowship --yes

  # Keep the federation's etcd data (its persistent volume claim, and so its namespace)
  kubefed destroy fellowship --yes --keep-data

  # The kubeconfig entries are gone already: say where the control plane is
  kubefed destroy fellowship --yes --host-cluster-context=rivendell --federation-system-namespace=federation-system

  # In a script that may run twice: a federation already destroyed is not an error
  kubefed destroy fellowship --yes --ignore-not-found
`;

/** `kubefed destroy FEDERATION_NAME`. */
export function registerDestroy(program: Command, deps: Deps): void {
  const cmd = new Command('destroy')
    .summary('Destroy a federation control plane')
    .description(
      'Destroy turns a federation down completely: it unjoins every cluster joined to it, deletes the federation control plane ' +
        'objects from the host cluster (the namespace too, when kubefed init created it) and removes the kubeconfig entries kubefed init wrote. ' +
        'It asks for confirmation on a terminal; pass --yes in scripts. Running it again is safe.',
    )
    .argument('[FEDERATION_NAME]', 'name of the federation to destroy');
  addHostFlags(cmd)
    .option('-y, --yes', 'Do not ask for confirmation.', false)
    .option('--keep-members', 'Remove only the federation side of each joined cluster (Cluster and host Secret); leave what join created on the clusters.', false)
    .option('--keep-data', "Keep the federation API server's etcd persistent volume claim, and with it the namespace.", false)
    .option('--force', 'Go ahead when the federation API server or a joined cluster cannot be reached; say what stays behind.', false)
    .option(
      '--ignore-not-found',
      'Exit 0 when the kubeconfig no longer knows the federation (an earlier destroy removed its context) and --host-cluster-context is not given: there is nothing to destroy.',
      false,
    );
  addDryRunFlag(cmd, 'lists what would be deleted');
  addTimeoutFlag(cmd, 'keep retrying requests and to wait for the namespace to be gone', '5m');
  // Unlike join's, destroy's federation context is named after the federation, as init names it.
  addCommonOptions(cmd, ['yaml', 'json'], 'The kubeconfig context of the federation API server (default: FEDERATION_NAME, the context kubefed init wrote).').addHelpText(
    'after',
    EXAMPLES,
  );
  cmd.action(async (name: string | undefined, opts: Record<string, unknown>) => {
    const options = readDestroyOptions(name, opts);
    const { runDestroy } = await import('../destroy/run.js');
    await runDestroy(options, deps);
  });
  program.addCommand(cmd);
}

function readDestroyOptions(name: string | undefined, opts: Record<string, unknown>): DestroyOptions {
  if (!name) throw new UsageError('FEDERATION_NAME is required', "See 'kubefed destroy -h' for help and examples.");
  return {
    ...readCommonOptions(opts),
    ...readHostOptions(opts),
    federationName: name,
    yes: Boolean(opts.yes),
    keepMembers: Boolean(opts.keepMembers),
    keepData: Boolean(opts.keepData),
    force: Boolean(opts.force),
    ignoreNotFound: Boolean(opts.ignoreNotFound),
  };
}
