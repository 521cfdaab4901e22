/**
 * `kubefed unjoin`: resolve (no network) → read the federation's controller manager on the host
 * (it must be the federation the context names) → per member, concurrently: remove the Cluster,
 * its host Secret and what join left on the member, collecting errors instead of stopping.
 */
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import type { KubeDnsEntries } from '../dns/kube-dns.js';
import { CliError, UsageError } from '../errors.js';
import { clusterRef } from '../federation/cluster.js';
import { createClientPool } from '../federation/client-pool.js';
import { describedFederation, federationMismatchProblem, findControllerManager } from '../federation/controller-manager.js';
import { findMemberTarget, validateMemberArgs, type MemberTarget } from '../federation/member-target.js';
import { withStoredCredentials } from '../federation/stored-credentials.js';
import { resolveTargets, type Targets } from '../federation/targets.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import type { Progress } from '../output/progress.js';
import { clientOptions, progressFor } from '../session.js';
import { unjoinMember, type UnjoinOutcome } from './member.js';
import type { UnjoinOptions } from './options.js';
import { reportUnjoin } from './report.js';

export async function runUnjoin(options: UnjoinOptions, deps: Deps): Promise<void> {
  const progress = progressFor(deps, options.quiet);
  if (options.clusters.length === 0) throw new UsageError('CLUSTER_NAME is required', "See 'kubefed unjoin -h' for help and examples.");
  const problems = validateMemberArgs(options);
  let targets: Targets | undefined;
  try {
    // A member's context may be missing under the cluster's name: it is looked up by the
    // Cluster's server address below, once the federation can be read.
    targets = resolveTargets(options, deps, options.clusterContext === undefined || options.force);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0 || !targets) throw new UsageError(problems);

  const clientFor = createClientPool(deps, clientOptions(deps, options.requestTimeoutMs, deps.now().getTime() + options.timeoutMs));
  const [federation, host] = await Promise.all([clientFor(targets.federation), clientFor(targets.host)]);
  const known = await readFederation(host, targets.namespace, progress);
  const mismatch = federationMismatchProblem(targets, known.controllerManager);
  if (mismatch) throw new UsageError(mismatch);
  const members = await locateMembers(targets, federation, host);
  const many = members.length > 1;
  const outcomes = await Promise.all(
    members.map(async (target): Promise<UnjoinOutcome> => {
      const log = (line: string): void => progress.info(many ? `[${target.clusterName}] ${line}` : line);
      let member: ClusterClient | undefined;
      if (target.context) member = await clientFor(target.context).catch(() => undefined);
      if (target.viaStoredCredentials) log(`no context for cluster "${target.clusterName}" in kubeconfig; reaching it with the credentials stored in the host cluster`);
      return unjoinMember({
        clusterName: target.clusterName,
        namespace: targets.namespace,
        hostContext: targets.host.name,
        federationName: known.federationName,
        kubeDnsFallback: known.kubeDns,
        federation,
        host,
        member,
        memberContext: target.contextName,
        storedCredentials: target.viaStoredCredentials,
        force: options.force,
        dryRun: options.dryRun,
        log,
      });
    }),
  );
  reportUnjoin(outcomes, options, deps, progress);
  throwIfErrors(outcomes);
}

/**
 * Members whose context is not named after them are found as destroy finds them: by the server
 * address their Cluster records. A member with no context at all is reached, as the original
 * did, with the credentials join stored in the host Secret the Cluster names. A cluster the
 * federation does not know and no context names goes on to unjoinMember, which reports it not
 * found (the original's WARNING, exit 0) unless something of a join is left on the host.
 */
async function locateMembers(targets: Targets, federation: ClusterClient, host: ClusterClient): Promise<MemberTarget[]> {
  return Promise.all(
    targets.members.map(async (target): Promise<MemberTarget> => {
      if (target.context) return target;
      const cluster = await federation.get(clusterRef(target.clusterName)).catch(() => undefined);
      if (!cluster) return target;
      const found = findMemberTarget(targets.loaded, cluster);
      if (found.context) return { ...target, contextName: found.contextName, context: found.context };
      return withStoredCredentials(target, cluster, host, targets.namespace);
    }),
  );
}

/**
 * The federation's name and kube-dns entries from its controller manager. Missing or unreadable
 * is not fatal: the credentials Secret and the kube-dns record also name the federation.
 */
async function readFederation(
  host: ClusterClient,
  namespace: string,
  progress: Progress,
): Promise<{ controllerManager?: K8sObject; federationName?: string; kubeDns?: KubeDnsEntries }> {
  try {
    const controllerManager = findControllerManager(await host.list('apps/v1', 'Deployment', { namespace }));
    return { controllerManager, ...describedFederation(controllerManager) };
  } catch (err) {
    progress.warn(`could not read the federation's controller manager in the host cluster: ${describeError(err).message}`);
    return {};
  }
}

function throwIfErrors(outcomes: readonly UnjoinOutcome[]): void {
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0) return;
  if (outcomes.length === 1) {
    const [first, ...rest] = failed[0].errors;
    const again = `run \`kubefed unjoin ${failed[0].clusterName}\` again once fixed; what was removed stays removed`;
    throw new CliError(first, { hint: [...rest.map((e) => `also: ${e}`), ...(first.includes('--force') ? [] : [again])].join('\n') });
  }
  const names = failed.map((o) => o.clusterName).join(', ');
  throw new CliError(`${failed.length} of ${outcomes.length} clusters were not completely removed (${names}); see the errors above and run unjoin again for them`);
}
