/**
 * Where the emulated etcd keeps a federation's data. The key says what the data lives on: a
 * PersistentVolumeClaim (`pvc:<uid>`, kept across pod restarts until the claim is deleted), the
 * pod itself (`pod:<uid>`, an etcd without a volume loses everything with its pod), or an
 * external etcd (`etcd:<servers>`, which outlives the cluster objects entirely).
 */
import type { Store } from '../contracts.js';
import { federationResourceTypes } from '../registry.js';
import { createStore } from '../store.js';

export interface FederationStores {
  get(key: string): Store;
  has(key: string): boolean;
  /** Forgets every store whose key starts with `prefix` (a deleted claim or pod). */
  drop(prefix: string): void;
}

export function createFederationStores(now: () => Date): FederationStores {
  const stores = new Map<string, Store>();
  return {
    get(key) {
      let store = stores.get(key);
      if (!store) {
        store = createStore(federationResourceTypes(), { now });
        stores.set(key, store);
      }
      return store;
    },
    has: (key) => stores.has(key),
    drop(prefix) {
      for (const key of [...stores.keys()]) if (key.startsWith(prefix)) stores.delete(key);
    },
  };
}
