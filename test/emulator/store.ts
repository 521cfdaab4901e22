/**
 * In-memory storage for one emulated API server: the etcd-backed registry of a real server
 * reduced to what clients can observe (resourceVersion, uid, timestamps, generation, conflicts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ResourceType, Store, StoredObject, WatchEvent } from './contracts.js';
import { apiVersionOf, splitApiVersion, type EmulatedResourceType } from './registry.js';
import { matchesLabelSelector } from './selectors.js';
import { alreadyExists, conflict, notFound } from './status.js';
import { canonicalJson } from './validation-fields.js';

export interface StoreOptions {
  now: () => Date;
  uid?: () => string;
}

/** The Store contract plus what the API server needs to answer lists and dry runs. */
export interface EmulatorStore extends Store {
  /** The newest resourceVersion handed out (what a list reports). */
  currentResourceVersion(): string;
  /** The store's clock (deletion timestamps are taken from it too). */
  now(): Date;
  /** A fresh uid from the store's source. */
  newUid(): string;
  /** The name generateName would give (`<prefix><5 chars>`), not yet taken. */
  generateName(type: ResourceType, namespace: string | undefined, prefix: string): string;
  /** What create would store and return, with every check, but nothing stored (dry run). */
  previewCreate(type: ResourceType, obj: StoredObject): StoredObject;
  /** What update would store and return, with every check, but nothing stored (dry run). */
  previewUpdate(type: ResourceType, obj: StoredObject): StoredObject;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function deepCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function typeKey(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Everything but metadata and status: what a spec change means for metadata.generation. */
function specPart(obj: StoredObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return canonicalJson(rest);
}

const METADATA_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers'];

/** Key order as the real server serialises: kind, apiVersion, metadata (in field order), the rest. */
function inServerOrder(obj: StoredObject): StoredObject {
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_ORDER) if (obj.metadata[key] !== undefined) metadata[key] = obj.metadata[key];
  for (const [key, value] of Object.entries(obj.metadata)) if (!(key in metadata) && value !== undefined) metadata[key] = value;
  const { kind, apiVersion, metadata: _m, ...rest } = obj;
  return { kind, apiVersion, metadata: metadata as StoredObject['metadata'], ...rest };
}

export function createStore(types: readonly ResourceType[], options: StoreOptions): EmulatorStore {
  const uid = options.uid ?? (() => randomUUID());
  const data = new Map<string, Map<string, StoredObject>>();
  const listeners = new Set<(event: WatchEvent) => void>();
  let revision = 0;
  let suffixCounter = 0;
  for (const type of types) data.set(typeKey(type), new Map());

  function bucket(type: ResourceType): Map<string, StoredObject> {
    const found = data.get(typeKey(type));
    if (!found) throw new Error(`resource ${typeKey(type)} is not served by this store`);
    return found;
  }

  function emit(type: ResourceType, eventType: WatchEvent['type'], object: StoredObject): void {
    const snapshot = deepCopy(object);
    setImmediate(() => {
      for (const listener of listeners) listener({ type: eventType, resource: type, object: deepCopy(snapshot) });
    });
  }

  function scopedNamespace(type: ResourceType, namespace: string | undefined): string | undefined {
    return type.namespaced ? namespace : undefined;
  }

  function prepareCreate(type: ResourceType, input: StoredObject): StoredObject {
    const obj = deepCopy(input);
    const namespace = scopedNamespace(type, obj.metadata.namespace);
    if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') {
      obj.metadata.name = store.generateName(type, namespace, obj.metadata.generateName);
    }
    if (bucket(type).has(objectKey(namespace, obj.metadata.name))) throw alreadyExists(type, obj.metadata.name);
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    if (namespace === undefined) delete obj.metadata.namespace;
    obj.metadata.uid = uid();
    delete obj.metadata.resourceVersion;
    delete obj.metadata.deletionTimestamp;
    obj.metadata.creationTimestamp = formatTimestamp(options.now());
    if ((type as EmulatedResourceType).generation) obj.metadata.generation = 1;
    else delete obj.metadata.generation;
    return inServerOrder(obj);
  }

  function prepareUpdate(type: ResourceType, input: StoredObject): StoredObject {
    const obj = deepCopy(input);
    const namespace = scopedNamespace(type, obj.metadata.namespace);
    const existing = bucket(type).get(objectKey(namespace, obj.metadata.name));
    if (!existing) throw notFound(type, obj.metadata.name);
    const requested = obj.metadata.resourceVersion;
    if (requested !== undefined && requested !== '' && requested !== existing.metadata.resourceVersion) {
      throw conflict(type, obj.metadata.name);
    }
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    if (namespace === undefined) delete obj.metadata.namespace;
    obj.metadata.uid = existing.metadata.uid;
    obj.metadata.creationTimestamp = existing.metadata.creationTimestamp;
    // Clients cannot clear a deletion in progress; only the server's own paths set it.
    obj.metadata.deletionTimestamp ??= existing.metadata.deletionTimestamp;
    if (obj.metadata.deletionTimestamp === undefined) delete obj.metadata.deletionTimestamp;
    obj.metadata.deletionGracePeriodSeconds ??= existing.metadata.deletionGracePeriodSeconds;
    if (obj.metadata.deletionGracePeriodSeconds === undefined) delete obj.metadata.deletionGracePeriodSeconds;
    if ((type as EmulatedResourceType).generation) {
      const before = existing.metadata.generation ?? 1;
      // A spec change counts, and so does the start of a deletion (the controllers must notice).
      const starts = obj.metadata.deletionTimestamp !== undefined && existing.metadata.deletionTimestamp === undefined;
      obj.metadata.generation = specPart(obj) === specPart(existing) && !starts ? before : before + 1;
    } else {
      delete obj.metadata.generation;
    }
    obj.metadata.resourceVersion = existing.metadata.resourceVersion;
    return inServerOrder(obj);
  }

  const store: EmulatorStore = {
    types,
    typeFor(apiVersion, kind) {
      const { group, version } = splitApiVersion(apiVersion);
      return types.find((t) => t.group === group && t.version === version && t.kind === kind);
    },
    typeForResource(group, version, resource) {
      return types.find((t) => t.group === group && t.version === version && t.resource === resource);
    },
    get(type, namespace, name) {
      return deepCopy(bucket(type).get(objectKey(scopedNamespace(type, namespace), name)));
    },
    list(type, namespace, labelSelector) {
      const items = [...bucket(type).values()]
        .filter((o) => !type.namespaced || namespace === undefined || o.metadata.namespace === namespace)
        .filter((o) => matchesLabelSelector(o.metadata.labels, labelSelector));
      items.sort((a, b) => objectKey(a.metadata.namespace, a.metadata.name).localeCompare(objectKey(b.metadata.namespace, b.metadata.name)));
      return deepCopy(items);
    },
    create(type, input) {
      const prepared = prepareCreate(type, input);
      prepared.metadata.resourceVersion = String(++revision);
      const obj = inServerOrder(prepared);
      bucket(type).set(objectKey(obj.metadata.namespace, obj.metadata.name), obj);
      emit(type, 'ADDED', obj);
      return deepCopy(obj);
    },
    update(type, input) {
      const obj = prepareUpdate(type, input);
      obj.metadata.resourceVersion = String(++revision);
      bucket(type).set(objectKey(obj.metadata.namespace, obj.metadata.name), obj);
      emit(type, 'MODIFIED', obj);
      return deepCopy(obj);
    },
    delete(type, namespace, name) {
      const key = objectKey(scopedNamespace(type, namespace), name);
      const existing = bucket(type).get(key);
      if (!existing) return undefined;
      bucket(type).delete(key);
      existing.metadata.resourceVersion = String(++revision);
      emit(type, 'DELETED', existing);
      return deepCopy(existing);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    currentResourceVersion: () => String(revision),
    now: () => options.now(),
    newUid: () => uid(),
    generateName(type, namespace, prefix) {
      // Derived from a counter rather than Math.random so runs are reproducible.
      for (;;) {
        const digest = createHash('sha256').update(`${prefix}:${suffixCounter++}`).digest();
        const suffix = [...digest.subarray(0, 5)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
        const name = `${prefix}${suffix}`;
        if (!bucket(type).has(objectKey(scopedNamespace(type, namespace), name))) return name;
      }
    },
    previewCreate: (type, obj) => prepareCreate(type, obj),
    previewUpdate: (type, obj) => prepareUpdate(type, obj),
  };
  return store;
}
