import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/k8s/types.js';
import { planHostDeletion, type HostInventory, type HostPlanInput } from '../../../src/destroy/plan.js';

const FED = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' };
const RBAC = 'rbac.authorization.k8s.io/v1';
const ROLE = 'federation-system:federation-controller-manager';

/** `annotations: null` makes an object without any (someone else's). */
const obj = (apiVersion: string, kind: string, name: string, annotations: Record<string, string> | null = FED): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'federation-system', ...(annotations ? { annotations } : {}) },
});

/** Everything init creates with a DNS provider config on a host with RBAC. */
function initObjects(): K8sObject[] {
  return [
    obj('v1', 'Service', 'apiserver'),
    obj('v1', 'Secret', 'apiserver-credentials'),
    obj('v1', 'Secret', 'federation-ca'),
    obj('v1', 'Secret', 'controller-manager-kubeconfig'),
    obj('v1', 'PersistentVolumeClaim', 'apiserver-etcd-claim'),
    obj('apps/v1', 'Deployment', 'apiserver'),
    obj('v1', 'ServiceAccount', 'federation-controller-manager'),
    obj(RBAC, 'Role', ROLE),
    obj(RBAC, 'RoleBinding', ROLE),
    obj('v1', 'Secret', 'federation-dns-provider.conf'),
    obj('apps/v1', 'Deployment', 'controller-manager'),
  ];
}

const NAMESPACE: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system', annotations: FED } };
const INPUT: HostPlanInput = { federationName: 'fellowship', namespace: 'federation-system', keepData: false };

/** `step: Kind/name action[ (note)]` per decision, for compact expectations. */
function summarize(inventory: HostInventory, input: HostPlanInput = INPUT): string[] {
  return planHostDeletion(inventory, input).flatMap((step) =>
    step.decisions.map((d) => `${step.step}: ${d.ref.kind}/${d.ref.name} ${d.action}${d.note ? ` (${d.note})` : ''}`),
  );
}

describe('planHostDeletion', () => {
  it("deletes init's objects in the reverse of init's order, grouped in init's steps", () => {
    expect(summarize({ namespace: NAMESPACE, rbacVersion: 'v1', objects: initObjects() })).toEqual([
      'deployments: Deployment/controller-manager delete',
      'deployments: Deployment/apiserver delete',
      'deployments: Secret/federation-dns-provider.conf delete',
      `deployments: RoleBinding/${ROLE} delete`,
      `deployments: Role/${ROLE} delete`,
      'deployments: ServiceAccount/federation-controller-manager delete',
      'credentials: PersistentVolumeClaim/apiserver-etcd-claim delete',
      'credentials: Secret/controller-manager-kubeconfig delete',
      'credentials: Secret/federation-ca delete',
      'credentials: Secret/apiserver-credentials delete',
      'service: Service/apiserver delete',
      'namespace: Namespace/federation-system delete',
    ]);
  });

  it('gives the step titles of the original, reversed', () => {
    expect(planHostDeletion({ objects: [] }, INPUT).map((s) => s.title)).toEqual([
      'Deleting federation component deployments',
      'Deleting federation control plane objects (credentials, persistent volume claim)',
      'Deleting federation control plane service',
      'Deleting namespace federation-system',
    ]);
  });

  it('uses the RBAC version the host serves, and looks for no Role without RBAC', () => {
    const withV1beta1 = planHostDeletion({ namespace: NAMESPACE, rbacVersion: 'v1beta1', objects: [] }, INPUT)[0].decisions.map((d) => d.ref.apiVersion);
    expect(withV1beta1).toContain('rbac.authorization.k8s.io/v1beta1');
    const without = summarize({ namespace: NAMESPACE, objects: [] }).filter((line) => line.startsWith('deployments'));
    expect(without).toEqual([
      'deployments: Deployment/controller-manager gone',
      'deployments: Deployment/apiserver gone',
      'deployments: Secret/federation-dns-provider.conf gone',
      'deployments: ServiceAccount/federation-controller-manager gone',
    ]);
  });

  it('reports every expected object as gone when nothing is there', () => {
    const lines = summarize({ objects: [] }, INPUT);
    expect(lines.every((line) => line.endsWith(' gone'))).toBe(true);
    expect(lines.at(-1)).toBe('namespace: Namespace/federation-system gone');
  });

  it("leaves objects without this federation's annotation alone, saying whose they are", () => {
    const objects = initObjects().map((o) =>
      o.metadata.name === 'apiserver' && o.kind === 'Service' ? obj('v1', 'Service', 'apiserver', null) : o.kind === 'Role' ? obj(RBAC, 'Role', ROLE, { 'federation.alpha.kubernetes.io/federation-name': 'other' }) : o,
    );
    const lines = summarize({ namespace: NAMESPACE, rbacVersion: 'v1', objects });
    expect(lines).toContain('service: Service/apiserver foreign (it was not created by kubefed init for federation "fellowship")');
    expect(lines).toContain(`deployments: Role/${ROLE} foreign (it belongs to federation "other")`);
  });

  it('with --keep-data keeps the claim and the namespace', () => {
    const lines = summarize({ namespace: NAMESPACE, rbacVersion: 'v1', objects: initObjects() }, { ...INPUT, keepData: true });
    expect(lines).toContain('credentials: PersistentVolumeClaim/apiserver-etcd-claim keep (--keep-data)');
    expect(lines.at(-1)).toBe('namespace: Namespace/federation-system keep (--keep-data keeps the etcd claim in it)');
    expect(lines.filter((l) => l.includes(' delete'))).toHaveLength(10);
  });

  it('keeps a namespace that existed before init (no annotation) or belongs to another federation', () => {
    const plain = { ...NAMESPACE, metadata: { name: 'federation-system' } };
    expect(summarize({ namespace: plain, objects: [] }).at(-1)).toBe('namespace: Namespace/federation-system keep (it existed before kubefed init)');
    const other = { ...NAMESPACE, metadata: { name: 'federation-system', annotations: { 'federation.alpha.kubernetes.io/federation-name': 'other' } } };
    expect(summarize({ namespace: other, objects: [] }).at(-1)).toBe('namespace: Namespace/federation-system keep (it belongs to federation "other")');
  });

  it("adds leftover Secrets of this federation (join's) after init's, and skips what the unjoin step handled", () => {
    const objects = [
      ...initObjects(),
      obj('v1', 'Secret', 'gondor-bcdfg'),
      obj('v1', 'Secret', 'rohan-xkcdq'),
      obj('v1', 'Secret', 'users-secret', null),
    ];
    const credentials = summarize({ namespace: NAMESPACE, rbacVersion: 'v1', objects }, { ...INPUT, handled: new Set(['Secret/gondor-bcdfg']) }).filter((l) => l.startsWith('credentials'));
    expect(credentials).toEqual([
      'credentials: PersistentVolumeClaim/apiserver-etcd-claim delete',
      'credentials: Secret/controller-manager-kubeconfig delete',
      'credentials: Secret/federation-ca delete',
      'credentials: Secret/apiserver-credentials delete',
      'credentials: Secret/rohan-xkcdq delete',
    ]);
  });

  it("finds the older versions' <fed>- prefixed names by annotation, controller managers first", () => {
    const objects = [
      obj('apps/v1', 'Deployment', 'fellowship-apiserver'),
      obj('apps/v1', 'Deployment', 'fellowship-controller-manager'),
      obj('v1', 'Service', 'fellowship-apiserver'),
      obj('v1', 'PersistentVolumeClaim', 'fellowship-apiserver-etcd-claim'),
    ];
    const lines = summarize({ namespace: NAMESPACE, objects }).filter((l) => !l.endsWith(' gone'));
    expect(lines).toEqual([
      'deployments: Deployment/fellowship-controller-manager delete',
      'deployments: Deployment/fellowship-apiserver delete',
      'credentials: PersistentVolumeClaim/fellowship-apiserver-etcd-claim delete',
      'service: Service/fellowship-apiserver delete',
      'namespace: Namespace/federation-system delete',
    ]);
  });
});
