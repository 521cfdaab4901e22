import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../emulator/contracts.js';
import { kubernetesResourceTypes } from '../../emulator/registry.js';
import type { ApiClient, RawWatchEvent, WatchStream } from './api-client.js';
import { createInformer } from './informer.js';

const podType = kubernetesResourceTypes().find((t) => t.kind === 'Pod')!;
const pod = (name: string, rv: string): StoredObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', resourceVersion: rv } });
const bare = (obj: StoredObject) => ({ metadata: obj.metadata }) as StoredObject;

/** A server that answers lists in turn and plays one script of watch events per watch call. */
function scriptedClient(lists: { rv: string; items: StoredObject[] }[], watches: RawWatchEvent[][]) {
  const watched: string[] = [];
  const client: ApiClient = {
    async call<T>(method: string, path: string): Promise<T> {
      const list = lists.shift();
      if (method !== 'GET' || !list) throw new Error(`unexpected ${method} ${path}`);
      return { metadata: { resourceVersion: list.rv }, items: list.items.map(bare) } as T;
    },
    watch(path, onEvent): WatchStream {
      watched.push(path);
      const script = watches.shift();
      let abort = () => {};
      const done = new Promise<void>((resolve) => {
        abort = resolve;
        // The last script stays open until aborted, as a quiet watch does.
        setImmediate(() => {
          for (const event of script ?? []) onEvent(event);
          if (watches.length > 0 || script === undefined) resolve();
        });
      });
      return { done, abort: () => abort() };
    },
    close() {},
  };
  return { client, watched };
}

describe('informer', () => {
  it('lists with kinds restored, watches from the list version, and re-lists after 410 Gone with the differences as events', async () => {
    const { client, watched } = scriptedClient(
      [
        { rv: '10', items: [pod('a', '1'), pod('b', '2')] },
        { rv: '20', items: [pod('a', '12'), pod('c', '15')] },
      ],
      [
        [{ type: 'ADDED', object: pod('x', '11') }, { type: 'BOOKMARK', object: pod('', '13') }, { type: 'ERROR', object: { ...pod('', ''), code: 410 } }],
        [{ type: 'MODIFIED', object: pod('c', '21') }],
      ],
    );
    const informer = createInformer(client, podType);
    await informer.list();
    expect([...informer.items.values()]).toEqual([pod('a', '1'), pod('b', '2')]);
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.watch((type, obj) => seen.push(`${type} ${obj.metadata.name}@${obj.metadata.resourceVersion} ${obj.kind}`), (error) => errors.push(error));
    await new Promise((resolve) => setTimeout(resolve, 50));
    informer.stop();
    expect(errors).toEqual([]);
    expect(watched[0]).toBe('/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=240&resourceVersion=10');
    expect(watched[1]).toContain('resourceVersion=20');
    expect(seen).toEqual(['ADDED x@11 Pod', 'DELETED b@2 Pod', 'DELETED x@11 Pod', 'MODIFIED a@12 Pod', 'ADDED c@15 Pod', 'MODIFIED c@21 Pod']);
    expect([...informer.items.keys()].sort()).toEqual(['ns/a', 'ns/c']);
  });
});
