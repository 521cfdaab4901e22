/**
 * Fields a real server does not know. Decoding into its Go types drops them: with
 * `fieldValidation=Strict` (what kubectl sends) the request fails, otherwise (`Warn`, the
 * default) the field is dropped and a Warning header names it. The known fields come from the
 * attribute maps of @kubernetes/client-node's generated models.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { badRequest } from './status.js';

interface Attribute {
  baseName: string;
  type: string;
}
type ModelRegistry = Record<string, unknown>;

let registry: Promise<ModelRegistry> | undefined;

function loadRegistry(): Promise<ModelRegistry> {
  registry ??= import('@kubernetes/client-node') as Promise<ModelRegistry>;
  return registry;
}

/** The model class name client-node uses for a served kind, when it has one. */
function modelName(type: ResourceType): string | undefined {
  if (type.group === 'federation') return undefined;
  if (type.group === '' && type.kind === 'Event') return 'CoreV1Event';
  const version = type.version.charAt(0).toUpperCase() + type.version.slice(1);
  return `${version}${type.kind}`;
}

function attributesOf(models: ModelRegistry, typeName: string): Attribute[] | undefined {
  const model = models[typeName] as { getAttributeTypeMap?: () => Attribute[] } | undefined;
  return typeof model?.getAttributeTypeMap === 'function' ? model.getAttributeTypeMap() : undefined;
}

/** Walks `value` as `typeName`, deleting unknown keys and returning their paths. */
function prune(models: ModelRegistry, value: unknown, typeName: string, path: string): string[] {
  const list = /^Array<(.+)>$/.exec(typeName);
  if (list) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i) => prune(models, item, list[1], `${path}[${i}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([key, item]) => prune(models, item, map[1], `${path}[${key}]`));
  }
  const attributes = attributesOf(models, typeName);
  if (!attributes || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const found: string[] = [];
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const fieldPath = path ? `${path}.${key}` : key;
    const attribute = attributes.find((a) => a.baseName === key);
    if (!attribute) {
      found.push(fieldPath);
      delete record[key];
    } else {
      found.push(...prune(models, record[key], attribute.type, fieldPath));
    }
  }
  return found;
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export function fieldValidationOf(value: string | null): FieldValidation {
  return value === 'Ignore' || value === 'Strict' ? value : 'Warn';
}

/**
 * Drops unknown fields from `obj`. Strict: 400 naming every one. Warn: returns the warnings.
 * Kinds without a model (the federation Cluster) are left alone.
 */
export async function dropUnknownFields(type: ResourceType, obj: StoredObject, directive: FieldValidation): Promise<string[]> {
  const name = modelName(type);
  if (!name) return [];
  const models = await loadRegistry();
  if (!attributesOf(models, name)) return [];
  const unknown = prune(models, obj, name, '');
  if (unknown.length === 0 || directive === 'Ignore') return [];
  const listed = unknown.map((p) => `unknown field "${p}"`);
  if (directive === 'Strict') {
    throw badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${listed.join(', ')}`);
  }
  return listed;
}
