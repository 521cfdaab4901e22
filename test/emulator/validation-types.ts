/**
 * JSON type checks against the Kubernetes OpenAPI models: a real server fails to decode a body
 * whose field has the wrong JSON type (`"replicas": "2"`) and answers 400 BadRequest before any
 * validation runs. Only type mismatches are reported here; required fields and formats are the
 * validators' business, with the server's own messages.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { badRequest } from './status.js';

interface Model {
  validate(): void;
}
type ModelClass = new (data: object) => Model;

const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  '': () => import('kubernetes-models/v1'),
  apps: () => import('kubernetes-models/apps/v1'),
  'rbac.authorization.k8s.io': () => import('kubernetes-models/rbac.authorization.k8s.io/v1'),
  'storage.k8s.io': () => import('kubernetes-models/storage.k8s.io/v1'),
};

const loaded = new Map<string, Promise<Record<string, unknown>>>();

async function modelFor(type: ResourceType): Promise<ModelClass | undefined> {
  const load = MODULES[type.group];
  if (!load || type.version !== 'v1') return undefined;
  if (!loaded.has(type.group)) loaded.set(type.group, load());
  const mod = await loaded.get(type.group)!;
  const model = mod[type.kind];
  return typeof model === 'function' ? (model as ModelClass) : undefined;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: { type?: string };
}

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

const GO_TYPES: Record<string, string> = { integer: 'int32', number: 'float64', string: 'string', boolean: 'bool', object: 'struct', array: 'slice' };

function valueAt(obj: unknown, pointer: string): unknown {
  let current = obj;
  for (const token of pointer.split('/').slice(1)) current = (current as Record<string, unknown> | undefined)?.[token];
  return current;
}

/** Throws the decode error a real server would give for the first field of the wrong JSON type. */
export async function checkJsonTypes(type: ResourceType, obj: StoredObject): Promise<void> {
  const Model = await modelFor(type);
  if (!Model) return;
  try {
    new Model(obj).validate();
  } catch (err) {
    const all = (err as { errors?: AjvError[] }).errors ?? [];
    // Fields that accept several shapes (int-or-string, quantities) report each branch; skip them.
    const alternatives = new Set(all.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
    const errors = all.filter((e) => e.keyword === 'type' && !alternatives.has(e.instancePath));
    const first = errors[0];
    if (!first) return;
    // encoding/json names the field path without list indexes.
    const field = first.instancePath.split('/').slice(1).filter((t) => !/^\d+$/.test(t)).join('.');
    const actual = jsonTypeOf(valueAt(obj, first.instancePath));
    const expected = GO_TYPES[first.params.type ?? ''] ?? first.params.type ?? 'unknown';
    throw badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${actual} into Go struct field ${type.kind}.${field} of type ${expected}`);
  }
}
