/**
 * The emulator's Store contract, backed by a real API server: reads are synchronous, from
 * list+watch caches (one informer per resource type); writes go to the server as the requests
 * it takes (write-plan.ts), one at a time per object so that they land in the order made, and are
 * visible to reads at once (pending-writes.ts). Change events come from the watch only, so every
 * listener sees what the server stored, whoever wrote it. A write that fails because the object
 * vanished or changed (404, 409) is dropped, as the emulator's controllers drop it (ignoreGone),
 * and so is one refused in a terminating namespace (an Event about a pod being deleted with it);
 * any other failure is recorded in the work tracker's errors.
 */
import type { ResourceType, Store, StoredObject, WatchEvent, WatchEventType } from '../../emulator/contracts.js';
import { apiVersionOf } from '../../emulator/registry.js';
import { matchesLabelSelector } from '../../emulator/selectors.js';
import { notFound } from '../../emulator/status.js';
import type { WorkTracker } from '../../emulator/controllers/work-tracker.js';
import type { ApiClient } from './api-client.js';
import { createInformer, objectKey, type Informer } from './informer.js';
import { createPendingWrites } from './pending-writes.js';
import { planCreate, planDelete, planUpdate, type PlannedRequest } from './write-plan.js';

export interface RemoteStore extends Store {
  /** Lists every type; then tells the listeners about every object (ADDED), as an informer's first sync does; then watches. */
  start(): Promise<void>;
  stop(): void;
}

const copy = <T>(value: T): T => structuredClone(value);

function typeKey(type: ResourceType): string {
  return `${type.group}/${type.resource}`;
}

export function createRemoteStore(client: ApiClient, types: readonly ResourceType[], tracker: WorkTracker): RemoteStore {
  const informers = new Map<string, Informer>(types.map((t) => [typeKey(t), createInformer(client, t)]));
  const listeners = new Set<(event: WatchEvent) => void>();
  const pending = createPendingWrites();
  const queues = new Map<string, Promise<void>>();
  let stopped = false;

  const informerOf = (type: ResourceType): Informer => {
    const found = informers.get(typeKey(type));
    if (!found) throw new Error(`the node agent does not cache ${typeKey(type)}`);
    return found;
  };
  const pendingKey = (type: ResourceType, namespace: string | undefined, name: string) => `${typeKey(type)}|${objectKey(type.namespaced ? namespace : undefined, name)}`;
  const cached = (type: ResourceType, namespace: string | undefined, name: string) => informerOf(type).items.get(objectKey(type.namespaced ? namespace : undefined, name));

  function emit(type: ResourceType, eventType: WatchEventType, object: StoredObject): void {
    pending.observed(pendingKey(type, object.metadata.namespace, object.metadata.name), eventType === 'DELETED' ? undefined : object);
    tracker.noteChange();
    for (const listener of listeners) {
      try {
        listener({ type: eventType, resource: type, object: copy(object) });
      } catch (error) {
        tracker.errors.push({ label: `listener for ${eventType} ${type.kind} ${object.metadata.name}`, error });
      }
    }
  }

  /** Writes that have nothing left to act on: the object vanished or changed, or its namespace is going away. */
  function isMoot(error: unknown): boolean {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return code === 404 || code === 409 || (code === 403 && String(message).includes('because it is being terminated'));
  }

  /** Sends `requests` after the object's earlier writes; reads see `written` until the watch shows the result. */
  function send(type: ResourceType, obj: StoredObject, requests: PlannedRequest[], written: StoredObject | null): void {
    if (requests.length === 0 || stopped) return;
    const { namespace, name } = obj.metadata;
    const key = pendingKey(type, namespace, name);
    pending.note(key, written, cached(type, namespace, name)?.metadata.resourceVersion);
    const run = async () => {
      let ok = false;
      let version: string | undefined;
      try {
        for (const r of requests) {
          const answer = await client.call<Partial<StoredObject>>(r.method, r.path, r.body, r.contentType);
          version = answer.metadata?.resourceVersion ?? version;
        }
        ok = true;
      } catch (error) {
        if (!isMoot(error)) throw error;
      } finally {
        pending.finished(key, ok, version, cached(type, namespace, name));
      }
    };
    const next = (queues.get(key) ?? Promise.resolve()).then(run);
    const tail = next.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    tracker.run(`${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`, () => next);
  }

  function read(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const written = pending.read(pendingKey(type, namespace, name));
    if (written !== undefined) return written ?? undefined;
    return cached(type, namespace, name);
  }

  const store: RemoteStore = {
    types,
    typeFor: (apiVersion, kind) => types.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind),
    typeForResource: (group, version, resource) => types.find((t) => t.group === group && t.version === version && t.resource === resource),
    get(type, namespace, name) {
      const found = read(type, namespace, name);
      return found ? copy(found) : undefined;
    },
    list(type, namespace, labelSelector) {
      const keys = new Set([...informerOf(type).items.values()].map((o) => objectKey(o.metadata.namespace, o.metadata.name)));
      const prefix = `${typeKey(type)}|`;
      for (const key of pending.keys()) if (key.startsWith(prefix)) keys.add(key.slice(prefix.length));
      const out: StoredObject[] = [];
      for (const key of keys) {
        const slash = key.indexOf('/');
        const obj = read(type, key.slice(0, slash) || undefined, key.slice(slash + 1));
        if (!obj || (namespace !== undefined && type.namespaced && obj.metadata.namespace !== namespace)) continue;
        if (labelSelector && !matchesLabelSelector(obj.metadata.labels, labelSelector)) continue;
        out.push(copy(obj));
      }
      return out;
    },
    create(type, obj) {
      send(type, obj, [planCreate(type, obj)], obj);
      return copy(obj);
    },
    update(type, obj) {
      const before = read(type, obj.metadata.namespace, obj.metadata.name);
      if (!before) throw notFound(type, obj.metadata.name);
      send(type, obj, planUpdate(type, before, obj), obj);
      return copy(obj);
    },
    delete(type, namespace, name) {
      const before = read(type, namespace, name);
      if (!before) return undefined;
      send(type, before, [planDelete(type, before)], null);
      return copy(before);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await Promise.all([...informers.values()].map((informer) => informer.list()));
      for (const informer of informers.values()) for (const obj of informer.items.values()) emit(informer.type, 'ADDED', obj);
      for (const informer of informers.values()) {
        informer.watch(
          (eventType, obj) => emit(informer.type, eventType, obj),
          (error) => tracker.errors.push({ label: `watch ${typeKey(informer.type)}`, error }),
        );
      }
    },
    stop() {
      stopped = true;
      for (const informer of informers.values()) informer.stop();
    },
  };
  return store;
}
