/**
 * Last step of destroy: the federation's kubeconfig entries go, through the one locked writer.
 * They stay when an earlier step failed, so that running destroy again still finds the host
 * context and namespace init recorded on them.
 */
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import { UsageError } from '../errors.js';
import { planKubeconfigEdit } from '../kubeconfig/edit.js';
import { findReadOnlyKubeconfig, updateKubeconfig } from '../kubeconfig/write.js';
import type { Progress } from '../output/progress.js';
import { planKubeconfigRemoval } from './kubeconfig-removal.js';
import type { DestroyOptions } from './options.js';
import type { KubeconfigReport } from './report.js';
import type { DestroyTargets } from './resolve.js';

export async function removeKubeconfigEntries(
  targets: DestroyTargets,
  options: Pick<DestroyOptions, 'federationName' | 'dryRun' | 'verbose'>,
  context: { deps: Deps; progress: Progress; earlierErrors: number },
): Promise<KubeconfigReport> {
  const { progress, deps } = context;
  const removal = planKubeconfigRemoval({ ...targets, federationName: options.federationName });
  const step = progress.step('Updating kubeconfig');
  const detail = (entries: readonly string[], verb: string): void => {
    if (options.verbose || options.dryRun) for (const entry of entries) progress.info(`  ${entry} ${verb}`);
  };
  if (removal.skipped) {
    step.done(' kept');
    progress.warn(removal.skipped);
    return { result: 'kept', entries: [], note: removal.skipped };
  }
  if (!removal.edit) {
    step.done(' already gone');
    return { result: 'already gone', entries: [] };
  }
  if (context.earlierErrors > 0) {
    const note = `kept so that running kubefed destroy ${options.federationName} again finds the federation`;
    step.done(' kept');
    progress.info(`kubeconfig entries of federation "${options.federationName}" ${note}`);
    return { result: 'kept', entries: removal.entries, note };
  }
  if (options.dryRun) {
    step.done(` done (${options.dryRun === 'server' ? 'server ' : ''}dry run)`);
    detail(removal.entries, 'would be removed');
    return { result: 'would remove', entries: removal.entries };
  }
  try {
    const written = await updateKubeconfig(targets.paths, removal.edit, { overwrite: false, sleep: deps.sleep, randomBytes: deps.randomBytes });
    step.done(written.removed.length > 0 ? ' done' : ' already gone');
    detail(written.removed, 'removed');
    return { result: written.removed.length > 0 ? 'removed' : 'already gone', entries: written.removed };
  } catch (err) {
    step.fail();
    return { result: 'failed', entries: removal.entries, note: `could not update kubeconfig: ${describeError(err).message}` };
  }
}

/**
 * The kubeconfig entries go last, after the control plane: a file they live in that this user
 * cannot write is refused before anything is sent, rather than found out at the end.
 */
export async function checkRemovalWritable(targets: DestroyTargets, federationName: string): Promise<void> {
  const removal = planKubeconfigRemoval({ ...targets, federationName });
  if (!removal.edit) return;
  const problem = await findReadOnlyKubeconfig(planKubeconfigEdit(targets.loaded, removal.edit, { overwrite: false }).files.keys());
  if (problem !== undefined) throw new UsageError(problem);
}
