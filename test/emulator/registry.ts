/**
 * The resource types each emulated API server serves, with the names, short names, scopes and
 * subresources a real server announces in discovery.
 */
import type { ResourceType } from './contracts.js';

/** ResourceType plus a few storage behaviours that differ between kinds on a real server. */
export interface EmulatedResourceType extends ResourceType {
  /** metadata.generation is kept (1 on create, +1 when anything but metadata/status changes). */
  generation?: boolean;
  /** DELETE answers with the deleted object instead of a Status Success. */
  returnDeletedObject?: boolean;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface TypeSpec {
  shortNames?: string[];
  status?: boolean;
  cluster?: boolean;
  generation?: boolean;
  returnDeletedObject?: boolean;
}

function define(group: string, version: string, resource: string, kind: string, spec: TypeSpec = {}): EmulatedResourceType {
  const type: EmulatedResourceType = {
    group,
    version,
    resource,
    kind,
    namespaced: !spec.cluster,
    verbs: [...ALL_VERBS],
  };
  if (spec.shortNames) type.shortNames = spec.shortNames;
  if (spec.status) type.subresources = ['status'];
  if (spec.generation) type.generation = true;
  if (spec.returnDeletedObject) type.returnDeletedObject = true;
  // Namespaces are the one served kind without deletecollection.
  if (group === '' && resource === 'namespaces') type.verbs = type.verbs.filter((v) => v !== 'deletecollection');
  return type;
}

const RBAC = 'rbac.authorization.k8s.io';
export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

/** A review kind: create-only, never stored; the server answers from its authorizer. */
function defineReview(kind: string): EmulatedResourceType {
  return { group: AUTHORIZATION_GROUP, version: 'v1', resource: `${kind.toLowerCase()}s`, kind, namespaced: false, verbs: ['create'] };
}

export function isReviewType(type: Pick<ResourceType, 'group'>): boolean {
  return type.group === AUTHORIZATION_GROUP;
}

export interface KubernetesTypeOptions {
  /** false leaves rbac.authorization.k8s.io out, like a member cluster without RBAC. */
  rbac?: boolean;
}

/** What a Kubernetes cluster serves, as far as the tool and the emulated controllers need. */
export function kubernetesResourceTypes(options: KubernetesTypeOptions = {}): EmulatedResourceType[] {
  const types = [
    define('', 'v1', 'namespaces', 'Namespace', { shortNames: ['ns'], status: true, cluster: true }),
    define('', 'v1', 'secrets', 'Secret'),
    define('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
    define('', 'v1', 'services', 'Service', { shortNames: ['svc'], status: true, returnDeletedObject: true }),
    define('', 'v1', 'serviceaccounts', 'ServiceAccount', { shortNames: ['sa'] }),
    define('', 'v1', 'pods', 'Pod', { shortNames: ['po'], status: true, returnDeletedObject: true }),
    define('', 'v1', 'nodes', 'Node', { shortNames: ['no'], status: true, cluster: true }),
    define('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', { shortNames: ['pvc'], status: true }),
    define('', 'v1', 'persistentvolumes', 'PersistentVolume', { shortNames: ['pv'], status: true, cluster: true }),
    define('', 'v1', 'events', 'Event', { shortNames: ['ev'] }),
    define('', 'v1', 'endpoints', 'Endpoints', { shortNames: ['ep'] }),
    define('apps', 'v1', 'deployments', 'Deployment', { shortNames: ['deploy'], status: true, generation: true }),
    define('apps', 'v1', 'replicasets', 'ReplicaSet', { shortNames: ['rs'], status: true, generation: true }),
    // Stored only (no controller runs them): users' workloads that must keep a namespace alive.
    define('apps', 'v1', 'statefulsets', 'StatefulSet', { shortNames: ['sts'], status: true, generation: true }),
    defineReview('SelfSubjectAccessReview'),
    defineReview('SelfSubjectRulesReview'),
    define('batch', 'v1', 'jobs', 'Job', { status: true, generation: true }),
    define('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', { shortNames: ['sc'], cluster: true }),
  ];
  if (options.rbac !== false) {
    types.push(
      define(RBAC, 'v1', 'roles', 'Role'),
      define(RBAC, 'v1', 'rolebindings', 'RoleBinding'),
      define(RBAC, 'v1', 'clusterroles', 'ClusterRole', { cluster: true }),
      define(RBAC, 'v1', 'clusterrolebindings', 'ClusterRoleBinding', { cluster: true }),
    );
  }
  return types;
}

/** What the federation API server serves: its Cluster type plus the federated core types. */
export function federationResourceTypes(): EmulatedResourceType[] {
  return [
    define('', 'v1', 'namespaces', 'Namespace', { shortNames: ['ns'], status: true, cluster: true }),
    define('', 'v1', 'secrets', 'Secret'),
    define('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
    define('', 'v1', 'events', 'Event', { shortNames: ['ev'] }),
    define('federation', 'v1beta1', 'clusters', 'Cluster', { status: true, cluster: true }),
  ];
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function hasStatusSubresource(type: ResourceType): boolean {
  return type.subresources?.includes('status') ?? false;
}
