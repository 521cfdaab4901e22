/**
 * Read-your-writes for the store that mirrors a real API server. The emulator's controllers were
 * written against a store whose writes are visible at once: a kubelet that just wrote a Pod's
 * status compares the next status with it, a service controller that just handed out an address
 * does not hand out another. Over the network a write lands later, and the watch brings it back
 * later still; until then reads see the object as written (or, after a delete, no object).
 */
import type { StoredObject } from '../../emulator/contracts.js';

interface Pending {
  /** The object as written; null after a delete. */
  object: StoredObject | null;
  inFlight: number;
  /** The cache has caught up once it holds this version (or a newer one). */
  awaitVersion?: bigint;
  /** The cache's version when the newest write was sent. */
  baseVersion?: bigint;
}

export interface PendingWrites {
  /** A write was sent; `base` is the version the cache held then. */
  note(key: string, object: StoredObject | null, base: string | undefined): void;
  /** A write finished: `ok` with the version the server answered (undefined when it gave none). */
  finished(key: string, ok: boolean, version: string | undefined, cached: StoredObject | undefined): void;
  /** The watch delivered the object at `cached` (undefined: it is gone). */
  observed(key: string, cached: StoredObject | undefined): void;
  /** The object as last written, null if deleted, undefined if nothing is pending. */
  read(key: string): StoredObject | null | undefined;
  keys(): IterableIterator<string>;
}

function versionOf(raw: string | undefined): bigint | undefined {
  return raw && /^\d+$/.test(raw) ? BigInt(raw) : undefined;
}

export function createPendingWrites(): PendingWrites {
  const pending = new Map<string, Pending>();

  /** Drops the entry once nothing is in flight and the cache shows the written state. */
  function check(key: string, cached: StoredObject | undefined): void {
    const entry = pending.get(key);
    if (!entry || entry.inFlight > 0) return;
    if (entry.object === null && !cached) return void pending.delete(key);
    const have = versionOf(cached?.metadata.resourceVersion);
    if (entry.awaitVersion === undefined || (have !== undefined && have >= entry.awaitVersion)) pending.delete(key);
  }

  return {
    note(key, object, base) {
      const entry = pending.get(key) ?? { object, inFlight: 0 };
      entry.object = object;
      entry.inFlight++;
      entry.baseVersion = versionOf(base);
      pending.set(key, entry);
    },
    finished(key, ok, version, cached) {
      const entry = pending.get(key);
      if (!entry) return;
      entry.inFlight--;
      if (!ok) {
        // The write did not happen: the server's state, as the cache has it, is the truth again.
        pending.delete(key);
        return;
      }
      // A write without a version in its answer (a binding's Status) shows as any newer version.
      const next = versionOf(version) ?? (entry.baseVersion !== undefined ? entry.baseVersion + 1n : undefined);
      if (next !== undefined && (entry.awaitVersion === undefined || next > entry.awaitVersion)) entry.awaitVersion = next;
      check(key, cached);
    },
    observed: check,
    read: (key) => pending.get(key)?.object,
    keys: () => pending.keys(),
  };
}
