/**
 * Turns a request path into what the API server's RequestInfo would call it: a resource request
 * (group, version, resource, namespace, name, subresource) or a non-resource path.
 */
import type { RequestAttributes, ResourceType, Store } from './contracts.js';
import { isReviewType } from './registry.js';
import { methodNotAllowed, pathNotFound } from './status.js';

export interface ResourceRoute {
  kind: 'resource';
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type DiscoveryRoute =
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string };

export type Route =
  | ResourceRoute
  | ({ kind: 'discovery' } & { doc: DiscoveryRoute })
  | { kind: 'health' }
  | { kind: 'version' }
  | { kind: 'openapi' };

/** Subresources of a namespace that look like a resource name in the path. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const HEALTH_PATHS = /^\/(healthz|livez|readyz)(\/.*)?$/;

function decode(segment: string): string {
  return decodeURIComponent(segment);
}

function groupVersionServed(store: Store, group: string, version: string): boolean {
  return store.types.some((t) => t.group === group && t.version === version);
}

function resourceRoute(store: Store, group: string, version: string, segments: string[], method: string): Route {
  if (!groupVersionServed(store, group, version)) throw pathNotFound();
  if (segments.length === 0) return { kind: 'discovery', doc: { kind: 'resources', group, version } };
  let namespace: string | undefined;
  let rest = segments;
  if (segments[0] === 'namespaces' && segments.length >= 3 && !NAMESPACE_SUBRESOURCES.has(segments[2])) {
    namespace = decode(segments[1]);
    rest = segments.slice(2);
  }
  if (rest.length > 3) throw pathNotFound();
  const type = store.typeForResource(group, version, rest[0]);
  if (!type) throw pathNotFound();
  const name = rest[1] === undefined ? undefined : decode(rest[1]);
  // Create-only kinds have no item paths at all.
  if (name !== undefined && isReviewType(type)) throw pathNotFound();
  const subresource = rest[2];
  if (namespace !== undefined && !type.namespaced) throw pathNotFound();
  if (subresource !== undefined && !(type.subresources ?? []).includes(subresource)) throw pathNotFound();
  if (type.namespaced && namespace === undefined) {
    // Namespaced resources answer only list and watch across all namespaces.
    if (name !== undefined) throw pathNotFound();
    if (method !== 'GET') throw methodNotAllowed();
  }
  if (name === undefined && (method === 'PUT' || method === 'PATCH')) throw methodNotAllowed();
  if (subresource !== undefined && !['GET', 'PUT', 'PATCH'].includes(method)) throw methodNotAllowed();
  if (name !== undefined && method === 'POST') throw methodNotAllowed();
  if (name === undefined && method === 'DELETE' && !type.verbs.includes('deletecollection')) throw methodNotAllowed();
  // The namespace object itself: RequestInfo reports its own name as the namespace.
  const effectiveNamespace = type.resource === 'namespaces' && group === '' ? name : namespace;
  return { kind: 'resource', type, namespace: effectiveNamespace, name, subresource };
}

export function routeRequest(store: Store, method: string, pathname: string): Route {
  if (HEALTH_PATHS.test(pathname)) return { kind: 'health' };
  if (pathname === '/version' || pathname === '/version/') return { kind: 'version' };
  if (pathname === '/openapi' || pathname.startsWith('/openapi/')) return { kind: 'openapi' };
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments[0] === 'api') {
    if (segments.length === 1) return { kind: 'discovery', doc: { kind: 'api' } };
    return resourceRoute(store, '', segments[1], segments.slice(2), method);
  }
  if (segments[0] === 'apis') {
    if (segments.length === 1) return { kind: 'discovery', doc: { kind: 'apis' } };
    if (segments.length === 2) {
      if (!store.types.some((t) => t.group === segments[1])) throw pathNotFound();
      return { kind: 'discovery', doc: { kind: 'group', group: segments[1] } };
    }
    return resourceRoute(store, segments[1], segments[2], segments.slice(3), method);
  }
  throw pathNotFound();
}

/** The verb RBAC sees for a resource request. */
export function verbFor(method: string, route: ResourceRoute, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return route.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

export function attributesFor(method: string, pathname: string, route: Route, watch: boolean): RequestAttributes {
  if (route.kind !== 'resource') {
    return { verb: method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase(), group: '', version: '', resource: '', path: pathname };
  }
  const attrs: RequestAttributes = {
    verb: verbFor(method, route, watch),
    group: route.type.group,
    version: route.type.version,
    resource: route.type.resource,
  };
  if (route.subresource) attrs.subresource = route.subresource;
  if (route.namespace !== undefined) attrs.namespace = route.namespace;
  if (route.name !== undefined) attrs.name = route.name;
  return attrs;
}
