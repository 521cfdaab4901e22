/**
 * Plan step of destroy (pure): what happens to each control-plane object on the host, in the
 * reverse of init's creation order, grouped in init's steps. An object is deleted only when it
 * carries this federation's annotation; the expected names are listed even when missing so that
 * a second destroy can say they are already gone.
 */
import { CONTROLLER_MANAGER_NAME, FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { CONTROL_PLANE, CONTROL_PLANE_STEPS, type StepName } from '../federation/catalogue.js';
import { RBAC_GROUP } from '../k8s/discovery.js';
import type { K8sObject, ObjectRef } from '../k8s/types.js';

/** What the host holds in the federation's namespace (all reads, made before anything is deleted). */
export interface HostInventory {
  readonly namespace?: K8sObject;
  /** The RBAC version the host serves; undefined: no Role, RoleBinding to look for. */
  readonly rbacVersion?: string;
  /** Live objects of the kinds init creates (INVENTORY_KINDS), in the federation's namespace. */
  readonly objects: readonly K8sObject[];
}

/** `delete`: ours; `gone`: not there; `keep`: ours but kept on request; `foreign`: not ours, left alone. */
export type HostAction = 'delete' | 'gone' | 'keep' | 'foreign';

export interface HostDecision {
  readonly ref: ObjectRef;
  readonly action: HostAction;
  readonly note?: string;
}

export interface HostStep {
  readonly step: StepName;
  readonly title: string;
  readonly decisions: readonly HostDecision[];
}

export interface HostPlanInput {
  readonly federationName: string;
  readonly namespace: string;
  readonly keepData: boolean;
  /** `Kind/name` of host objects the unjoin step already took care of (join's per-cluster Secrets). */
  readonly handled?: ReadonlySet<string>;
}

/** The kinds listed in the namespace: those of the catalogue; an `apiVersion` of undefined is the host's RBAC version. */
export const INVENTORY_KINDS: readonly { apiVersion?: string; kind: string }[] = [
  ...new Map(CONTROL_PLANE.filter((e) => e.kind !== 'Namespace').map((e) => [`${e.apiVersion}/${e.kind}`, { apiVersion: e.apiVersion, kind: e.kind }])).values(),
];

/**
 * The catalogue's steps in reverse, and in each step its objects in reverse, one kind at a time:
 * the Deployments first (controller managers before the API server they talk to), so no pod
 * outlives the Secrets it mounts. After the expected names of a kind come the other objects of
 * that kind carrying this federation's annotation (older versions' `<fed>-` names, join's
 * credentials that an unjoin did not get to), in the first step of init that has the kind.
 */
export function planHostDeletion(inventory: HostInventory, input: HostPlanInput): HostStep[] {
  const rbac = inventory.rbacVersion ? `${RBAC_GROUP}/${inventory.rbacVersion}` : undefined;
  const decide = createDecider(inventory, input);
  const todo = (refs: ObjectRef[]): HostDecision[] => refs.filter((r) => !input.handled?.has(`${r.kind}/${r.name}`)).map(decide);
  return [...CONTROL_PLANE_STEPS].reverse().map((step) => ({
    step: step.name,
    title: step.deleting(input.namespace),
    decisions: step.name === 'namespace' ? [decideNamespace(inventory, input)] : todo(stepRefs(step.name, inventory, input, rbac)),
  }));
}

function stepRefs(step: StepName, inventory: HostInventory, input: HostPlanInput, rbac: string | undefined): ObjectRef[] {
  const entries = CONTROL_PLANE.filter((e) => e.step === step && (e.apiVersion ?? rbac) !== undefined).reverse();
  const kinds = [...new Set(entries.map((e) => e.kind))];
  return kinds.flatMap((kind) => {
    const ofKind = entries.filter((e) => e.kind === kind);
    const apiVersion = (ofKind[0].apiVersion ?? rbac) as string;
    const home = CONTROL_PLANE.find((e) => e.kind === kind)?.step === step;
    const everyExpected = CONTROL_PLANE.filter((e) => e.kind === kind).map((e) => e.name);
    const extras = home ? oursOfKind(inventory, input.federationName, kind).filter((name) => !everyExpected.includes(name)) : [];
    const names = [...ofKind.map((e) => e.name as string), ...extras];
    if (kind === 'Deployment') names.sort((a, b) => isControllerManager(b) - isControllerManager(a));
    return names.map((name) => ({ apiVersion, kind, name, namespace: input.namespace }));
  });
}

const isControllerManager = (name: string): number => Number(name.endsWith(CONTROLLER_MANAGER_NAME));

function createDecider(inventory: HostInventory, input: HostPlanInput): (ref: ObjectRef) => HostDecision {
  const live = new Map(inventory.objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  return (ref) => {
    const found = live.get(`${ref.kind}/${ref.name}`);
    if (!found) return { ref, action: 'gone' };
    const owner = found.metadata.annotations?.[FEDERATION_NAME_ANNOTATION];
    if (owner !== input.federationName) return { ref, action: 'foreign', note: notOursNote(owner, input.federationName) };
    if (ref.kind === 'PersistentVolumeClaim' && input.keepData) return { ref, action: 'keep', note: '--keep-data' };
    return { ref, action: 'delete' };
  };
}

function decideNamespace(inventory: HostInventory, input: HostPlanInput): HostDecision {
  const ref: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: input.namespace };
  const ns = inventory.namespace;
  if (!ns) return { ref, action: 'gone' };
  const owner = ns.metadata.annotations?.[FEDERATION_NAME_ANNOTATION];
  // Without init's annotation the namespace was there before init: it stays, and that is no problem.
  if (owner !== input.federationName) return { ref, action: 'keep', note: owner ? notOursNote(owner, input.federationName) : 'it existed before kubefed init' };
  if (input.keepData) return { ref, action: 'keep', note: '--keep-data keeps the etcd claim in it' };
  return { ref, action: 'delete' };
}

function notOursNote(owner: string | undefined, federationName: string): string {
  return owner ? `it belongs to federation "${owner}"` : `it was not created by kubefed init for federation "${federationName}"`;
}

/** Names of the live objects of a kind that carry this federation's annotation, in listing order. */
function oursOfKind(inventory: HostInventory, federationName: string, kind: string): string[] {
  return inventory.objects.filter((o) => o.kind === kind && o.metadata.annotations?.[FEDERATION_NAME_ANNOTATION] === federationName).map((o) => o.metadata.name);
}
