/**
 * init after its prelude (src/init/run.ts): the client, the reads (RBAC discovery, what an earlier
 * run left), the steps of src/init/steps.ts with one progress line each, then the dry-run objects
 * or the summary. Loaded once the keys are started, so loading this code (the certificate
 * library among it) overlaps their generation.
 */
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import { CliError } from '../errors.js';
import { optionalFieldsToClear } from '../federation/objects/optional-fields.js';
import { required } from '../federation/objects/spec.js';
import { createApplier } from '../k8s/apply.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import { untilNamespaceGone } from '../k8s/namespace-deletion.js';
import type { Progress } from '../output/progress.js';
import { noteStep } from '../run-state.js';
import { clientOptions, progressFor, writeRetry } from '../session.js';
import { readExistingState } from './existing.js';
import { handOut, startKeys } from './keys.js';
import { planObjects } from './plan.js';
import { printDryRun, printResult } from './report.js';
import type { InitRun } from './run-context.js';
import type { InitPrelude } from './run.js';
import { INIT_STEPS } from './steps.js';

export async function runSteps(prelude: InitPrelude, deps: Deps): Promise<void> {
  const { options, deadline, paths, loaded, hostContext, ours, generate, earlyKeys } = prelude;
  const host = await deps.clients.forContext(hostContext, clientOptions(deps, options.requestTimeoutMs, deadline));

  // Reads only: RBAC discovery (the original skipped RBAC objects without it) and what a previous run left.
  const rbacVersion = await firstContact(hostContext.name, () => (options.credentialsKubeconfig ? Promise.resolve(undefined) : discoverRbacVersion(host)));
  const adminUser = ours ? loaded.users.get(options.federationName)?.entry.user : undefined;
  const progress = progressFor(deps, options.quiet);
  const untilGone = (namespace: string): Promise<void> =>
    inStep(progress, `Waiting for namespace "${namespace}", being deleted, to be gone`, (step) =>
      untilNamespaceGone(host, namespace, `namespace "${namespace}" of context "${hostContext.name}"`, {
        deadline,
        now: () => deps.now().getTime(),
        sleep: (ms) => deps.sleep(ms),
        onTick: () => step.tick(),
      }),
    );
  const existing = await readExistingState(host, { namespace: options.namespace, federationName: options.federationName, hostContext: hostContext.name }, adminUser, rbacVersion, untilGone);
  const run: InitRun = {
    deps,
    options,
    progress,
    host,
    applier: createApplier({ dryRun: options.dryRun, absentFields: optionalFieldsToClear, retry: writeRetry(deps, deadline) }),
    deadline,
    paths,
    loaded,
    ours,
    existing,
    generateKeyPair: earlyKeys ? handOut(earlyKeys, generate) : existing.namespaceExists ? generate : handOut(startKeys(generate, 4), generate),
    facts: { rbacVersion, namespaceExists: existing.namespaceExists, memberSecrets: existing.memberSecrets },
    report: { apiVersion: 'kubefed/v1', kind: 'InitResult', federation: options.federationName, hostContext: hostContext.name, namespace: options.namespace, objects: [], dryRun: options.dryRun },
    sent: [],
  };
  for (const step of INIT_STEPS) {
    if (step.when?.(run) ?? true) await inStep(run.progress, step.title(run), (handle) => step.run(run, handle));
  }
  finish(run);
}

/** stdout: the objects of a dry run, else the summary and the original's final line. */
function finish(run: InitRun): void {
  const { options, deps, progress } = run;
  const plan = required(run.plan, 'plan');
  if (options.dryRun) {
    const file = run.paths.explicit ? run.paths.paths[0] : run.loaded.writeTarget;
    printDryRun(deps, options, options.dryRun === 'client' ? planObjects(plan) : run.sent, plan.kubeconfig, file);
    progress.info('Federation control plane runs (dry run)');
    return;
  }
  const count = (action: string) => run.report.objects.filter((o) => o.action === action).length;
  progress.info(`Objects: ${count('created')} created, ${count('kept')} kept, ${count('repaired')} repaired`);
  printResult(deps, options, { ...run.report, endpoint: plan.endpointUrl, runningAt: plan.runningAt, waited: options.wait });
}

/** Runs one named step: "message... done", or "message... failed" before the error surfaces. */
async function inStep(progress: Progress, message: string, fn: (step: ReturnType<Progress['step']>) => Promise<void>): Promise<void> {
  const step = progress.step(message);
  noteStep(message.replace(/\.+$/, ''));
  try {
    await fn(step);
    step.done();
  } catch (err) {
    step.fail();
    throw err;
  }
}

/**
 * The first request to the host says which context failed when the host cannot be reached or
 * refuses the credentials; nothing has been written at that point.
 */
async function firstContact<T>(context: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const described = describeError(err);
    throw new CliError(`host cluster (context "${context}"): ${described.message}; nothing was sent`, {
      exitCode: described.exitCode,
      hint: 'Check --host-cluster-context, and that this machine can reach that cluster with those credentials.',
    });
  }
}
