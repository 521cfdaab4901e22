import { Command } from 'commander';
import type { Deps } from '../deps.js';
import type { JoinOptions } from '../join/options.js';
import { addDryRunFlag, addHostFlags, addMemberFlags, addTimeoutFlag, readMemberOptions } from './flags.js';
import { addCommonOptions } from './shared.js';

const EXAMPLES = `
Examples:
  # Join the cluster of context gondor to the federation of the current context (a
  # federation made by kubefed init, which recorded its host cluster).
  kubefed join gondor

  # Cluster name must be a valid RFC 1123 subdomain name. Cluster context must be specified
  # if the cluster name is different than the cluster's context in the local kubeconfig.
  kubefed join foo --host-cluster-context=bar --cluster-context=baz

  # Join several clusters in one call (each is named after its context)
  kubefed join gondor rohan lothlorien --context=fellowship

  # Print the objects join would create, without sending anything
  kubefed join gondor --dry-run
`;

/** `kubefed join CLUSTER_NAME [CLUSTER_NAME…]`. */
export function registerJoin(program: Command, deps: Deps): void {
  const cmd = new Command('join')
    .summary('Join a cluster to a federation')
    .description(
      'Join adds a cluster to a federation. Current context is assumed to be a federation API server. Please use the --context flag otherwise.',
    )
    .argument('[CLUSTER_NAME...]', 'names of the clusters to join (RFC 1123 subdomains)');
  addHostFlags(cmd);
  addMemberFlags(
    cmd,
    'Kubeconfig file path on local file system, which should be used to authenticate with the joining cluster (instead of the default kubeconfig). ' +
      'This can be used to override the RBAC based authentication while joining a cluster to a federation, even when the cluster exposes the RBAC API.',
  );
  cmd.option(
    '--secret-name <name>',
    "Name of the secret where the cluster's credentials will be stored in the host cluster. This name should be a valid RFC 1035 label. Deprecated: kubefed generates a secret name.",
  );
  addDryRunFlag(cmd, 'prints the objects join would create');
  cmd
    .option('--retain', 'When a step fails, keep the objects this run created instead of rolling them back.', false)
    .option('--show-secrets', 'Print Secret values in dry-run output instead of <redacted>.', false);
  addTimeoutFlag(cmd, "wait for the cluster's service account token", '2m');
  addCommonOptions(cmd).addHelpText('after', EXAMPLES);
  cmd.action(async (names: string[], opts: Record<string, unknown>) => {
    const options = readJoinOptions(names, opts);
    if (options.secretName !== undefined) {
      deps.stderr.write('Flag --secret-name has been deprecated, kubefed now generates a secret name, and this flag will be removed in a future release.\n');
    }
    const { runJoin } = await import('../join/run.js');
    await runJoin(options, deps);
  });
  program.addCommand(cmd);
}

function readJoinOptions(names: string[], opts: Record<string, unknown>): JoinOptions {
  return {
    ...readMemberOptions(names, opts),
    secretName: opts.secretName as string | undefined,
    retain: Boolean(opts.retain),
    showSecrets: Boolean(opts.showSecrets),
  };
}
