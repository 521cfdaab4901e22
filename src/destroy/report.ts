/**
 * What destroy tells its user: the suffix of each step line, the result object of `-o json|yaml`,
 * and the final line `Federation "fellowship" destroyed` on stdout.
 */
import * as yaml from 'js-yaml';
import type { Deps } from '../deps.js';
import { removalResult, type Removal } from '../federation/removals.js';
import type { UnjoinOutcome } from '../unjoin/member.js';
import type { DestroyOptions } from './options.js';

export type StepEnding = { kind: 'done'; suffix: string } | { kind: 'failed' };

/**
 * " done" when something was (or in a dry run would be) removed, " already gone" when everything
 * was, " kept" when what is there stays, and failed when an error was collected.
 */
export function stepEnding(removals: readonly Removal[], errors: readonly string[], dryRun: DestroyOptions['dryRun']): StepEnding {
  if (errors.length > 0) return { kind: 'failed' };
  const acted = removals.some((r) => ['deleted', 'would be deleted', 'updated', 'would be updated'].includes(r.result));
  if (acted) return { kind: 'done', suffix: dryRun ? ` done (${dryRun === 'server' ? 'server ' : ''}dry run)` : ' done' };
  if (removals.every((r) => r.result === 'already gone')) return { kind: 'done', suffix: ' already gone' };
  return { kind: 'done', suffix: ' kept' };
}

export interface KubeconfigReport {
  readonly result: 'removed' | 'would remove' | 'already gone' | 'kept' | 'failed';
  readonly entries: readonly string[];
  readonly note?: string;
}

export interface DestroyReport {
  readonly federation: string;
  readonly hostContext: string;
  readonly namespace: string;
  readonly members: readonly UnjoinOutcome[];
  /** Why clusters were not unjoined (the federation API server is gone or unreachable). */
  readonly membersNote?: string;
  readonly hostRemovals: readonly Removal[];
  readonly kubeconfig?: KubeconfigReport;
  readonly errors: readonly string[];
}

export function destroyResult(report: DestroyReport, options: Pick<DestroyOptions, 'dryRun'>): Record<string, unknown> {
  return {
    apiVersion: 'kubefed/v1',
    kind: 'DestroyResult',
    federation: report.federation,
    hostContext: report.hostContext,
    namespace: report.namespace,
    dryRun: options.dryRun ?? null,
    destroyed: report.errors.length === 0,
    clusters: report.members.map((o) => ({ name: o.clusterName, removed: o.ok, objects: o.removals.map(removalResult), left: o.left, errors: o.errors })),
    ...(report.membersNote ? { clustersNote: report.membersNote } : {}),
    objects: report.hostRemovals.map(removalResult),
    kubeconfig: report.kubeconfig ?? null,
    errors: report.errors,
  };
}

/** stdout: the result object with -o json|yaml (also after a failure), else the final line on success. */
export function printDestroyResult(report: DestroyReport, options: Pick<DestroyOptions, 'dryRun' | 'output'>, deps: Pick<Deps, 'stdout'>): void {
  if (options.output === 'json' || options.output === 'yaml') {
    const result = destroyResult(report, options);
    deps.stdout.write(options.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : yaml.dump(result, { lineWidth: -1, noRefs: true }));
    return;
  }
  if (report.errors.length > 0) return;
  const suffix = options.dryRun ? ` (${options.dryRun === 'server' ? 'server ' : ''}dry run)` : '';
  deps.stdout.write(`Federation "${report.federation}" destroyed${suffix}\n`);
}
