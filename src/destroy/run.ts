/**
 * `kubefed destroy`: resolve (no network) → consent check → reads (host inventory, the
 * federation's Clusters, every member probed; a federation of which nothing is found is an
 * error) → confirmation → unjoin every cluster → delete the control plane on the host in the
 * reverse of init's order → remove the kubeconfig entries.
 * Idempotent; errors are collected and the run goes on (docs/architecture.md, "Failure policies").
 */
import { FEDERATION_NAME_ANNOTATION } from '../constants.js';
import type { Deps } from '../deps.js';
import { CliError, TimeoutError } from '../errors.js';
import { createClientPool, type ClientFor } from '../federation/client-pool.js';
import { findMemberTarget } from '../federation/member-target.js';
import { withStoredCredentials } from '../federation/stored-credentials.js';
import type { Removal } from '../federation/removals.js';
import type { ClusterClient } from '../k8s/types.js';
import type { Progress } from '../output/progress.js';
import { clientOptions, progressFor } from '../session.js';
import type { UnjoinOutcome } from '../unjoin/member.js';
import { checkConsentPossible, confirmDestroy } from './confirm.js';
import { checkFederationExists } from './existence.js';
import { runHostStep, type StepRecord } from './host-side.js';
import { checkRemovalWritable, removeKubeconfigEntries } from './kubeconfig-step.js';
import { probeMembers, type ReachableMember } from './members.js';
import type { DestroyOptions } from './options.js';
import { planHostDeletion, type HostInventory } from './plan.js';
import { federationApiServerDeployed, listFederationClusters, readHostInventory, type ClusterListing } from './read.js';
import { printDestroyResult, stepEnding, type DestroyReport } from './report.js';
import { resolveDestroyTargets, type DestroyTargets } from './resolve.js';
import { unjoinAll } from './unjoin-step.js';

export async function runDestroy(options: DestroyOptions, deps: Deps): Promise<void> {
  const resolved = resolveDestroyTargets(options, deps);
  if ('nothingToDestroy' in resolved) {
    deps.stderr.write(`${resolved.nothingToDestroy}\n`);
    return;
  }
  const targets = resolved;
  checkConsentPossible(options, deps);
  if (!options.dryRun) await checkRemovalWritable(targets, options.federationName);
  const progress = progressFor(deps, options.quiet);
  const deadline = deps.now().getTime() + options.timeoutMs;
  const clientFor = createClientPool(deps, clientOptions(deps, options.requestTimeoutMs, deadline));

  const host = await clientFor(targets.host);
  const inventory = await readHostInventory(host, targets.namespace);
  const existence = checkFederationExists(inventory, targets, options.federationName);
  if (!existence.found) {
    deps.stderr.write(`${existence.message}\n`);
    return;
  }
  const running = federationApiServerDeployed(inventory, options.federationName);
  const fedContext = targets.federation;
  const connect = fedContext ? () => clientFor(fedContext) : undefined;
  // Without its API server Deployment the federation is gone, and so are its Clusters: nothing to ask.
  const listing: ClusterListing = running ? await listFederationClusters(connect, targets.federationContextName) : { clusters: [] };
  if (listing.problem && !options.force) {
    throw new CliError(`${listing.problem}; nothing was deleted`, {
      hint: "Without it the federation's clusters cannot be listed and unjoined. Pass --force to delete the control plane anyway, leaving what join created on the clusters.",
    });
  }
  const members = await readMembers(targets, listing, options, { host, clientFor });

  await confirmDestroy(options, deps, {
    federationName: options.federationName,
    namespace: targets.namespace,
    hostContext: targets.host.name,
    clusterCount: listing.clusters?.length,
  });

  const detailed = options.verbose || options.dryRun !== undefined;
  let outcomes: UnjoinOutcome[] = [];
  let membersNote: string | undefined;
  if (!running) {
    membersNote = 'the federation API server is not running';
    progress.step('Unjoining clusters from the federation').done(' already gone');
  } else if (listing.problem || !listing.federation) {
    membersNote = `${listing.problem}; what join created on the clusters stays`;
    progress.step('Unjoining clusters from the federation').done(' skipped');
    progress.warn(membersNote);
  } else {
    outcomes = await unjoinAll({ options, namespace: targets.namespace, hostContext: targets.host.name, inventory, federation: listing.federation, host, members, detailed }, progress);
  }

  // join's per-cluster Secrets on the host were the unjoin step's (in a dry run too): not listed twice.
  const handled = new Set(outcomes.flatMap((o) => o.removals.filter((r) => r.where === 'host').map((r) => `${r.ref.kind}/${r.ref.name}`)));
  const controlPlane = await deleteControlPlane(host, inventory, targets, options, { deps, progress, deadline, detailed, handled });
  const errors = [...outcomes.flatMap((o) => o.errors.map((e) => `cluster "${o.clusterName}": ${e}`)), ...controlPlane.errors];
  const kubeconfig = await removeKubeconfigEntries(targets, options, { deps, progress, earlierErrors: errors.length + (controlPlane.timedOut ? 1 : 0) });
  if (kubeconfig.result === 'failed' && kubeconfig.note) errors.push(kubeconfig.note);

  const report: DestroyReport = {
    federation: options.federationName,
    hostContext: targets.host.name,
    namespace: targets.namespace,
    members: outcomes,
    ...(membersNote ? { membersNote } : {}),
    hostRemovals: controlPlane.removals,
    kubeconfig,
    errors: controlPlane.timedOut ? [...errors, controlPlane.timedOut.message] : errors,
  };
  printDestroyResult(report, options, deps);
  throwIfIncomplete(errors, controlPlane.timedOut, options, deps);
}

/**
 * Where each joined cluster is, probed unless --keep-members; unreachable ones stop the run unless
 * --force. A cluster no context reaches is reached, as unjoin does, with the credentials join
 * stored on the host.
 */
async function readMembers(
  targets: DestroyTargets,
  listing: ClusterListing,
  options: DestroyOptions,
  { host, clientFor }: { host: ClusterClient; clientFor: ClientFor },
): Promise<ReachableMember[]> {
  const clusters = listing.clusters ?? [];
  const named = clusters.map((cluster) => findMemberTarget(targets.loaded, cluster));
  if (options.keepMembers) return named.map((target) => ({ target }));
  const found = await Promise.all(named.map((target, i) => (target.context ? target : withStoredCredentials(target, clusters[i], host, targets.namespace))));
  const members = await probeMembers(found, clientFor);
  const problems = members.flatMap((m) => (m.problem ? [m.problem] : []));
  if (problems.length === 0 || options.force) return members;
  const [first, ...rest] = problems;
  throw new CliError(`${first}${rest.length > 0 ? ` (and ${rest.length} more, below)` : ''}; nothing was deleted`, {
    hint: [
      ...rest,
      'Add the missing contexts to the kubeconfig or make the clusters reachable; pass --keep-members to leave what join created on every cluster, or --force to go ahead and leave it on these.',
    ].join('\n'),
  });
}

interface HostStepsContext {
  readonly deps: Deps;
  readonly progress: Progress;
  readonly deadline: number;
  readonly detailed: boolean;
  readonly handled: ReadonlySet<string>;
}

async function deleteControlPlane(
  host: ClusterClient,
  inventory: HostInventory,
  targets: DestroyTargets,
  options: DestroyOptions,
  ctx: HostStepsContext,
): Promise<{ removals: Removal[]; errors: string[]; timedOut?: StepRecord['timedOut'] }> {
  const { progress, deps } = ctx;
  const steps = planHostDeletion(inventory, { federationName: options.federationName, namespace: targets.namespace, keepData: options.keepData, handled: ctx.handled });
  const removals: Removal[] = [];
  const errors: string[] = [];
  let timedOut: StepRecord['timedOut'];
  const deleted = inventory.objects
    .filter((o) => o.metadata.annotations?.[FEDERATION_NAME_ANNOTATION] === options.federationName)
    .map((o) => ({ kind: o.kind, name: o.metadata.name, uid: o.metadata.uid }));
  for (const step of steps) {
    const handle = progress.step(step.title);
    const record = await runHostStep(step, {
      host,
      federationName: options.federationName,
      deleted,
      dryRun: options.dryRun,
      deadline: ctx.deadline,
      now: () => deps.now().getTime(),
      sleep: deps.sleep,
      onTick: () => handle.tick(),
    });
    const ending = stepEnding(record.removals, record.timedOut ? [record.timedOut.message] : record.errors, options.dryRun);
    if (ending.kind === 'failed') handle.fail();
    else handle.done(ending.suffix);
    if (ctx.detailed) for (const line of record.lines) progress.info(`  ${line}`);
    for (const warning of record.warnings) progress.warn(warning);
    removals.push(...record.removals);
    errors.push(...record.errors);
    timedOut ??= record.timedOut;
  }
  return { removals, errors, ...(timedOut ? { timedOut } : {}) };
}

function throwIfIncomplete(errors: readonly string[], timedOut: StepRecord['timedOut'], options: DestroyOptions, deps: Pick<Deps, 'stderr'>): void {
  const again = `Fix the cause and run kubefed destroy ${options.federationName} again: what was deleted stays deleted.`;
  if (errors.length === 0 && timedOut) {
    const limit = options.timeoutMs % 60_000 === 0 ? `${options.timeoutMs / 60_000}m` : `${options.timeoutMs / 1000}s`;
    throw new TimeoutError(`${timedOut.message} (--timeout ${limit})`, timedOut.diagnosis, again);
  }
  if (errors.length === 0) return;
  if (errors.length === 1 && !timedOut) throw new CliError(errors[0], { hint: again });
  for (const error of errors) deps.stderr.write(`error: ${error}\n`);
  if (timedOut) deps.stderr.write(`error: ${timedOut.message}\n`);
  const count = errors.length + (timedOut ? 1 : 0);
  throw new CliError(`federation "${options.federationName}" was not completely destroyed (${count} errors above)`, { hint: again });
}

