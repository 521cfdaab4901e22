/**
 * `kubefed join`: resolve → validate (all problems, nothing sent) → run the members, at most
 * MEMBERS_IN_FLIGHT at once, each rolling back its own partial work on failure. Progress lines
 * come as they happen (prefixed with the cluster's name); results come in the order given.
 */
import * as yaml from 'js-yaml';
import type { Deps } from '../deps.js';
import { clientOptions, progressFor } from '../session.js';
import { CliError, UsageError } from '../errors.js';
import { kubeDnsEntriesFrom, type KubeDnsEntries } from '../dns/kube-dns.js';
import { minifyFlatten } from '../kubeconfig/minify.js';
import type { ResolvedContext } from '../kubeconfig/model.js';
import { clusterSecretName, clusterServer } from '../federation/cluster.js';
import { createClientPool } from '../federation/client-pool.js';
import { federationMismatchProblem, readFederationFacts, type FederationFacts } from '../federation/controller-manager.js';
import { hostSecretName, serverAddress } from '../federation/names.js';
import { resolveTargets, type Targets } from '../federation/targets.js';
import type { JoinOptions } from './options.js';
import { planMember, type MemberPlan } from './plan.js';
import { readPreflight, type MemberFacts, type Preflight } from './preflight.js';
import { memberFailure, printClientDryRun, reportOutcomes } from './report.js';
import { runMember, type MemberOutcome, type MemberRunInput } from './run-member.js';
import { mapBounded } from './bounded.js';
import { foreignObjectProblem, validateGeneratedNames, validateJoinOptions } from './validate.js';

/** Members joined at once: enough to hide round trips, few enough not to flood the host and the federation. */
export const MEMBERS_IN_FLIGHT = 8;

export async function runJoin(options: JoinOptions, deps: Deps): Promise<void> {
  const progress = progressFor(deps, options.quiet);
  if (options.clusters.length === 0) throw new UsageError('CLUSTER_NAME is required', "See 'kubefed join -h' for help and examples.");
  const problems = validateJoinOptions(options);
  let targets: Targets | undefined;
  try {
    targets = resolveTargets(options, deps);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0 || !targets) throw new UsageError(problems);

  const deadline = deps.now().getTime() + options.timeoutMs;
  const clientFor = createClientPool(deps, clientOptions(deps, options.requestTimeoutMs, deadline));
  const preflight = await readPreflight(targets, clientFor, options.credentialsKubeconfig !== undefined, MEMBERS_IN_FLIGHT);
  const plans = planAll(options, targets, preflight, deps);

  if (options.dryRun === 'client') {
    await printClientDryRun(plans, preflight, options, deps);
    return;
  }
  const many = plans.length > 1;
  const outcomes = await mapBounded(plans, MEMBERS_IN_FLIGHT, (plan) => {
    const member = memberFacts(preflight, plan);
    return runMember({
      plan,
      clients: { member: member.client, host: preflight.host, federation: preflight.federation },
      known: knownObjects(member, plan, preflight),
      serverDryRun: options.dryRun === 'server',
      retain: options.retain,
      deadline,
      deps,
      log: (line) => progress.info(many ? `[${plan.clusterName}] ${line}` : line),
    });
  });
  reportOutcomes(outcomes, plans, options, deps, progress);
  throwIfFailed(outcomes);
}

/** Validate against what the preflight read, then plan every member; throws before any write. */
function planAll(options: JoinOptions, targets: Targets, preflight: Preflight, deps: Deps): MemberPlan[] {
  const mismatch = federationMismatchProblem(targets, preflight.controllerManager);
  if (mismatch) throw new UsageError(mismatch);
  const read = readFederationFacts(preflight.controllerManager, { hostContext: targets.host.name, namespace: targets.namespace });
  const problems = [...read.problems];
  const conflicts: string[] = [];
  const plans: MemberPlan[] = [];
  for (const member of preflight.members) {
    if (!read.facts) break;
    const planned = planOne(options, targets, read.facts, member, deps, problems, conflicts);
    if (planned) plans.push(planned);
  }
  if (problems.length > 0 || !read.facts) throw new UsageError(problems);
  if (conflicts.length > 0) throw new CliError(conflicts.join('\n'));
  return plans;
}

function planOne(
  options: JoinOptions,
  targets: Targets,
  facts: FederationFacts,
  member: MemberFacts,
  deps: Deps,
  problems: string[],
  conflicts: string[],
): MemberPlan | undefined {
  const { target } = member;
  const context = target.context as ResolvedContext;
  const server = serverAddress(String(context.cluster.server ?? ''));
  const existing = member.existingCluster;
  if (existing && clusterServer(existing) !== server) {
    conflicts.push(
      `cluster "${target.clusterName}" is already in federation "${facts.federationName}" with server ${clusterServer(existing) ?? '(none)'}, not ${server}; run \`kubefed unjoin ${target.clusterName}\` first, or join under another name`,
    );
    return undefined;
  }
  const owner = { federationName: facts.federationName, clusterName: target.clusterName, contextName: target.contextName };
  const foreign = foreignObjectProblem(member.existingServiceAccount, owner);
  if (foreign) problems.push(foreign);
  const secretName = options.secretName ?? (existing ? clusterSecretName(existing) : undefined) ?? hostSecretName(target.clusterName);
  let credentials: Parameters<typeof planMember>[0]['credentials'] = { type: 'token' };
  if (!member.rbacVersion || target.credentials) {
    try {
      const source = target.credentials?.loaded ?? targets.loaded;
      const doc = minifyFlatten(source, target.contextName, { flag: '--cluster-context' });
      credentials = { type: 'kubeconfig', kubeconfigYaml: yaml.dump(doc, { lineWidth: -1, noRefs: true }) };
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  }
  const plan = planMember({
    clusterName: target.clusterName,
    federationName: facts.federationName,
    namespace: targets.namespace,
    hostContext: targets.host.name,
    memberServer: server,
    secretName,
    rbacVersion: member.rbacVersion ?? 'v1',
    credentials,
    // readFederationFacts has checked the `federations` annotation, so there are entries.
    kubeDns: kubeDnsEntriesFrom(facts.federationName, facts.annotations) as KubeDnsEntries,
  });
  problems.push(...validateGeneratedNames(plan));
  return plan;
}

function memberFacts(preflight: Preflight, plan: MemberPlan): MemberFacts {
  return preflight.members.find((m) => m.target.clusterName === plan.clusterName) as MemberFacts;
}

/**
 * The preflight read the Cluster always, the namespace and ServiceAccount only on the token path
 * (the member serves RBAC), and the host's Secrets when several members join.
 */
function knownObjects(member: MemberFacts, plan: MemberPlan, preflight: Preflight): NonNullable<MemberRunInput['known']> {
  return {
    cluster: member.existingCluster ?? null,
    ...(member.rbacVersion ? { serviceAccount: member.existingServiceAccount ?? null } : {}),
    ...(member.existingNamespace !== undefined ? { namespace: member.existingNamespace } : {}),
    ...(preflight.hostSecrets ? { hostSecret: preflight.hostSecrets.get(plan.secretName) ?? null } : {}),
  };
}

function throwIfFailed(outcomes: readonly MemberOutcome[]): void {
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0) return;
  if (outcomes.length === 1) throw memberFailure(failed[0]);
  const names = failed.map((o) => o.clusterName).join(', ');
  throw new CliError(`${failed.length} of ${outcomes.length} clusters were not joined (${names}); the others joined`);
}
