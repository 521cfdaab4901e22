/**
 * `kubefed init`: resolve (the host context and the kubeconfig entries, no network) → reads (RBAC
 * discovery, what an earlier run left) → the steps of src/init/steps.ts, one progress line each
 * → the dry-run objects, or the summary and the final line.
 */
import { availableParallelism } from 'node:os';
import type { Deps, KeyAlgorithm } from '../deps.js';
import { describeError } from '../describe-error.js';
import { CliError } from '../errors.js';
import { resolveHostContext } from '../federation/locate-host.js';
import { optionalFieldsToClear } from '../federation/objects/optional-fields.js';
import { required } from '../federation/objects/spec.js';
import { createApplier } from '../k8s/apply.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import { loadCredentialsKubeconfig, loadKubeconfig } from '../kubeconfig/load.js';
import { lockKubeconfigFiles } from '../kubeconfig/lock.js';
import type { Progress } from '../output/progress.js';
import { clientOptions, kubeconfigPaths, progressFor, writeRetry } from '../session.js';
import { readExistingState } from './existing.js';
import { checkKubeconfigOwnership, checkKubeconfigWritable } from './kubeconfig-owner.js';
import type { InitOptions } from './options.js';
import { planObjects } from './plan.js';
import { printDryRun, printResult } from './report.js';
import type { InitRun } from './run-context.js';
import { INIT_STEPS } from './steps.js';
import { noteStep } from '../run-state.js';

export async function runInit(options: InitOptions, deps: Deps): Promise<void> {
  // --timeout bounds the whole run, from here.
  const deadline = deps.now().getTime() + options.timeoutMs;
  const paths = kubeconfigPaths(deps, options.kubeconfig);
  // With --credentials-kubeconfig the host comes from that file, so --kubeconfig may name a new file.
  const loaded = loadKubeconfig(paths, { allowMissingExplicit: Boolean(options.credentialsKubeconfig) });
  const hostContext = resolveHostContext(options.credentialsKubeconfig ? loadCredentialsKubeconfig(kubeconfigPaths(deps, options.credentialsKubeconfig)) : loaded, options);
  const { ours } = checkKubeconfigOwnership(loaded, options.federationName, options.namespace, options.overwrite);
  if (!options.dryRun) await checkKubeconfigWritable(loaded, options);
  // A first install needs all four keys: they start now, on the thread pool, and are made while
  // the client's code loads and the pre-flight requests run. bin/kubefed.js makes the pool 8
  // threads, so the file reads of the lock check and of loading code do not queue behind them.
  // A federation this kubeconfig already records most likely keeps its keys.
  const algorithm = options.settings.keyAlgorithm as KeyAlgorithm;
  const generate = () => deps.generateKeyPair(algorithm);
  const earlyKeys = ours ? undefined : startKeys(generate, 4);
  if (!options.dryRun) {
    // A lock left by a crashed writer would stop the kubeconfig update at the very end, after the
    // control plane exists: find out before anything is sent.
    const release = await lockKubeconfigFiles(paths.paths, { sleep: deps.sleep, randomBytes: deps.randomBytes, waitBudgetMs: 5000 });
    await release();
  }
  const host = await deps.clients.forContext(hostContext, clientOptions(deps, options.requestTimeoutMs, deadline));

  // Reads only: RBAC discovery (the original skipped RBAC objects without it) and what a previous run left.
  const rbacVersion = await firstContact(hostContext.name, () => (options.credentialsKubeconfig ? Promise.resolve(undefined) : discoverRbacVersion(host)));
  const adminUser = ours ? loaded.users.get(options.federationName)?.entry.user : undefined;
  const existing = await readExistingState(host, { namespace: options.namespace, federationName: options.federationName, hostContext: hostContext.name }, adminUser, rbacVersion);
  const run: InitRun = {
    deps,
    options,
    progress: progressFor(deps, options.quiet),
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

type KeyPromise = ReturnType<Deps['generateKeyPair']>;

/**
 * Starts `count` key generations on the thread pool, at most one fewer at a time than there are
 * cores, so that the main thread (loading code, TLS, the requests) keeps a core: on 2 cores, one
 * after another measured fastest (npm run bench).
 */
function startKeys(generate: () => KeyPromise, count: number, lanes = Math.max(1, availableParallelism() - 1)): KeyPromise[] {
  const started: KeyPromise[] = [];
  for (let i = 0; i < count; i++) {
    const previous = started[i - lanes];
    started.push(previous ? previous.then(generate, generate) : generate());
  }
  for (const key of started) key.catch(() => undefined); // surfaced when handed out
  return started;
}

/** Hands out the started keys in order, then new ones. */
function handOut(started: KeyPromise[], generate: () => KeyPromise): Deps['generateKeyPair'] {
  return () => started.shift() ?? generate();
}
