/**
 * A list+watch cache of one resource type of a real API server, as client-go's reflector keeps
 * one: a full list, then a watch from the list's resourceVersion, re-watched when the server
 * ends the stream and re-listed when the version is too old (410 Gone). Objects from lists get
 * their apiVersion and kind back (list items carry neither).
 */
import type { ResourceType, StoredObject, WatchEventType } from '../../emulator/contracts.js';
import { apiVersionOf } from '../../emulator/registry.js';
import { ApiError, pathFor, type ApiClient, type RawWatchEvent, type WatchStream } from './api-client.js';

export type InformerListener = (type: WatchEventType, object: StoredObject) => void;

export interface Informer {
  readonly type: ResourceType;
  /** namespace/name → object, as last seen. */
  readonly items: ReadonlyMap<string, StoredObject>;
  /** Fills the cache with one full list, without telling the listener. */
  list(): Promise<void>;
  /** Watches from the listed version on, telling the listener about every change. */
  watch(listener: InformerListener, onError: (error: unknown) => void): void;
  stop(): void;
}

const WATCH_SECONDS = 240;
const RETRY_MS = 1000;

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

class Gone extends Error {}

export function createInformer(client: ApiClient, type: ResourceType): Informer {
  const items = new Map<string, StoredObject>();
  const apiVersion = apiVersionOf(type);
  let resourceVersion = '';
  let stopped = false;
  let stream: WatchStream | undefined;

  const keyOf = (obj: StoredObject) => objectKey(obj.metadata.namespace, obj.metadata.name);

  async function listAll(): Promise<Map<string, StoredObject>> {
    const fresh = new Map<string, StoredObject>();
    let next = '';
    do {
      const page = await client.call<{ metadata: { resourceVersion: string; continue?: string }; items: StoredObject[] }>('GET', `${pathFor(type)}?limit=500${next ? `&continue=${encodeURIComponent(next)}` : ''}`);
      for (const item of page.items) fresh.set(keyOf(item), { ...item, apiVersion, kind: type.kind });
      resourceVersion = page.metadata.resourceVersion;
      next = page.metadata.continue ?? '';
    } while (next);
    return fresh;
  }

  /** A re-list after 410 Gone: what changed meanwhile reaches the listener as watch events would. */
  async function relist(listener: InformerListener): Promise<void> {
    const fresh = await listAll();
    for (const [key, old] of items) {
      if (fresh.has(key)) continue;
      items.delete(key);
      listener('DELETED', old);
    }
    for (const [key, obj] of fresh) {
      const old = items.get(key);
      items.set(key, obj);
      if (!old) listener('ADDED', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) listener('MODIFIED', obj);
    }
  }

  function apply(event: RawWatchEvent, listener: InformerListener): void {
    if (event.type === 'ERROR') throw event.object.code === 410 ? new Gone() : new ApiError(event.object.code ?? 500, event.object.reason ?? '', event.object.message ?? 'watch error');
    resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
    if (event.type === 'BOOKMARK') return;
    const obj = { ...event.object, apiVersion, kind: type.kind };
    if (event.type === 'DELETED') items.delete(keyOf(obj));
    else items.set(keyOf(obj), obj);
    listener(event.type, obj);
  }

  async function watchLoop(listener: InformerListener, onError: (error: unknown) => void): Promise<void> {
    while (!stopped) {
      try {
        let failure: unknown;
        const query = `watch=1&allowWatchBookmarks=true&timeoutSeconds=${WATCH_SECONDS}&resourceVersion=${resourceVersion}`;
        stream = client.watch(`${pathFor(type)}?${query}`, (event) => {
          if (failure) return;
          try {
            apply(event, listener);
          } catch (error) {
            failure = error;
            stream?.abort();
          }
        });
        await stream.done;
        if (failure) throw failure;
      } catch (error) {
        if (stopped) return;
        const gone = error instanceof Gone || (error instanceof ApiError && error.code === 410);
        const failed = gone ? await relist(listener).then(() => undefined, (relistError: unknown) => relistError) : error;
        if (failed === undefined) continue;
        onError(failed);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  return {
    type,
    items,
    async list() {
      const fresh = await listAll();
      items.clear();
      for (const [key, obj] of fresh) items.set(key, obj);
    },
    watch(listener, onError) {
      void watchLoop(listener, onError);
    },
    stop() {
      stopped = true;
      stream?.abort();
    },
  };
}
