import { KubeApiError } from '../../src/k8s/api-error.js';
import type { ApiGroupInfo, ApiResourceInfo, ClusterClient, K8sObject, ObjectRef } from '../../src/k8s/types.js';

/**
 * The one in-memory API server of the unit tests (everything that speaks HTTP uses the emulator,
 * test/emulator). It stores objects by kind, namespace and name, logs every call, serves a fixed
 * discovery (core, apps and RBAC v1, or the caller's), and (unless `tokens: false`) fills
 * service-account token Secrets as they are created, as the token controller does.
 */

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const resource = (name: string, kind: string, namespaced = true, verbs = VERBS): ApiResourceInfo => ({ name, kind, namespaced, verbs });

const DISCOVERY: Record<string, ApiResourceInfo[]> = {
  v1: [
    resource('namespaces', 'Namespace', false),
    resource('configmaps', 'ConfigMap'),
    resource('endpoints', 'Endpoints'),
    resource('events', 'Event'),
    resource('persistentvolumeclaims', 'PersistentVolumeClaim'),
    resource('pods', 'Pod'),
    resource('pods/status', 'Pod'),
    resource('secrets', 'Secret'),
    resource('serviceaccounts', 'ServiceAccount'),
    resource('services', 'Service'),
  ],
  'apps/v1': [resource('deployments', 'Deployment'), resource('replicasets', 'ReplicaSet')],
  'rbac.authorization.k8s.io/v1': [
    resource('clusterrolebindings', 'ClusterRoleBinding', false),
    resource('clusterroles', 'ClusterRole', false),
    resource('rolebindings', 'RoleBinding'),
    resource('roles', 'Role'),
  ],
};

export { resource as apiResource };

export interface FakeOptions {
  /** false: no token controller. */
  readonly tokens?: boolean;
  /** The groups discovery lists (default: core, apps and RBAC v1). */
  readonly groups?: ApiGroupInfo[];
  /** Each group version's resource types, or the error discovering it fails with. */
  readonly resources?: Record<string, ApiResourceInfo[] | Error>;
  /** Lists of these kinds fail with this HTTP status (403: forbidden). */
  readonly failList?: Record<string, number>;
}

export interface FakeClient extends ClusterClient {
  readonly objects: Map<string, K8sObject>;
  /** Every write, as `VERB kind/namespace/name`. */
  readonly writes: string[];
  /** Every call, reads included: `get Kind/namespace/name`, `patch Kind/namespace/name merge {…} dryRun`, `list v1 Pod`. */
  readonly calls: string[];
  /** The group versions whose resource types were asked for. */
  readonly discovered: string[];
  /** Makes the next create of this kind fail with the given HTTP status. */
  failCreate(kind: string, status: number): void;
  /** Runs before each create is stored (to simulate another writer), and may throw. */
  beforeCreate?: (obj: K8sObject) => void;
  /** An error the delete of this ref throws, if any. */
  deleteError?: (ref: ObjectRef) => unknown;
}

const key = (ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string => `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
const dry = (o?: { dryRun?: boolean }): string => (o?.dryRun ? ' dryRun' : '');

export function fakeClient(contextName: string, initial: K8sObject[] = [], opts: FakeOptions = {}): FakeClient {
  const objects = new Map(initial.map((o) => [key({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }), structuredClone(o)]));
  const writes: string[] = [];
  const calls: string[] = [];
  const discovered: string[] = [];
  const failing = new Map<string, number>();
  let rv = 1;
  const stamp = (o: K8sObject): K8sObject => ({ ...structuredClone(o), metadata: { ...o.metadata, resourceVersion: String(++rv) } });
  const write = (verb: string, k: string, o?: { dryRun?: boolean }) => writes.push(`${verb}${o?.dryRun ? ' (dry run)' : ''} ${k}`);
  const client: FakeClient = {
    contextName,
    server: `https://${contextName}.example:6443`,
    objects,
    writes,
    calls,
    discovered,
    failCreate(kind, status) {
      failing.set(kind, status);
    },
    async get(ref) {
      calls.push(`get ${key(ref)}`);
      const found = objects.get(key(ref));
      return found ? structuredClone(found) : undefined;
    },
    async list(apiVersion, kind, o = {}) {
      calls.push(`list ${apiVersion} ${kind}`);
      const status = opts.failList?.[kind];
      if (status) throw new KubeApiError(status, `${kind.toLowerCase()}s is forbidden: User "frodo" cannot list it`, { reason: 'Forbidden' });
      return [...objects.values()]
        .filter((x) => x.apiVersion === apiVersion && x.kind === kind && (o.namespace === undefined || x.metadata.namespace === o.namespace))
        .map((x) => structuredClone(x));
    },
    async create(obj, o) {
      const k = key({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
      calls.push(`create ${k}${dry(o)}`);
      const status = failing.get(obj.kind);
      if (status) {
        failing.delete(obj.kind);
        throw new KubeApiError(status, 'injected', { reason: 'InternalError' });
      }
      client.beforeCreate?.(obj);
      if (objects.has(k)) throw new KubeApiError(409, `${obj.kind} "${obj.metadata.name}" already exists`, { reason: 'AlreadyExists' });
      write('POST', k, o);
      const stored = stamp(obj);
      if (!o?.dryRun) objects.set(k, stored);
      if (!o?.dryRun && opts.tokens !== false && obj.type === 'kubernetes.io/service-account-token') {
        objects.set(k, { ...stored, data: { token: 'dG9r', 'ca.crt': 'Q0E=', namespace: Buffer.from(obj.metadata.namespace ?? '').toString('base64') } });
      }
      return structuredClone(stored);
    },
    async replace(obj, o) {
      const k = key({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
      calls.push(`replace ${k}${dry(o)}`);
      write('PUT', k, o);
      const stored = stamp(obj);
      if (!o?.dryRun) objects.set(k, stored);
      return structuredClone(stored);
    },
    async patch(ref, patch, type, o) {
      const k = key(ref);
      calls.push(`patch ${k} ${type} ${JSON.stringify(patch)}${dry(o)}`);
      const live = objects.get(k);
      if (!live) throw new KubeApiError(404, 'not found', { reason: 'NotFound' });
      write('PATCH', k, o);
      const stored = stamp(mergePatch(live, patch) as K8sObject);
      if (!o?.dryRun) objects.set(k, stored);
      return structuredClone(stored);
    },
    async delete(ref, o) {
      const k = key(ref);
      calls.push(`delete ${k}${dry(o)}`);
      const error = client.deleteError?.(ref);
      if (error) throw error;
      if (!objects.has(k)) return 'not-found';
      write('DELETE', k, o);
      if (!o?.dryRun) objects.delete(k);
      return 'deleted';
    },
    async groups() {
      return (
        opts.groups ?? [
          { name: '', versions: ['v1'], preferredVersion: 'v1' },
          { name: 'apps', versions: ['v1'], preferredVersion: 'v1' },
          { name: 'rbac.authorization.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
        ]
      );
    },
    async resources(apiVersion) {
      discovered.push(apiVersion);
      const found = (opts.resources ?? DISCOVERY)[apiVersion];
      if (found instanceof Error) throw found;
      if (!found) throw new KubeApiError(404, 'the server could not find the requested resource', { reason: 'NotFound' });
      return found;
    },
    async rawGet() {
      return { status: 200, body: 'ok' };
    },
  };
  return client;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
