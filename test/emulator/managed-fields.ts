/**
 * metadata.managedFields, which a real server records on every write: one entry per field
 * manager (and operation and subresource), with the fields that write set in FieldsV1 form.
 * Ownership conflicts are not computed; the entries are there so clients see what they would.
 */
import type { StoredObject } from './contracts.js';

type Obj = Record<string, unknown>;

export interface ManagerWrite {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
}

/** Metadata the server owns; it never appears in a field set. */
const SERVER_METADATA = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'name', 'namespace', 'generateName']);
const LIST_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'uid', 'type', 'ip', 'devicePath'];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listFields(list: unknown[]): Obj {
  const out: Obj = {};
  list.forEach((item, i) => {
    if (isObject(item)) {
      const key = LIST_KEYS.find((k) => item[k] !== undefined);
      const id = key ? `k:${JSON.stringify({ [key]: item[key] })}` : `i:${i}`;
      out[id] = { '.': {}, ...objectFields(item) };
    } else {
      out[`v:${JSON.stringify(item)}`] = {};
    }
  });
  return out;
}

function objectFields(value: Obj): Obj {
  const out: Obj = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (isObject(child)) out[`f:${key}`] = Object.keys(child).length === 0 ? {} : objectFields(child);
    else if (Array.isArray(child)) out[`f:${key}`] = listFields(child);
    else out[`f:${key}`] = {};
  }
  return out;
}

/** The FieldsV1 set of what a write covers: the status for the status subresource, else the rest. */
export function fieldSet(obj: StoredObject, subresource?: string): Obj {
  if (subresource === 'status') return obj.status === undefined ? {} : { 'f:status': objectFields({ status: obj.status })['f:status'] };
  const { metadata, status: _status, apiVersion: _a, kind: _k, ...rest } = obj;
  const meta: Obj = {};
  for (const [key, value] of Object.entries(metadata)) if (!SERVER_METADATA.has(key)) meta[key] = value;
  const fields = objectFields(rest);
  return Object.keys(meta).length > 0 ? { 'f:metadata': objectFields(meta), ...fields } : fields;
}

/** The manager name a write is recorded under: `fieldManager`, else the User-Agent's product. */
export function managerName(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const product = (userAgent ?? '').split('/')[0].trim();
  return product === '' ? 'unknown' : product.slice(0, 128);
}

/** Sets obj.metadata.managedFields from the existing entries plus this write's. */
export function recordManagedFields(obj: StoredObject, existing: StoredObject | undefined, write: ManagerWrite): void {
  const previous = ((existing?.metadata.managedFields ?? []) as Obj[]).filter(
    (e) => !(e.manager === write.manager && e.operation === write.operation && (e.subresource ?? undefined) === write.subresource),
  );
  const entry: Obj = { manager: write.manager, operation: write.operation, apiVersion: write.apiVersion, time: write.time, fieldsType: 'FieldsV1', fieldsV1: fieldSet(obj, write.subresource) };
  if (write.subresource) entry.subresource = write.subresource;
  obj.metadata.managedFields = [...previous, entry];
}
