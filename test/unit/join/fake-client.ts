import type { ClusterClient, K8sObject, ObjectRef } from '../../../src/k8s/types.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The resource types the fake serves, as discovery lists them: name, kind, namespaced. */
const DISCOVERY: Record<string, [string, string, boolean][]> = {
  '/api/v1': [
    ['namespaces', 'Namespace', false],
    ['configmaps', 'ConfigMap', true],
    ['endpoints', 'Endpoints', true],
    ['events', 'Event', true],
    ['persistentvolumeclaims', 'PersistentVolumeClaim', true],
    ['pods', 'Pod', true],
    ['pods/status', 'Pod', true],
    ['secrets', 'Secret', true],
    ['serviceaccounts', 'ServiceAccount', true],
    ['services', 'Service', true],
  ],
  '/apis/apps/v1': [
    ['deployments', 'Deployment', true],
    ['replicasets', 'ReplicaSet', true],
  ],
  '/apis/rbac.authorization.k8s.io/v1': [
    ['clusterrolebindings', 'ClusterRoleBinding', false],
    ['clusterroles', 'ClusterRole', false],
    ['rolebindings', 'RoleBinding', true],
    ['roles', 'Role', true],
  ],
};

const key = (ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string => `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;

export interface FakeClient extends ClusterClient {
  readonly objects: Map<string, K8sObject>;
  /** Every write, as `VERB kind/namespace/name`. */
  readonly writes: string[];
  /** Makes the next create of this kind fail with the given HTTP status. */
  failCreate(kind: string, status: number): void;
}

/**
 * An in-memory API server for unit tests: a fixed discovery (core, apps and RBAC v1), and (unless
 * `tokens: false`) a token controller that fills service-account token Secrets as they are created.
 */
export function fakeClient(contextName: string, initial: K8sObject[] = [], opts: { tokens?: boolean } = {}): FakeClient {
  const objects = new Map(initial.map((o) => [key({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }), structuredClone(o)]));
  const writes: string[] = [];
  const failing = new Map<string, number>();
  let rv = 1;
  const stamp = (o: K8sObject): K8sObject => ({ ...structuredClone(o), metadata: { ...o.metadata, resourceVersion: String(++rv) } });
  return {
    contextName,
    server: `https://${contextName}.example:6443`,
    objects,
    writes,
    failCreate(kind, status) {
      failing.set(kind, status);
    },
    async get(ref) {
      const found = objects.get(key(ref));
      return found ? structuredClone(found) : undefined;
    },
    async list(_apiVersion, kind, o = {}) {
      return [...objects.values()].filter((x) => x.kind === kind && (o.namespace === undefined || x.metadata.namespace === o.namespace)).map((x) => structuredClone(x));
    },
    async create(obj, o) {
      const status = failing.get(obj.kind);
      if (status) {
        failing.delete(obj.kind);
        throw new KubeApiError(status, 'injected', { reason: 'InternalError' });
      }
      const k = key({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
      if (objects.has(k)) throw new KubeApiError(409, `${obj.kind} "${obj.metadata.name}" already exists`, { reason: 'AlreadyExists' });
      writes.push(`POST${o?.dryRun ? ' (dry run)' : ''} ${k}`);
      const stored = stamp(obj);
      if (!o?.dryRun) objects.set(k, stored);
      if (!o?.dryRun && opts.tokens !== false && obj.type === 'kubernetes.io/service-account-token') {
        objects.set(k, { ...stored, data: { token: 'dG9r', 'ca.crt': 'Q0E=', namespace: Buffer.from(obj.metadata.namespace ?? '').toString('base64') } });
      }
      return structuredClone(stored);
    },
    async replace(obj, o) {
      const k = key({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
      writes.push(`PUT${o?.dryRun ? ' (dry run)' : ''} ${k}`);
      const stored = stamp(obj);
      if (!o?.dryRun) objects.set(k, stored);
      return structuredClone(stored);
    },
    async patch(ref, patch, _type, o) {
      const k = key(ref);
      const live = objects.get(k);
      if (!live) throw new KubeApiError(404, 'not found', { reason: 'NotFound' });
      writes.push(`PATCH${o?.dryRun ? ' (dry run)' : ''} ${k}`);
      const merged = mergePatch(live, patch) as K8sObject;
      const stored = stamp(merged);
      if (!o?.dryRun) objects.set(k, stored);
      return structuredClone(stored);
    },
    async delete(ref, o) {
      const k = key(ref);
      if (!objects.has(k)) return 'not-found';
      writes.push(`DELETE${o?.dryRun ? ' (dry run)' : ''} ${k}`);
      if (!o?.dryRun) objects.delete(k);
      return 'deleted';
    },
    async groups() {
      return [
        { name: '', versions: ['v1'], preferredVersion: 'v1' },
        { name: 'apps', versions: ['v1'], preferredVersion: 'v1' },
        { name: 'rbac.authorization.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
      ];
    },
    async rawGet(path) {
      const resources = DISCOVERY[path];
      if (!resources) return { status: 200, body: 'ok' };
      return { status: 200, body: JSON.stringify({ kind: 'APIResourceList', resources: resources.map(([name, kind, namespaced]) => ({ name, kind, namespaced, verbs: VERBS })) }) };
    },
  };
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
