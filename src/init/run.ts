import { readFileSync } from 'node:fs';
import { createFederationPki, randomUuid } from '../certs/index.js';
import { APISERVER_NAME } from '../constants.js';
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import { CliError } from '../errors.js';
import { createApplier, type Applier, type ApplyResult } from '../k8s/apply.js';
import { describeRef } from '../k8s/refs.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import { lockKubeconfigFiles } from '../kubeconfig/lock.js';
import { updateKubeconfig } from '../kubeconfig/write.js';
import type { Progress, StepHandle } from '../output/progress.js';
import { clientOptions, kubeconfigPaths, progressFor } from '../session.js';
import { resolveNodePortEndpoint, waitForLoadBalancer, type Endpoint } from './endpoint.js';
import { readExistingState } from './existing.js';
import { resolveHostContext } from '../federation/locate-host.js';
import { checkKubeconfigOwnership } from './kubeconfig-owner.js';
import { resolveInitOptions, type InitFlags, type InitOptions } from './options.js';
import { buildApiserverService, planInit, planObjects, type InitPlan } from './plan.js';
import { buildNamespace } from './objects/namespace.js';
import { optionalFieldsToClear } from './objects/optional-fields.js';
import { printDryRun, printResult, type InitReport } from './report.js';
import { waitForControlPlane } from './wait-ready.js';
import type { AuthSecrets } from './objects/secrets.js';

function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Everything one init run needs besides the options. */
interface Run {
  deps: Deps;
  options: InitOptions;
  progress: Progress;
  host: ClusterClient;
  applier: Applier;
  deadline: number;
  report: InitReport;
  /** What the server answered for each object (shown by a server dry run). */
  sent: K8sObject[];
}

/** Runs one named step: "message... done", or "message... failed" before the error surfaces. */
async function inStep<T>(progress: Progress, message: string, fn: (step: StepHandle) => Promise<T>): Promise<T> {
  const step = progress.step(message);
  try {
    const value = await fn(step);
    step.done();
    return value;
  } catch (err) {
    step.fail();
    throw err;
  }
}

const now = (deps: Deps): number => deps.now().getTime();

/** kubefed init: resolve → validate (pure, exit 2) → run (namespace, service, credentials, deployments, kubeconfig, wait). */
export async function runInit(flags: InitFlags, deps: Deps): Promise<void> {
  const options = resolveInitOptions(flags, { cwd: deps.cwd, readFile: readFileOrUndefined });
  const paths = kubeconfigPaths(deps, options.kubeconfig);
  // With --credentials-kubeconfig the host comes from that file, so --kubeconfig may name a new file.
  const loaded = loadKubeconfig(paths, { allowMissingExplicit: Boolean(options.credentialsKubeconfig) });
  const hostContext = resolveHostContext(
    options.credentialsKubeconfig ? loadKubeconfig(kubeconfigPaths(deps, options.credentialsKubeconfig)) : loaded,
    options,
  );
  const { ours } = checkKubeconfigOwnership(loaded, options.federationName, options.namespace, options.overwrite);

  if (!options.dryRun) {
    // A lock left by a crashed writer would stop the kubeconfig update at the very end, after the
    // control plane exists: find out before anything is sent.
    const release = await lockKubeconfigFiles(paths.paths, { sleep: deps.sleep, randomBytes: deps.randomBytes, waitBudgetMs: 5000 });
    await release();
  }
  const deadline = now(deps) + options.timeoutMs;
  const host = await deps.clients.forContext(hostContext, clientOptions(deps, options.requestTimeoutMs, deadline));
  const progress = progressFor(deps, options.quiet);
  const run: Run = {
    deps,
    options,
    progress,
    host,
    applier: createApplier({ dryRun: options.dryRun, absentFields: optionalFieldsToClear }),
    deadline,
    report: { apiVersion: 'kubefed/v1', kind: 'InitResult', federation: options.federationName, hostContext: hostContext.name, namespace: options.namespace, objects: [], dryRun: options.dryRun },
    sent: [],
  };

  // Reads only: RBAC discovery (the original skipped RBAC objects without it) and what a previous run left.
  const rbacVersion = await firstContact(hostContext.name, () => (options.credentialsKubeconfig ? Promise.resolve(undefined) : discoverRbacVersion(host)));
  const adminUser = ours ? loaded.users.get(options.federationName)?.entry.user : undefined;
  const existing = await readExistingState(host, { namespace: options.namespace, federationName: options.federationName, hostContext: hostContext.name }, adminUser);
  // A first install needs all four keys: generate them while the namespace and service are created.
  const generateKeyPair = existing.namespaceExists ? deps.generateKeyPair : prefetchKeys(deps.generateKeyPair, 4);

  await inStep(progress, `Creating a namespace ${options.namespace} for federation system components`, async () => {
    // An existing namespace is reused as it is (the original's behaviour since fed v1.9.0-alpha.3).
    if (existing.namespaceExists) run.report.objects.push({ kind: 'Namespace', name: options.namespace, action: 'kept' });
    else await apply(run, [buildNamespace(options)]);
  });

  const endpoint = await inStep(progress, 'Creating federation control plane service', async (step) => {
    const [service] = await apply(run, [buildApiserverService(options)]);
    return resolveEndpoint(run, service?.object, step.tick);
  });

  const plan = await inStep(progress, 'Creating federation control plane objects (credentials, persistent volume claim)', async () => {
    const pki = await createFederationPki({
      federationName: options.federationName,
      namespace: options.namespace,
      serviceName: APISERVER_NAME,
      ips: endpoint.ips,
      hostnames: endpoint.hostnames,
      now: deps.now(),
      randomBytes: deps.randomBytes,
      generateKeyPair,
      existing: existing.pki,
    });
    run.report.certificates = { reused: pki.reused, generated: pki.generated };
    const planned = planInit(options, {
      rbacVersion,
      endpoint,
      pki: pki.pki,
      auth: authSecrets(options, existing.auth, deps),
      namespaceExists: existing.namespaceExists,
      hostContext: hostContext.name,
    });
    await apply(run, stepObjects(planned, 'credentials'));
    return planned;
  });

  await inStep(progress, 'Creating federation component deployments', () => apply(run, stepObjects(plan, 'deployments')));

  if (options.dryRun) {
    printDryRun(deps, options, options.dryRun === 'client' ? planObjects(plan) : run.sent, plan.kubeconfig);
    progress.info('Federation control plane runs (dry run)');
    return;
  }

  const written = await inStep(progress, 'Updating kubeconfig', () =>
    updateKubeconfig(
      paths,
      { ...plan.kubeconfig, ...(options.setCurrentContext ? { currentContext: options.federationName } : {}) },
      { overwrite: ours || options.overwrite, sleep: deps.sleep, randomBytes: deps.randomBytes },
    ),
  );
  run.report.kubeconfig = { file: paths.explicit ? paths.paths[0] : loaded.writeTarget, context: options.federationName, added: written.added, updated: written.updated };

  if (options.wait) {
    await inStep(progress, 'Waiting for federation control plane to come up', (step) =>
      waitForControlPlane(host, options.namespace, {
        deadline,
        timeoutMs: options.timeoutMs,
        now: () => now(deps),
        sleep: deps.sleep,
        onTick: step.tick,
        federation: () =>
          deps.clients.forContext(
            resolveContext(loadKubeconfig(paths), options.federationName, '--context'),
            clientOptions(deps, options.requestTimeoutMs, deadline),
          ),
      }),
    );
  }
  reportSummary(run);
  printResult(deps, options, { ...run.report, endpoint: plan.endpointUrl, runningAt: plan.runningAt, waited: options.wait });
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

/** Starts `count` key generations now (they run on the thread pool) and hands them out in order. */
function prefetchKeys(generate: Deps['generateKeyPair'], count: number): Deps['generateKeyPair'] {
  const ready = Array.from({ length: count }, () => generate());
  for (const key of ready) key.catch(() => undefined); // surfaced when handed out
  return () => ready.shift() ?? generate();
}

function stepObjects(plan: InitPlan, step: InitPlan['steps'][number]['step']): K8sObject[] {
  return plan.steps.find((s) => s.step === step)?.objects ?? [];
}

/** Token and password (and their user ids) for the optional auth files: reused on a re-run, else random. */
function authSecrets(options: InitOptions, existing: AuthSecrets, deps: Deps): AuthSecrets {
  const auth: AuthSecrets = {};
  if (options.auth.token) {
    auth.token = existing.token ?? randomUuid(deps.randomBytes);
    auth.tokenUid = existing.tokenUid ?? randomUuid(deps.randomBytes);
  }
  if (options.auth.basic) {
    auth.password = existing.password ?? randomUuid(deps.randomBytes);
    auth.passwordUid = existing.passwordUid ?? randomUuid(deps.randomBytes);
  }
  return auth;
}

/** Sends the objects through the run's applier, in order, reporting each (planned, in a client dry run). */
async function apply(run: Run, objects: K8sObject[]): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const object of objects) {
    const result = await run.applier.apply(run.host, object);
    results.push(result);
    const { dryRun, verbose } = run.options;
    run.report.objects.push({ kind: result.ref.kind, name: result.ref.name, action: dryRun === 'client' ? 'planned' : result.action });
    if (dryRun === 'client') continue;
    run.sent.push(result.object);
    if (verbose && !result.unchecked) run.progress.info(`  ${describeRef(result.ref)} ${result.action}${dryRun ? ' (server dry run)' : ''}`);
  }
  return results;
}

async function resolveEndpoint(run: Run, service: K8sObject | undefined, tick: () => void): Promise<Endpoint> {
  const { options, deps } = run;
  if (options.service.type === 'NodePort') {
    const assigned = (service?.spec as { ports?: { nodePort?: number }[] } | undefined)?.ports?.[0]?.nodePort;
    // A dry run has no node port unless the server (server dry run) or the flag chose one.
    if (!service || (options.dryRun && !assigned)) {
      const ips = options.service.advertiseAddress ? [options.service.advertiseAddress] : [];
      return { ips, hostnames: [], nodePort: options.service.nodePort };
    }
    return resolveNodePortEndpoint(run.host, service, options.service.advertiseAddress);
  }
  if (options.dryRun) return { ips: [], hostnames: [] }; // no address is assigned to a Service that was not created
  return waitForLoadBalancer(run.host, options.namespace, { deadline: run.deadline, now: () => now(deps), sleep: deps.sleep, onTick: tick });
}

function reportSummary(run: Run): void {
  const count = (action: string) => run.report.objects.filter((o) => o.action === action).length;
  run.progress.info(`Objects: ${count('created')} created, ${count('kept')} kept, ${count('repaired')} repaired`);
}
