import * as yaml from 'js-yaml';
import type { Deps } from '../deps.js';
import { removalResult } from '../federation/removals.js';
import type { Progress } from '../output/progress.js';
import type { UnjoinOutcome } from './member.js';
import type { UnjoinOptions } from './options.js';

/**
 * stdout: the original's `Successfully removed cluster "gondor" from federation` for every
 * member removed without error (`-o name`: `cluster/gondor`; `-o json|yaml`: one result object).
 * A cluster not found in the federation gets the original's WARNING instead, and no line.
 * stderr: what stays on a member, and each error of a failed member when several were named.
 */
export function reportUnjoin(outcomes: readonly UnjoinOutcome[], options: UnjoinOptions, deps: Pick<Deps, 'stdout' | 'stderr'>, progress: Progress): void {
  const suffix = options.dryRun ? ` (${options.dryRun === 'server' ? 'server ' : ''}dry run)` : '';
  for (const outcome of outcomes) {
    if (outcome.notFound) {
      progress.warn(`cluster "${outcome.clusterName}" not found in federation, so its credentials' secret couldn't be deleted`);
      continue;
    }
    if (outcome.left.length > 0) progress.warn(`left on cluster "${outcome.clusterName}": ${outcome.left.join(', ')}`);
    if (!outcome.ok) {
      if (outcomes.length > 1) for (const error of outcome.errors) deps.stderr.write(`error: cluster "${outcome.clusterName}": ${error}\n`);
      continue;
    }
    if (options.output === 'name') deps.stdout.write(`cluster/${outcome.clusterName}\n`);
    else if (options.output === undefined) deps.stdout.write(`Successfully removed cluster "${outcome.clusterName}" from federation${suffix}\n`);
  }
  if (options.output === 'json' || options.output === 'yaml') {
    const result = unjoinResult(outcomes, options);
    deps.stdout.write(options.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : yaml.dump(result, { lineWidth: -1, noRefs: true }));
  }
}

export function unjoinResult(outcomes: readonly UnjoinOutcome[], options: UnjoinOptions): Record<string, unknown> {
  return {
    apiVersion: 'kubefed/v1',
    kind: 'UnjoinResult',
    dryRun: options.dryRun ?? null,
    clusters: outcomes.map((o) => ({
      name: o.clusterName,
      found: !o.notFound,
      removed: o.ok && !o.notFound,
      objects: o.removals.map(removalResult),
      left: o.left,
      errors: o.errors,
    })),
  };
}
