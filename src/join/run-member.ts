/**
 * Run step of join for one member: apply the planned steps in order and, if one fails, delete
 * in reverse order, by name, every object this run created or tried to create
 * (docs/architecture.md, "Failure policies"), unless --retain.
 */
import { TimeoutError } from '../errors.js';
import type { Deps } from '../deps.js';
import { describeError } from '../describe-error.js';
import { createApplier, type Applier } from '../k8s/apply.js';
import type { ClusterClient, K8sObject, ObjectRef } from '../k8s/types.js';
import { isBeingDeleted, untilNamespaceGone } from '../k8s/namespace-deletion.js';
import { pollUntil } from '../k8s/wait.js';
import { describeObject, type ObjectAction, type Where } from '../federation/where.js';
import { refOf } from '../k8s/refs.js';
import { noteStep } from '../run-state.js';
import { writeRetry } from '../session.js';
import { writeKubeDns } from './kube-dns-step.js';
import { KUBE_DNS_REF } from '../dns/kube-dns.js';
import { withTokenData, type JoinStep, type MemberPlan } from './plan.js';
import { updateSecretAccess } from '../federation/secret-access.js';

export interface MemberClients {
  readonly member: ClusterClient;
  readonly host: ClusterClient;
  readonly federation: ClusterClient;
}

export interface MemberRunInput {
  readonly plan: MemberPlan;
  readonly clients: MemberClients;
  readonly serverDryRun: boolean;
  readonly retain: boolean;
  /** The token wait ends here (ms since epoch). */
  readonly deadline: number;
  readonly deps: Pick<Deps, 'now' | 'sleep'> & Partial<Pick<Deps, 'randomBytes'>>;
  /**
   * What the preflight read of the member's namespace and ServiceAccount, of the Cluster and of
   * the host Secret (`null`: not there; left out: not read), so that their writes do not read
   * them again.
   */
  readonly known?: {
    readonly namespace?: K8sObject | null;
    readonly serviceAccount?: K8sObject | null;
    readonly cluster?: K8sObject | null;
    readonly hostSecret?: K8sObject | null;
  };
  /** One progress line for this member (the caller prefixes the cluster name). */
  readonly log: (line: string) => void;
}

export interface AppliedObject {
  readonly where: Where;
  readonly ref: ObjectRef;
  readonly action: ObjectAction;
}

export interface MemberOutcome {
  readonly clusterName: string;
  readonly ok: boolean;
  readonly error?: unknown;
  readonly applied: AppliedObject[];
  /** The Cluster as the federation API server answered (or would store, in dry run). */
  readonly cluster?: K8sObject;
  readonly clusterAction?: ObjectAction;
  readonly rolledBack: string[];
  readonly retained: string[];
  readonly warnings: string[];
}

/** Placeholder for the token the token controller would issue; only server dry run prints it. */
export const DRY_RUN_TOKEN = Buffer.from('<token issued once the Secret exists>', 'utf8').toString('base64');

/** The token controller usually answers within milliseconds: look again quickly at first, then every 500 ms. */
const TOKEN_FAST_POLL_MS = 50;
const TOKEN_FAST_PHASE_MS = 1_000;
const TOKEN_POLL_MS = 500;

export async function runMember(input: MemberRunInput): Promise<MemberOutcome> {
  const { plan, clients, log } = input;
  const applied: AppliedObject[] = [];
  const warnings: string[] = [];
  let tokenSecret: K8sObject | undefined;
  let cluster: K8sObject | undefined;
  let clusterAction: ObjectAction | undefined;
  const dryRun = input.serverDryRun ? ('server' as const) : undefined;
  const applier = createApplier<Where>({ dryRun, retry: writeRetry(input.deps, input.deadline) });
  // The Secret name this run granted the controller manager, taken back on rollback.
  let granted: { namespace: string; secret: string } | undefined;
  // Member namespaces this run created: nothing of ours can be in them yet.
  const freshNamespaces = new Set<string>();
  let known = input.known;
  try {
    for (const step of plan.steps) {
      if (step.kind === 'grant-secret') {
        // Silent, like the Secret's own line: the Role is init's object, only its list of names changes.
        const result = await updateSecretAccess(applier, clients.host, step.namespace, { add: [step.secret] });
        if (result === 'updated' && !dryRun) granted = step;
        continue;
      }
      if (step.kind === 'wait-token') {
        noteStep(`joining cluster "${plan.clusterName}": waiting for the token of ${describeObject('member', step.secret)}`);
        tokenSecret = input.serverDryRun ? undefined : await waitForToken(clients.member, step, input);
        continue;
      }
      if (step.kind === 'kube-dns') {
        noteStep(`joining cluster "${plan.clusterName}": adding the federation's entries to ${describeObject('member', KUBE_DNS_REF)}`);
        const result = await writeKubeDns(applier, clients.member, step.entries, plan.clusterName);
        warnings.push(...result.warnings);
        applied.push({ where: 'member', ref: KUBE_DNS_REF, action: result.action });
        log(result.line);
        continue;
      }
      const client = clients[step.where];
      const memberNamespace = step.where === 'member' && step.object.apiVersion === 'v1' && step.object.kind === 'Namespace';
      if (memberNamespace) {
        // A namespace being deleted (an unjoin moments ago) takes no new objects: wait until it is gone.
        const live = known?.namespace !== undefined ? known.namespace : ((await client.get(refOf(step.object))) ?? null);
        known = { ...known, namespace: live };
        if (isBeingDeleted(live)) {
          await waitNamespaceGone(client, step.object.metadata.name, input);
          known = { ...known, namespace: null, serviceAccount: null };
        }
      }
      noteStep(`joining cluster "${plan.clusterName}": writing ${describeObject(step.where, refOf(step.object))}`);
      let desired = step.object;
      if (step.fillFromToken) desired = tokenSecret ? withTokenData(desired, tokenSecret) : withPlaceholderToken(desired);
      // An existing namespace or token Secret is left exactly as it is (no annotations added, the token kept).
      const knownObject = knownLive(step, known, freshNamespaces);
      const result = await applier.apply(client, desired, { keepExisting: step.policy === 'keep', tag: step.where, knownLive: knownObject });
      if (memberNamespace && result.action === 'created' && !dryRun) {
        freshNamespaces.add(desired.metadata.name);
      }
      const { object } = result;
      const action: ObjectAction = result.action === 'repaired' ? 'configured' : result.action;
      const record = { where: step.where, ref: result.ref, action };
      applied.push(record);
      if (step.where === 'federation') {
        cluster = object;
        clusterAction = action;
      }
      log(`${describeObject(step.where, record.ref)} ${actionText(action, dryRun !== undefined)}`);
    }
    return { clusterName: plan.clusterName, ok: true, applied, cluster, clusterAction, rolledBack: [], retained: [], warnings };
  } catch (error) {
    const undo = await undoCreated(applier, input, granted);
    return { clusterName: plan.clusterName, ok: false, error, applied, rolledBack: undo.rolledBack, retained: undo.retained, warnings };
  }
}

/** The namespace controller first empties a namespace being deleted: seconds on a real cluster. */
async function waitNamespaceGone(client: ClusterClient, name: string, input: MemberRunInput): Promise<void> {
  const what = `namespace "${name}" on cluster "${input.plan.clusterName}"`;
  input.log(`${describeObject('member', { kind: 'Namespace', name })} is being deleted; waiting until it is gone to create it again`);
  noteStep(`joining cluster "${input.plan.clusterName}": waiting for ${what} to be deleted`);
  await untilNamespaceGone(client, name, what, { deadline: input.deadline, now: () => input.deps.now().getTime(), sleep: (ms) => input.deps.sleep(ms) });
}

async function waitForToken(client: ClusterClient, step: Extract<JoinStep, { kind: 'wait-token' }>, input: MemberRunInput): Promise<K8sObject> {
  const hasToken = (secret: K8sObject | undefined): boolean => {
    const data = (secret?.data ?? {}) as Record<string, string>;
    return Boolean(data.token) && Boolean(data['ca.crt']);
  };
  const check = async (): Promise<K8sObject | undefined> => {
    const secret = await client.get(step.secret);
    return hasToken(secret) ? secret : undefined;
  };
  const now = (): number => input.deps.now().getTime();
  const sleep = (ms: number): Promise<void> => input.deps.sleep(ms);
  const fastDeadline = Math.min(input.deadline, now() + TOKEN_FAST_PHASE_MS);
  let poll = await pollUntil(check, { intervalMs: TOKEN_FAST_POLL_MS, deadline: fastDeadline, now, sleep });
  if (poll.timedOut && now() < input.deadline) poll = await pollUntil(check, { intervalMs: TOKEN_POLL_MS, deadline: input.deadline, now, sleep });
  if (poll.timedOut) {
    const why = poll.lastError === undefined ? [] : [`last error: ${describeError(poll.lastError).message}`];
    throw new TimeoutError(
      `timed out waiting for the token controller to fill secret "${step.secret.namespace}/${step.secret.name}" with a token and ca.crt`,
      why,
      'check that the cluster runs the service account token controller, or raise --timeout',
    );
  }
  input.log(`${describeObject('member', step.secret)} filled with a token`);
  return poll.value;
}

/**
 * What this run already knows of the step's object: the preflight's read of it, when it made one;
 * else absent (`null`) when it belongs in a member namespace this run has just created.
 */
function knownLive(step: Extract<JoinStep, { kind: 'apply' }>, known: MemberRunInput['known'], freshNamespaces: ReadonlySet<string>): K8sObject | null | undefined {
  const { kind, metadata } = step.object;
  let read: K8sObject | null | undefined;
  if (step.where === 'member' && kind === 'Namespace') read = known?.namespace;
  if (step.where === 'member' && kind === 'ServiceAccount') read = known?.serviceAccount;
  if (step.where === 'federation' && kind === 'Cluster') read = known?.cluster;
  if (step.where === 'host' && kind === 'Secret') read = known?.hostSecret;
  if (read !== undefined) return read;
  if (step.where === 'member' && metadata.namespace !== undefined && freshNamespaces.has(metadata.namespace)) return null;
  return undefined;
}

function withPlaceholderToken(hostSecret: K8sObject): K8sObject {
  return { ...hostSecret, data: { 'ca.crt': DRY_RUN_TOKEN, namespace: DRY_RUN_TOKEN, token: DRY_RUN_TOKEN } };
}

function actionText(action: ObjectAction, dryRun: boolean): string {
  return dryRun ? `${action} (server dry run)` : action;
}

/**
 * Deletes by name, newest first, every object this run sent a create for: those it saw created,
 * and those whose answer never came (a create that committed before the connection dropped, or
 * that timed out). Nothing that was there before the run is touched. The controller manager's
 * grant of the member's Secret name is taken back first.
 */
async function undoCreated(
  applier: Applier<Where>,
  input: MemberRunInput,
  granted: { namespace: string; secret: string } | undefined,
): Promise<{ rolledBack: string[]; retained: string[] }> {
  const rolledBack: string[] = [];
  const retained: string[] = [];
  if (granted && !input.retain) {
    // The Secret itself is rolled back below; the controller manager's grant of its name goes first.
    try {
      await updateSecretAccess(applier, input.clients.host, granted.namespace, { remove: [granted.secret] });
    } catch (err) {
      input.log(`could not take back the controller manager's read access to secret "${granted.namespace}/${granted.secret}": ${describeError(err).message}`);
    }
  }
  for (const record of [...applier.attempted].reverse()) {
    const label = describeObject(record.tag ?? 'member', record.ref);
    if (input.retain) {
      if (!record.confirmed && !(await record.client.get(record.ref).catch(() => true))) continue;
      retained.push(label);
      input.log(`kept after the failure (--retain): ${label}`);
      continue;
    }
    const result = await applier.remove(record.client, record.ref);
    // A create that never reached the server left nothing to report.
    if (!record.confirmed && result.result === 'already gone') continue;
    if (result.result === 'failed') {
      retained.push(label);
      input.log(`could not roll back ${label}: ${describeError(result.error).message}`);
    } else {
      rolledBack.push(label);
      input.log(`rolled back: ${label} ${result.result === 'deleted' ? 'deleted' : 'already gone'}`);
    }
  }
  return { rolledBack, retained };
}
