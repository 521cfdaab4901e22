/**
 * init's steps as data, in the original's order: the four steps of the control-plane catalogue
 * (src/federation/catalogue.ts), each applying its objects, then the kubeconfig update and the
 * wait. What a step learns (the Service's address, the certificates) becomes a fact the later
 * steps' objects are built from. run.ts executes them, one progress line each.
 */
import { createFederationPki, randomUuid } from '../certs/index.js';
import { APISERVER_NAME, CA_KEY_SECRET } from '../constants.js';
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import { CliError, UsageError } from '../errors.js';
import { buildStepObjects, CONTROL_PLANE_STEPS, type StepName } from '../federation/catalogue.js';
import { required, type AuthSecrets } from '../federation/objects/spec.js';
import type { ApplyResult } from '../k8s/apply.js';
import { describeRef, refOf } from '../k8s/refs.js';
import type { K8sObject } from '../k8s/types.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import { resolveContext } from '../kubeconfig/resolve.js';
import { updateKubeconfig } from '../kubeconfig/write.js';
import type { StepHandle } from '../output/progress.js';
import { clientOptions } from '../session.js';
import { resolveNodePortEndpoint, waitForLoadBalancer, type Endpoint } from './endpoint.js';
import type { InitOptions } from './options.js';
import { controlPlaneFacts, planInit } from './plan.js';
import type { InitRun } from './run-context.js';
import { waitForControlPlane } from './wait-ready.js';

export interface InitStep {
  readonly name: string;
  title(run: InitRun): string;
  /** Whether the step runs at all (always, when left out). */
  when?(run: InitRun): boolean;
  run(run: InitRun, step: StepHandle): Promise<void>;
}

interface ObjectStepHooks {
  before?(run: InitRun): Promise<void> | void;
  after?(run: InitRun, results: readonly ApplyResult[], step: StepHandle): Promise<void>;
}

/** A step of the catalogue: its objects, built from the facts known when it runs, go through the applier. */
function objectStep(name: StepName, hooks: ObjectStepHooks = {}): InitStep {
  const step = CONTROL_PLANE_STEPS.find((s) => s.name === name) as (typeof CONTROL_PLANE_STEPS)[number];
  return {
    name,
    title: (run) => step.creating(run.options.namespace),
    async run(run, handle) {
      await hooks.before?.(run);
      const results = await applyAll(run, buildStepObjects(name, run.options, controlPlaneFacts(run.options, run.facts)));
      await hooks.after?.(run, results, handle);
    },
  };
}

export const INIT_STEPS: readonly InitStep[] = [
  objectStep('namespace', {
    // The catalogue leaves an existing namespace out; the report still names it.
    before: (run) => {
      if (run.facts.namespaceExists) run.report.objects.push({ kind: 'Namespace', name: run.options.namespace, action: 'kept' });
    },
  }),
  objectStep('service', {
    after: async (run, [service], step) => {
      run.facts.endpoint = await resolveEndpoint(run, service?.object, step.tick);
    },
  }),
  objectStep('credentials', { before: generateCredentials }),
  objectStep('deployments'),
  { name: 'kubeconfig', title: () => 'Updating kubeconfig', when: (run) => !run.options.dryRun, run: writeKubeconfig },
  {
    name: 'wait',
    title: () => 'Waiting for federation control plane to come up',
    when: (run) => !run.options.dryRun && run.options.wait,
    run: waitUntilUp,
  },
];

/**
 * Sends a step's objects through the run's applier together (the CA's key alone first, see
 * writeOrder), and reports each in the catalogue's order (planned, in a client dry run). When one
 * fails, the others are still awaited, so that the applier's record of what was sent is complete
 * before the error surfaces; the error is the first failed object's in the catalogue's order.
 */
async function applyAll(run: InitRun, objects: K8sObject[]): Promise<ApplyResult[]> {
  const byObject = new Map<K8sObject, ApplyResult>();
  const failures = new Map<K8sObject, unknown>();
  const send = async (object: K8sObject): Promise<void> => {
    try {
      byObject.set(object, await run.applier.apply(run.host, object, { knownLive: cannotExist(run, object) ? null : undefined }));
    } catch (err) {
      failures.set(object, objectFailed(run, object, err));
    }
  };
  for (const batch of writeOrder(objects)) {
    await Promise.all(batch.map(send));
    const failed = objects.find((object) => failures.has(object));
    if (failed) throw failures.get(failed);
  }
  const results = objects.map((object) => byObject.get(object) as ApplyResult);
  const { dryRun, verbose } = run.options;
  for (const result of results) {
    run.report.objects.push({ kind: result.ref.kind, name: result.ref.name, action: dryRun === 'client' ? 'planned' : result.action });
    if (dryRun === 'client') continue;
    run.sent.push(result.object);
    if (verbose && !result.unchecked) run.progress.info(`  ${describeRef(result.ref)} ${result.action}${dryRun ? ' (server dry run)' : ''}`);
  }
  return results;
}

/**
 * The last error of a failed init names the object the host refused (or never answered for), the
 * cluster, and that running the same command again resumes: what exists is kept.
 */
function objectFailed(run: InitRun, object: K8sObject, err: unknown): unknown {
  if (err instanceof UsageError) return err;
  const described = describeError(err);
  const where = object.metadata.namespace ? ` in namespace ${object.metadata.namespace}` : '';
  return new CliError(
    `${describeRef(refOf(object))}${where} of context "${run.report.hostContext}": ${described.message}; fix that and run the same kubefed init again: it keeps what exists and continues`,
    { exitCode: described.exitCode, hint: described.details.length > 0 ? described.details.join('\n') : undefined, cause: err },
  );
}

/**
 * The CA's key is stored before anything that carries a certificate it signed: a run stopped
 * between the two (a kill, a lost connection) must leave a CA a re-run can reuse, never a CA
 * certificate whose key is gone. So the CA key Secret is a batch of its own, answered before the
 * next batch (everything else of the step, sent together) goes out. Everything is reported in the
 * catalogue's order all the same.
 */
function writeOrder(objects: readonly K8sObject[]): K8sObject[][] {
  const isCaKey = (o: K8sObject): boolean => o.kind === 'Secret' && o.metadata.name === CA_KEY_SECRET;
  return [objects.filter(isCaKey), objects.filter((o) => !isCaKey(o))].filter((batch) => batch.length > 0);
}

/**
 * The namespace was absent when this run began (existing.ts read it): it, and every object in it,
 * cannot exist yet, so the applier creates them without reading them first. Someone else creating
 * one in between still meets adopt-or-fail on the create's AlreadyExists.
 */
function cannotExist(run: InitRun, object: K8sObject): boolean {
  if (run.facts.namespaceExists) return false;
  const { namespace } = run.options;
  return object.kind === 'Namespace' && object.apiVersion === 'v1' ? object.metadata.name === namespace : object.metadata.namespace === namespace;
}

async function resolveEndpoint(run: InitRun, service: K8sObject | undefined, tick: () => void): Promise<Endpoint> {
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
  return waitForLoadBalancer(run.host, options.namespace, { deadline: run.deadline, now: () => deps.now().getTime(), sleep: deps.sleep, onTick: tick });
}

/** The certificates for the address the Service got (reusing an earlier run's), and the auth secrets. */
async function generateCredentials(run: InitRun): Promise<void> {
  const { options, deps, facts } = run;
  const endpoint = required(facts.endpoint, 'API server address');
  const pki = await createFederationPki({
    federationName: options.federationName,
    namespace: options.namespace,
    serviceName: APISERVER_NAME,
    ips: endpoint.ips,
    hostnames: endpoint.hostnames,
    now: deps.now(),
    randomBytes: deps.randomBytes,
    generateKeyPair: run.generateKeyPair,
    existing: run.existing.pki,
  });
  run.report.certificates = { reused: pki.reused, generated: pki.generated };
  facts.pki = pki.pki;
  facts.auth = authSecrets(options, run.existing.auth, deps);
  run.plan = planInit(options, { ...facts, endpoint, pki: pki.pki, auth: facts.auth });
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

async function writeKubeconfig(run: InitRun): Promise<void> {
  const { options, deps, paths } = run;
  const plan = required(run.plan, 'plan');
  const written = await updateKubeconfig(
    paths,
    { ...plan.kubeconfig, ...(options.setCurrentContext ? { currentContext: options.federationName } : {}) },
    { overwrite: run.ours || options.overwrite, sleep: deps.sleep, randomBytes: deps.randomBytes },
  );
  run.report.kubeconfig = { file: paths.explicit ? paths.paths[0] : run.loaded.writeTarget, context: options.federationName, added: written.added, updated: written.updated };
}

async function waitUntilUp(run: InitRun, step: StepHandle): Promise<void> {
  const { options, deps, paths } = run;
  await waitForControlPlane(run.host, options.namespace, {
    deadline: run.deadline,
    timeoutMs: options.timeoutMs,
    now: () => deps.now().getTime(),
    sleep: deps.sleep,
    onTick: step.tick,
    federation: () =>
      deps.clients.forContext(resolveContext(loadKubeconfig(paths), options.federationName, '--context'), clientOptions(deps, options.requestTimeoutMs, run.deadline)),
  });
}
