/**
 * Plan step of destroy (pure): what happens to each control-plane object on the host, in the
 * reverse of init's creation order, grouped in init's steps. An object is deleted only when it
 * carries this federation's annotation; the expected names are listed even when missing so that
 * a second destroy can say they are already gone.
 */
import {
  APISERVER_CREDENTIALS_SECRET,
  APISERVER_NAME,
  CA_KEY_SECRET,
  CONTROLLER_MANAGER_KUBECONFIG_SECRET,
  CONTROLLER_MANAGER_NAME,
  CONTROLLER_MANAGER_ROLE,
  CONTROLLER_MANAGER_SA,
  DNS_PROVIDER_SECRET,
  ETCD_CLAIM_NAME,
  FEDERATION_NAME_ANNOTATION,
} from '../constants.js';
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

export type HostStepName = 'deployments' | 'credentials' | 'service' | 'namespace';

export interface HostStep {
  readonly step: HostStepName;
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

/** The kinds listed in the namespace; an `apiVersion` of undefined is the host's RBAC version (skipped without RBAC). */
export const INVENTORY_KINDS: readonly { apiVersion?: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { kind: 'RoleBinding' },
  { kind: 'Role' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'Service' },
];

export function planHostDeletion(inventory: HostInventory, input: HostPlanInput): HostStep[] {
  const ns = input.namespace;
  const rbac = inventory.rbacVersion ? `${RBAC_GROUP}/${inventory.rbacVersion}` : undefined;
  const ref = (apiVersion: string, kind: string, name: string): ObjectRef => ({ apiVersion, kind, name, namespace: ns });
  const decide = createDecider(inventory, input);
  const isControllerManager = (name: string): number => Number(name.endsWith(CONTROLLER_MANAGER_NAME));
  // The controller managers go first (the reverse of init's order): they talk to the API server.
  const deployments = withExtras([CONTROLLER_MANAGER_NAME, APISERVER_NAME], oursOfKind(inventory, input.federationName, 'Deployment')).sort(
    (a, b) => isControllerManager(b) - isControllerManager(a),
  );

  const componentRefs = [
    ...deployments.map((name) => ref('apps/v1', 'Deployment', name)),
    ref('v1', 'Secret', DNS_PROVIDER_SECRET),
    ...(rbac ? [ref(rbac, 'RoleBinding', CONTROLLER_MANAGER_ROLE), ref(rbac, 'Role', CONTROLLER_MANAGER_ROLE)] : []),
    ...(rbac ? extraRefs(inventory, input.federationName, 'RoleBinding', [CONTROLLER_MANAGER_ROLE], rbac, ns) : []),
    ...(rbac ? extraRefs(inventory, input.federationName, 'Role', [CONTROLLER_MANAGER_ROLE], rbac, ns) : []),
    ...withExtras([CONTROLLER_MANAGER_SA], oursOfKind(inventory, input.federationName, 'ServiceAccount')).map((name) => ref('v1', 'ServiceAccount', name)),
  ];
  const initSecrets = [CONTROLLER_MANAGER_KUBECONFIG_SECRET, CA_KEY_SECRET, APISERVER_CREDENTIALS_SECRET];
  const credentialRefs = [
    ...withExtras([ETCD_CLAIM_NAME], oursOfKind(inventory, input.federationName, 'PersistentVolumeClaim')).map((name) => ref('v1', 'PersistentVolumeClaim', name)),
    ...initSecrets.map((name) => ref('v1', 'Secret', name)),
    // Join's per-cluster credentials that an unjoin did not get to, and older versions' names.
    ...extraRefs(inventory, input.federationName, 'Secret', [...initSecrets, DNS_PROVIDER_SECRET], 'v1', ns),
  ];
  const serviceRefs = withExtras([APISERVER_NAME], oursOfKind(inventory, input.federationName, 'Service')).map((name) => ref('v1', 'Service', name));

  const todo = (refs: ObjectRef[]): HostDecision[] => refs.filter((r) => !input.handled?.has(`${r.kind}/${r.name}`)).map(decide);
  return [
    { step: 'deployments', title: 'Deleting federation component deployments', decisions: todo(componentRefs) },
    { step: 'credentials', title: 'Deleting federation control plane objects (credentials, persistent volume claim)', decisions: todo(credentialRefs) },
    { step: 'service', title: 'Deleting federation control plane service', decisions: todo(serviceRefs) },
    { step: 'namespace', title: `Deleting namespace ${ns}`, decisions: [decideNamespace(inventory, input)] },
  ];
}

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

/** The expected names first, then any other name of ours (older versions prefixed `<fed>-`). */
function withExtras(expected: readonly string[], ours: readonly string[]): string[] {
  return [...expected, ...ours.filter((name) => !expected.includes(name))];
}

function extraRefs(inventory: HostInventory, federationName: string, kind: string, expected: readonly string[], apiVersion: string, namespace: string): ObjectRef[] {
  return oursOfKind(inventory, federationName, kind)
    .filter((name) => !expected.includes(name))
    .map((name) => ({ apiVersion, kind, name, namespace }));
}
