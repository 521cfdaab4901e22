/**
 * `kubefed status [FEDERATION]`: resolve as `kubefed certs` does (no network) → read everything
 * (collect.ts) → a table for people or one JSON object → exit 0 when all is healthy, else 1.
 */
import { hostClient, resolveCertsTargets } from '../cert-ops/locate.js';
import type { Deps } from '../deps.js';
import { CliError } from '../errors.js';
import { clientOptions } from '../session.js';
import { collectStatus } from './collect.js';
import type { StatusOptions } from './options.js';
import { renderStatusJson, renderStatusTable, statusProblems } from './render.js';

/** How long requests to the federation API server may be retried. */
const RETRY_BUDGET_MS = 30_000;

export async function runStatus(options: StatusOptions, deps: Deps): Promise<void> {
  const targets = resolveCertsTargets(options, deps);
  const [host, federation] = await Promise.all([
    hostClient(targets, options, deps),
    deps.clients.forContext(targets.federation, clientOptions(deps, options.requestTimeoutMs, deps.now().getTime() + RETRY_BUDGET_MS)),
  ]);
  // A member is tried once per request: "unreachable" is the answer, not a reason to wait.
  const member = (ctx: Parameters<typeof deps.clients.forContext>[0]) => deps.clients.forContext(ctx, { requestTimeoutMs: options.requestTimeoutMs });
  const report = await collectStatus(targets, { host, federation, member }, deps.now(), options.warnDays);
  deps.stdout.write(options.output === 'json' ? renderStatusJson(report) : renderStatusTable(report));
  const problems = statusProblems(report);
  if (problems.length > 0) {
    throw new CliError(`federation "${report.federation}" is not healthy: ${problems.join('; ')}`);
  }
}
