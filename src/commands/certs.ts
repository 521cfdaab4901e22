import { Command } from 'commander';
import type { CertsLocateOptions, CheckExpirationOptions, RenewOptions, RenewTarget } from '../cert-ops/options.js';
import { RENEW_TARGETS } from '../cert-ops/options.js';
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { parseDryRun } from '../options/parse.js';
import { addDryRunFlag, addHostFlags, parseWarnDays } from './flags.js';
import { addCommonOptions, readCommonOptions } from './shared.js';

const CHECK_EXAMPLES = `
Examples:
  # Every certificate of the federation of the current context, with its expiry
  kubefed certs check-expiration

  # Warn (exit 1) when a certificate of federation fellowship expires within 60 days
  kubefed certs check-expiration fellowship --warn-days 60 -o json
`;

const RENEW_EXAMPLES = `
Examples:
  # New API server, controller manager and admin certificates from the kept CA
  kubefed certs renew all

  # Say what would change, and send nothing
  kubefed certs renew apiserver --dry-run

  # A new CA, and every certificate re-issued under it
  kubefed certs renew ca
`;

/** `kubefed certs check-expiration | renew`. */
export function registerCerts(program: Command, deps: Deps): void {
  const certs = new Command('certs').usage('[options] <check-expiration|renew>').summary('Check and renew the certificates of a federation').description('Check and renew the certificates of a federation.');
  const check = new Command('check-expiration')
    .description('List every certificate of the federation with its subject, expiry and days left; exit 1 when one expires within --warn-days or already has.')
    .argument('[FEDERATION]', 'the federation (default: the federation of --context or the current context)');
  addHostFlags(check).option('--warn-days <days>', 'Exit 1 when a certificate expires within this many days.', '30');
  addCommonOptions(check, ['json'], 'The kubeconfig context of the federation (default: the current context).').addHelpText('after', CHECK_EXAMPLES);
  check.action(async (federation: string | undefined, opts: Record<string, unknown>) => {
    const options: CheckExpirationOptions = { ...readLocateOptions(federation, opts), warnDays: parseWarnDays(opts.warnDays) };
    const { runCheckExpiration } = await import('../cert-ops/check-run.js');
    await runCheckExpiration(options, deps);
  });

  const renew = new Command('renew')
    .description(
      'Issue new certificates: all, apiserver, controller-manager or admin from the kept CA, with the same subjects and addresses; ' +
        'ca issues a new CA and every certificate under it. The Secrets and the kubeconfig are updated and the Deployments roll.',
    )
    .argument('[WHAT]', RENEW_TARGETS.join(', '));
  addHostFlags(renew);
  addDryRunFlag(renew, 'prints what would change');
  addCommonOptions(renew, ['json'], 'The kubeconfig context of the federation (default: the current context).').addHelpText('after', RENEW_EXAMPLES);
  renew.action(async (what: string | undefined, opts: Record<string, unknown>) => {
    const options: RenewOptions = { ...readLocateOptions(undefined, opts), target: parseTarget(what), dryRun: parseDryRun(opts.dryRun) };
    const { runRenew } = await import('../cert-ops/renew-run.js');
    await runRenew(options, deps);
  });

  for (const sub of [check, renew]) certs.addCommand(sub.exitOverride().configureOutput(program.configureOutput()));
  program.addCommand(certs);
}

function readLocateOptions(federation: string | undefined, opts: Record<string, unknown>): CertsLocateOptions {
  return {
    ...readCommonOptions(opts),
    federation,
    hostClusterContext: opts.hostClusterContext as string | undefined,
    federationSystemNamespace: opts.federationSystemNamespace as string | undefined,
  };
}


function parseTarget(what: string | undefined): RenewTarget {
  if (what === undefined) throw new UsageError(`kubefed certs renew needs what to renew: one of ${RENEW_TARGETS.join(', ')}`, "See 'kubefed certs renew -h' for help and examples.");
  if (!(RENEW_TARGETS as readonly string[]).includes(what)) throw new UsageError(`cannot renew "${what}": choose one of ${RENEW_TARGETS.join(', ')}`);
  return what as RenewTarget;
}
