/**
 * The resource types each emulated API server serves, with the names, short names, scopes and
 * subresources a real server announces in discovery: a Kubernetes cluster's come from a recorded
 * real server (registry-kubernetes.ts), a federation API server's are defined here.
 */
import type { ResourceType } from './contracts.js';
import type { DiscoveryResource } from './discovery-fixture.js';

/** ResourceType plus a few storage behaviours that differ between kinds on a real server. */
export interface EmulatedResourceType extends ResourceType {
  /** metadata.generation is kept (1 on create, +1 when anything but metadata/status changes). */
  generation?: boolean;
  /** DELETE answers with the deleted object instead of a Status Success. */
  returnDeletedObject?: boolean;
  /** The entries a real server announces for the type and its subresources; derived when absent. */
  discovery?: DiscoveryResource[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface TypeSpec {
  shortNames?: string[];
  status?: boolean;
  cluster?: boolean;
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
  // Namespaces are the one served kind without deletecollection.
  if (group === '' && resource === 'namespaces') type.verbs = type.verbs.filter((v) => v !== 'deletecollection');
  return type;
}

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

/**
 * A create-only kind (the reviews, TokenReview, Binding): answered, never stored, so it has no
 * item paths, no list and no watch.
 */
export function isReviewType(type: Pick<ResourceType, 'verbs'>): boolean {
  return type.verbs.length === 1 && type.verbs[0] === 'create';
}

export { kubernetesResourceTypes, kubernetesVersion, type KubernetesTypeOptions } from './registry-kubernetes.js';

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
