/**
 * What an emulated Kubernetes cluster serves: every group, version and resource of the recorded
 * real kube-apiserver (discovery-fixture.ts), announced as it announces them. The generic REST
 * store serves every kind (a kind nobody models simply starts empty); the per-kind storage
 * behaviours below are those of kube-apiserver's registry for that kind.
 */
import { discoveryFixture, type DiscoveryResource } from './discovery-fixture.js';
import type { EmulatedResourceType } from './registry.js';

/** Subresources the generic REST code answers; the others are announced but not found here. */
const SERVED_SUBRESOURCES = ['status'];

/** `group/resource` of kinds whose registry strategy keeps metadata.generation. */
const GENERATION = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  '/replicationcontrollers',
  '/podtemplates',
  'autoscaling/horizontalpodautoscalers',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/ingressclasses',
  'networking.k8s.io/networkpolicies',
  'discovery.k8s.io/endpointslices',
  'scheduling.k8s.io/priorityclasses',
  'flowcontrol.apiserver.k8s.io/flowschemas',
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
  'resource.k8s.io/deviceclasses',
  'resource.k8s.io/devicetaintrules',
  'resource.k8s.io/resourceslices',
  'admissionregistration.k8s.io/mutatingadmissionpolicies',
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
]);

/**
 * `group/resource` of kinds whose storage answers a DELETE that removes the object at once with
 * the object itself (ReturnDeletedObject); every other kind answers a Status Success. A delete
 * that only marks the object (finalizers) answers with the object for every kind.
 */
const RETURNS_DELETED_OBJECT = new Set([
  '/namespaces',
  '/pods',
  '/services',
  '/serviceaccounts',
  '/persistentvolumeclaims',
  '/persistentvolumes',
  '/podtemplates',
  '/resourcequotas',
  'storage.k8s.io/storageclasses',
  'storage.k8s.io/csidrivers',
  'storage.k8s.io/csinodes',
  'storage.k8s.io/volumeattachments',
  'storage.k8s.io/volumeattributesclasses',
  'resource.k8s.io/deviceclasses',
  'resource.k8s.io/resourceclaims',
  'resource.k8s.io/resourceclaimtemplates',
  'resource.k8s.io/resourceslices',
]);

const RBAC = 'rbac.authorization.k8s.io';

export interface KubernetesTypeOptions {
  /** false leaves rbac.authorization.k8s.io out, like a member cluster without RBAC. */
  rbac?: boolean;
}

function typeOf(group: string, version: string, main: DiscoveryResource, entries: DiscoveryResource[]): EmulatedResourceType {
  const key = `${group}/${main.name}`;
  const subs = entries.filter((e) => e.name.startsWith(`${main.name}/`));
  const type: EmulatedResourceType = {
    group,
    version,
    resource: main.name,
    kind: main.kind,
    namespaced: main.namespaced,
    verbs: [...main.verbs],
    discovery: [main, ...subs],
  };
  if (main.shortNames?.length) type.shortNames = [...main.shortNames];
  const served = subs.map((s) => s.name.slice(main.name.length + 1)).filter((s) => SERVED_SUBRESOURCES.includes(s));
  if (served.length > 0) type.subresources = served;
  if (GENERATION.has(key)) type.generation = true;
  if (RETURNS_DELETED_OBJECT.has(key)) type.returnDeletedObject = true;
  return type;
}

/** Every resource type of the recorded server, groups and versions in its discovery order. */
export function kubernetesResourceTypes(options: KubernetesTypeOptions = {}): EmulatedResourceType[] {
  const groupVersions = [
    ...discoveryFixture.api.versions.map((version) => ({ group: '', version })),
    ...discoveryFixture.apis.groups.flatMap((g) => g.versions.map((v) => ({ group: g.name, version: v.version }))),
  ].filter((gv) => options.rbac !== false || gv.group !== RBAC);
  return groupVersions.flatMap(({ group, version }) => {
    const entries = discoveryFixture.resources[group ? `${group}/${version}` : version]?.resources ?? [];
    return entries.filter((e) => !e.name.includes('/')).map((main) => typeOf(group, version, main, entries));
  });
}

/** The /version the recorded server reports. */
export function kubernetesVersion(): Record<string, string> {
  return { ...discoveryFixture.version };
}
