/**
 * What join prints: the original's `cluster "gondor" created` lines (or `-o name|yaml|json`) on
 * stdout, failures and their rollback on stderr, and the objects a client dry run would send.
 */
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import { CliError, TimeoutError } from '../errors.js';
import { createApplier } from '../k8s/apply.js';
import type { K8sObject } from '../k8s/types.js';
import type { Progress } from '../output/progress.js';
import { REDACTED, renderObjects } from '../output/render.js';
import { writeKubeDns } from './kube-dns-step.js';
import type { JoinOptions } from './options.js';
import type { MemberPlan } from './plan.js';
import type { Preflight } from './preflight.js';
import { DRY_RUN_TOKEN, type MemberOutcome } from './run-member.js';


/** `--dry-run=client`: the objects each member's join would send, in order; nothing is written. */
export async function printClientDryRun(
  plans: readonly MemberPlan[],
  preflight: Preflight,
  options: JoinOptions,
  deps: Pick<Deps, 'stdout' | 'stderr'>,
): Promise<void> {
  const objects: K8sObject[] = [];
  for (const plan of plans) {
    const member = preflight.members.find((m) => m.target.clusterName === plan.clusterName);
    for (const step of plan.steps) {
      if (step.kind === 'apply') {
        const object = step.fillFromToken ? { ...step.object, data: { 'ca.crt': DRY_RUN_TOKEN, namespace: DRY_RUN_TOKEN, token: DRY_RUN_TOKEN } } : step.object;
        objects.push(object);
      } else if (step.kind === 'kube-dns') {
        const dns = member ? await writeKubeDns(createApplier({ dryRun: 'client' }), member.client, step.entries, plan.clusterName) : undefined;
        if (dns?.object) objects.push(dns.object);
      }
    }
  }
  if (options.output === 'name') {
    for (const plan of plans) deps.stdout.write(`cluster/${plan.clusterName}\n`);
  } else {
    deps.stdout.write(renderObjects(objects, options.output === 'json' ? 'json' : 'yaml', { showSecrets: options.showSecrets }));
  }
  if (!options.showSecrets && objects.some((o) => o.kind === 'Secret' && o.data)) {
    deps.stderr.write(`Secret values are shown as ${REDACTED}; pass --show-secrets to print them.\n`);
  }
  for (const plan of plans) deps.stderr.write(`cluster "${plan.clusterName}" created (dry run)\n`);
}

const VERB = { created: 'created', configured: 'configured', kept: 'unchanged' } as const;

export function reportOutcomes(
  outcomes: readonly MemberOutcome[],
  plans: readonly MemberPlan[],
  options: JoinOptions,
  deps: Pick<Deps, 'stdout' | 'stderr'>,
  progress: Progress,
): void {
  const suffix = options.dryRun === 'server' ? ' (server dry run)' : '';
  const clusters: K8sObject[] = [];
  for (const outcome of outcomes) {
    for (const warning of outcome.warnings) progress.warn(`cluster "${outcome.clusterName}": ${warning}`);
    if (!outcome.ok) {
      if (outcomes.length > 1) deps.stderr.write(`error: ${memberFailure(outcome).message}\n`);
      continue;
    }
    if (outcome.cluster) clusters.push(outcome.cluster);
    if (options.output === 'name') deps.stdout.write(`cluster/${outcome.clusterName}\n`);
    else if (options.output === undefined) deps.stdout.write(`cluster "${outcome.clusterName}" ${VERB[outcome.clusterAction ?? 'created']}${suffix}\n`);
  }
  if (options.output === 'yaml') deps.stdout.write(renderObjects(clusters, 'yaml', { showSecrets: true }));
  if (options.output === 'json') deps.stdout.write(`${JSON.stringify(joinResult(outcomes, plans, options), null, 2)}\n`);
}

/** The `-o json` result: one object for CI scripts, every member with what happened to it. */
export function joinResult(outcomes: readonly MemberOutcome[], plans: readonly MemberPlan[], options: JoinOptions): Record<string, unknown> {
  return {
    apiVersion: 'kubefed/v1',
    kind: 'JoinResult',
    dryRun: options.dryRun ?? null,
    clusters: outcomes.map((outcome, i) => ({
      name: outcome.clusterName,
      joined: outcome.ok,
      ...(outcome.ok ? { action: VERB[outcome.clusterAction ?? 'created'] } : { error: describeError(outcome.error).message }),
      secretName: plans[i].secretName,
      ...(plans[i].serviceAccount ? { serviceAccount: plans[i].serviceAccount, clusterRole: plans[i].clusterRole } : {}),
      objects: outcome.applied.map((a) => ({ where: a.where, kind: a.ref.kind, ...(a.ref.namespace ? { namespace: a.ref.namespace } : {}), name: a.ref.name, action: a.action })),
      ...(outcome.cluster ? { cluster: outcome.cluster } : {}),
      rolledBack: outcome.rolledBack,
      retained: outcome.retained,
      warnings: outcome.warnings,
    })),
  };
}

/** The error a failed member ends the command with: its cause, named after the cluster. */
export function memberFailure(outcome: MemberOutcome): CliError {
  const described = describeError(outcome.error);
  const message = `cluster "${outcome.clusterName}" was not joined: ${described.message}`;
  if (outcome.error instanceof TimeoutError) return new TimeoutError(message, outcome.error.diagnosis, outcome.error.hint);
  const kept = outcome.retained.length > 0 ? [`left in place: ${outcome.retained.join(', ')}`] : [];
  const hint = [...described.details, ...kept].join('\n') || undefined;
  return new CliError(message, { exitCode: described.exitCode, hint });
}
