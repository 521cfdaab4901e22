import { describe, expect, it } from 'vitest';
import {
  KUBE_DNS_LEDGER_ANNOTATION,
  kubeDnsEntriesFrom,
  mergeKubeDns,
  unmergeKubeDns,
  type KubeDnsEntries,
} from '../../../src/dns/kube-dns.js';
import type { K8sObject } from '../../../src/k8s/types.js';

const FELLOWSHIP: KubeDnsEntries = { federationName: 'fellowship', federationsEntry: 'fellowship=example.com' };
const CORE: KubeDnsEntries = {
  federationName: 'core',
  federationsEntry: 'core=core.example',
  stubDomain: { zone: 'core.example', nameserver: '10.0.0.10:53' },
};

function configMap(data?: Record<string, string>, annotations?: Record<string, string>): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-dns', namespace: 'kube-system', resourceVersion: '7', ...(annotations ? { annotations } : {}) },
    ...(data ? { data } : {}),
  };
}

/** Join then unjoin; the result is the ConfigMap as unjoin leaves it (undefined: deleted). */
function roundTrip(start: K8sObject | undefined, entries: KubeDnsEntries): K8sObject | undefined {
  const joined = mergeKubeDns(start, entries, 'gondor');
  const after = joined.object ?? start;
  const undone = unmergeKubeDns(after, entries.federationName);
  if (undone.action === 'delete') return undefined;
  return undone.object ?? after;
}

describe('kubeDnsEntriesFrom', () => {
  it.each([
    ['no federations annotation', {}, undefined],
    ['plain entry', { federations: 'fellowship=example.com' }, FELLOWSHIP],
    ['trailing dots are stripped', { federations: 'fellowship=example.com..' }, FELLOWSHIP],
    [
      'coredns with zone and nameserver',
      { federations: 'core=core.example', 'dns-provider': 'coredns', 'dns-zone-name': 'core.example.', nameserver: '10.0.0.10:53' },
      CORE,
    ],
    [
      'coredns without a nameserver gets no stub domain',
      { federations: 'core=core.example', 'dns-provider': 'coredns', 'dns-zone-name': 'core.example.' },
      { federationName: 'core', federationsEntry: 'core=core.example' },
    ],
    [
      'another provider gets no stub domain',
      { federations: 'core=core.example', 'dns-provider': 'google-clouddns', 'dns-zone-name': 'core.example.', nameserver: 'x' },
      { federationName: 'core', federationsEntry: 'core=core.example' },
    ],
  ])('%s', (_name, annotations, expected) => {
    const federationName = (annotations as Record<string, string>).federations?.split('=')[0] ?? 'fellowship';
    expect(kubeDnsEntriesFrom(federationName, annotations as Record<string, string>)).toEqual(expected);
  });
});

describe('mergeKubeDns', () => {
  it('creates the ConfigMap with our annotations when it is missing', () => {
    const result = mergeKubeDns(undefined, CORE, 'gondor');
    expect(result.action).toBe('create');
    expect(result.object?.metadata.name).toBe('kube-dns');
    expect(result.object?.metadata.namespace).toBe('kube-system');
    expect(result.object?.metadata.annotations?.['federation.alpha.kubernetes.io/federation-name']).toBe('core');
    expect(result.object?.metadata.annotations?.['federation.alpha.kubernetes.io/cluster-name']).toBe('gondor');
    expect(result.object?.data).toEqual({ federations: 'core=core.example', stubDomains: '{"core.example":["10.0.0.10:53"]}' });
    expect(result.added).toEqual(['federations entry "core=core.example"', 'stubDomains zone "core.example"']);
  });

  it.each([
    ['absent key', {}, 'fellowship=example.com'],
    ['empty value', { federations: '' }, 'fellowship=example.com'],
    ["another federation's entry", { federations: 'other=other.example' }, 'other=other.example,fellowship=example.com'],
  ])('appends the federations entry to an %s', (_name, data, expected) => {
    const result = mergeKubeDns(configMap(data), FELLOWSHIP, 'gondor');
    expect(result.action).toBe('update');
    expect(result.object?.data).toEqual({ ...data, federations: expected });
    expect(result.object?.metadata.resourceVersion).toBe('7');
  });

  it('changes nothing when the entry is already there', () => {
    const result = mergeKubeDns(configMap({ federations: 'a=b,fellowship=example.com' }), FELLOWSHIP, 'gondor');
    expect(result).toEqual({ action: 'unchanged', added: [], warnings: [] });
  });

  it.each([
    ['compact', '{"user.local":["1.2.3.4"]}', '{"user.local":["1.2.3.4"],"core.example":["10.0.0.10:53"]}'],
    ['spaced', '{"user.local": ["1.2.3.4"]}', '{"user.local": ["1.2.3.4"], "core.example": ["10.0.0.10:53"]}'],
    [
      'multi-line',
      '{\n  "user.local": ["1.2.3.4"]\n}\n',
      '{\n  "user.local": ["1.2.3.4"],\n  "core.example": ["10.0.0.10:53"]\n}\n',
    ],
    ['empty object', '{ }', '{"core.example":["10.0.0.10:53"]}'],
  ])("merges the stub domain into the user's %s JSON, keeping its layout", (_name, before, after) => {
    const result = mergeKubeDns(configMap({ stubDomains: before }), CORE, 'gondor');
    expect((result.object?.data as Record<string, string>).stubDomains).toBe(after);
    expect(JSON.parse(String((result.object?.data as Record<string, string>).stubDomains))).toEqual({
      ...JSON.parse(before),
      'core.example': ['10.0.0.10:53'],
    });
  });

  it("leaves a user's different servers for the same zone alone, with a warning", () => {
    const result = mergeKubeDns(configMap({ federations: 'core=core.example', stubDomains: '{"core.example":["9.9.9.9"]}' }), CORE, 'gondor');
    expect(result.action).toBe('unchanged');
    expect(result.warnings).toEqual(['kube-system/kube-dns stubDomains already sends zone "core.example" to ["9.9.9.9"]; left as is']);
  });

  it('leaves stubDomains that are not a JSON object alone, with a warning', () => {
    const result = mergeKubeDns(configMap({ stubDomains: '[1,2' }), CORE, 'gondor');
    expect(result.object?.data).toEqual({ stubDomains: '[1,2', federations: 'core=core.example' });
    expect(result.warnings).toEqual([
      'kube-system/kube-dns stubDomains is not a JSON object, so it was left as is; add "core.example": ["10.0.0.10:53"] to it by hand',
    ]);
  });
});

describe('unmergeKubeDns restores exactly what join found', () => {
  it.each<[string, K8sObject | undefined, KubeDnsEntries]>([
    ['a missing ConfigMap (deleted again)', undefined, CORE],
    ['a ConfigMap without data or annotations', configMap(), CORE],
    ['an empty federations value', configMap({ federations: '' }, { keep: 'me' }), FELLOWSHIP],
    [
      "another federation's entry and the user's stub domains",
      configMap({ federations: 'other=other.example', stubDomains: '{\n  "user.local": ["1.2.3.4"]\n}' }, { owner: 'user' }),
      CORE,
    ],
    ['blank stubDomains', configMap({ stubDomains: '  ' }), CORE],
  ])('%s', (_name, start, entries) => {
    expect(roundTrip(start, entries)).toEqual(start);
  });

  it("removes only our entries by meaning when someone edited the ConfigMap in between", () => {
    const joined = mergeKubeDns(configMap({ federations: 'other=o', stubDomains: '{"user.local":["1.2.3.4"]}' }), CORE, 'gondor').object!;
    const edited = {
      ...joined,
      data: { federations: 'other=o,core=core.example,late=l', stubDomains: '{"user.local":["1.2.3.4"],"core.example":["10.0.0.10:53"],"late":["5.5.5.5"]}' },
    };
    const result = unmergeKubeDns(edited, 'core');
    expect(result.action).toBe('update');
    expect(result.object?.data).toEqual({ federations: 'other=o,late=l', stubDomains: '{"user.local":["1.2.3.4"],"late":["5.5.5.5"]}' });
    expect(result.object?.metadata.annotations).toEqual(undefined);
    expect(result.removed).toEqual(['federations entry "core=core.example"', 'stubDomains zone "core.example"']);
  });

  it('undoes two federations in either order', () => {
    const start = configMap({ federations: 'user=u' }, { a: 'b' });
    const first = mergeKubeDns(start, FELLOWSHIP, 'gondor').object!;
    const both = mergeKubeDns(first, CORE, 'gondor').object!;
    expect(both.data).toEqual({ federations: 'user=u,fellowship=example.com,core=core.example', stubDomains: '{"core.example":["10.0.0.10:53"]}' });
    const lifo = unmergeKubeDns(unmergeKubeDns(both, 'core').object, 'fellowship').object;
    const fifo = unmergeKubeDns(unmergeKubeDns(both, 'fellowship').object, 'core').object;
    expect(lifo).toEqual(start);
    expect(fifo).toEqual(start);
  });

  it('deletes a ConfigMap join created, whichever federation leaves last', () => {
    const first = mergeKubeDns(undefined, FELLOWSHIP, 'gondor').object!;
    const both = mergeKubeDns(first, CORE, 'gondor').object!;
    const oneLeft = unmergeKubeDns(both, 'fellowship');
    expect(oneLeft.action).toBe('update');
    expect(oneLeft.object?.data).toEqual({ federations: 'core=core.example', stubDomains: '{"core.example":["10.0.0.10:53"]}' });
    expect(unmergeKubeDns(oneLeft.object, 'core').action).toBe('delete');
  });

  it('keeps a ConfigMap join created when the user added data to it', () => {
    const created = mergeKubeDns(undefined, FELLOWSHIP, 'gondor').object!;
    const withUser = { ...created, data: { ...(created.data as object), upstreamNameservers: '["8.8.8.8"]' } };
    const result = unmergeKubeDns(withUser, 'fellowship');
    expect(result.action).toBe('update');
    expect(result.object?.data).toEqual({ upstreamNameservers: '["8.8.8.8"]' });
    expect(result.object?.metadata.annotations?.[KUBE_DNS_LEDGER_ANNOTATION]).toBeUndefined();
  });

  it('removes the entries of a cluster joined without a ledger by meaning (the original kubefed)', () => {
    const start = configMap({ federations: 'core=core.example,other=o', stubDomains: '{"core.example":["10.0.0.10:53"],"u":["1.1.1.1"]}' });
    const result = unmergeKubeDns(start, 'core', CORE);
    expect(result.object?.data).toEqual({ federations: 'other=o', stubDomains: '{"u":["1.1.1.1"]}' });
  });

  it.each<[string, K8sObject | undefined]>([
    ['the ConfigMap is gone', undefined],
    ['nothing of ours is in it', configMap({ federations: 'other=o' })],
  ])('changes nothing when %s', (_name, start) => {
    expect(unmergeKubeDns(start, 'core', CORE)).toEqual({ action: 'unchanged', removed: [] });
  });

  it('is idempotent: a second unjoin changes nothing', () => {
    const joined = mergeKubeDns(configMap({ federations: 'other=o' }), CORE, 'gondor').object!;
    const once = unmergeKubeDns(joined, 'core').object!;
    expect(unmergeKubeDns(once, 'core', CORE).action).toBe('unchanged');
  });

  it('a re-join keeps the first record, so unjoin still restores the original text', () => {
    const start = configMap({ federations: 'other=o' });
    const joined = mergeKubeDns(start, FELLOWSHIP, 'gondor').object!;
    const userRemoved = { ...joined, data: { federations: 'other=o' } };
    const rejoined = mergeKubeDns(userRemoved, FELLOWSHIP, 'gondor').object!;
    expect(rejoined.data).toEqual({ federations: 'other=o,fellowship=example.com' });
    expect(unmergeKubeDns(rejoined, 'fellowship').object).toEqual(start);
  });
});
