/**
 * The catalogue of a federation control plane: every object init creates on the host, in the
 * original's order, grouped in its four steps, each with its builder and the condition under
 * which init creates it. init's plan is the catalogue built for one run (src/init/plan.ts);
 * destroy deletes the same entries in reverse (src/destroy/plan.ts) and lists their kinds to
 * find what is there. An object added here is created by init and deleted by destroy.
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
} from '../constants.js';
import type { K8sObject } from '../k8s/types.js';
import { buildApiserverDeployment } from './objects/apiserver-deployment.js';
import { buildControllerManagerDeployment } from './objects/controller-manager-deployment.js';
import { buildNamespace } from './objects/namespace.js';
import { buildEtcdClaim, usesEtcdClaim } from './objects/pvc.js';
import { buildControllerManagerRole, buildControllerManagerRoleBinding, buildControllerManagerServiceAccount } from './objects/rbac.js';
import { buildCaSecret, buildControllerManagerKubeconfigSecret, buildCredentialsSecret, buildDnsProviderSecret } from './objects/secrets.js';
import { buildApiserverService } from './objects/service.js';
import type { ControlPlaneFacts, ControlPlaneSpec } from './objects/spec.js';

export type StepName = 'namespace' | 'service' | 'credentials' | 'deployments';

export interface CatalogueStep {
  readonly name: StepName;
  /** init's progress line for the step (the original's). */
  creating(namespace: string): string;
  /** destroy's progress line for the same step. */
  deleting(namespace: string): string;
}

export const CONTROL_PLANE_STEPS: readonly CatalogueStep[] = [
  {
    name: 'namespace',
    creating: (ns) => `Creating a namespace ${ns} for federation system components`,
    deleting: (ns) => `Deleting namespace ${ns}`,
  },
  { name: 'service', creating: () => 'Creating federation control plane service', deleting: () => 'Deleting federation control plane service' },
  {
    name: 'credentials',
    creating: () => 'Creating federation control plane objects (credentials, persistent volume claim)',
    deleting: () => 'Deleting federation control plane objects (credentials, persistent volume claim)',
  },
  { name: 'deployments', creating: () => 'Creating federation component deployments', deleting: () => 'Deleting federation component deployments' },
];

export interface CatalogueEntry {
  readonly step: StepName;
  /** undefined: `rbac.authorization.k8s.io/<the version the host serves>`. */
  readonly apiVersion?: string;
  readonly kind: string;
  /** undefined: the federation's namespace (the Namespace entry). */
  readonly name?: string;
  /** Whether init creates it for this spec and these facts (always, when left out); destroy looks for it regardless. */
  wanted?(spec: ControlPlaneSpec, facts: ControlPlaneFacts): boolean;
  build(spec: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject;
}

const withRbac = (_spec: ControlPlaneSpec, facts: ControlPlaneFacts): boolean => facts.rbacVersion !== undefined;

export const CONTROL_PLANE: readonly CatalogueEntry[] = [
  // An existing namespace is reused as it is (the original's behaviour since fed v1.9.0-alpha.3).
  { step: 'namespace', apiVersion: 'v1', kind: 'Namespace', wanted: (_spec, facts) => !facts.namespaceExists, build: buildNamespace },
  // First, because its address (load-balancer ingress or node port) goes into the server certificate.
  { step: 'service', apiVersion: 'v1', kind: 'Service', name: APISERVER_NAME, build: buildApiserverService },
  { step: 'credentials', apiVersion: 'v1', kind: 'Secret', name: APISERVER_CREDENTIALS_SECRET, build: buildCredentialsSecret },
  { step: 'credentials', apiVersion: 'v1', kind: 'Secret', name: CA_KEY_SECRET, build: buildCaSecret },
  { step: 'credentials', apiVersion: 'v1', kind: 'Secret', name: CONTROLLER_MANAGER_KUBECONFIG_SECRET, build: buildControllerManagerKubeconfigSecret },
  { step: 'credentials', apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: ETCD_CLAIM_NAME, wanted: usesEtcdClaim, build: buildEtcdClaim },
  { step: 'deployments', apiVersion: 'apps/v1', kind: 'Deployment', name: APISERVER_NAME, build: buildApiserverDeployment },
  { step: 'deployments', apiVersion: 'v1', kind: 'ServiceAccount', name: CONTROLLER_MANAGER_SA, wanted: withRbac, build: buildControllerManagerServiceAccount },
  { step: 'deployments', kind: 'Role', name: CONTROLLER_MANAGER_ROLE, wanted: withRbac, build: buildControllerManagerRole },
  { step: 'deployments', kind: 'RoleBinding', name: CONTROLLER_MANAGER_ROLE, wanted: withRbac, build: buildControllerManagerRoleBinding },
  {
    step: 'deployments',
    apiVersion: 'v1',
    kind: 'Secret',
    name: DNS_PROVIDER_SECRET,
    wanted: (_spec, facts) => facts.dnsProviderConfig !== undefined,
    build: buildDnsProviderSecret,
  },
  { step: 'deployments', apiVersion: 'apps/v1', kind: 'Deployment', name: CONTROLLER_MANAGER_NAME, build: buildControllerManagerDeployment },
];

/** The objects init creates in one step, in order. */
export function buildStepObjects(step: StepName, spec: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject[] {
  return CONTROL_PLANE.filter((entry) => entry.step === step && (entry.wanted?.(spec, facts) ?? true)).map((entry) => entry.build(spec, facts));
}
