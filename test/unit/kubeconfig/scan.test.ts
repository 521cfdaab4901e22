import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { currentContextOf, entrySource, readKubeconfigText, ScannedFile } from '../../../src/kubeconfig/lazy.js';
import { mergeKubeconfigFiles } from '../../../src/kubeconfig/load.js';
import type { KubeconfigDoc, LoadedFile } from '../../../src/kubeconfig/model.js';
import { parseKubeconfigText } from '../../../src/kubeconfig/parse.js';
import { scanKubeconfig } from '../../../src/kubeconfig/scan.js';

const LISTS = ['clusters', 'users', 'contexts'] as const;

/** What js-yaml makes of the whole text: the document, or the error message. */
function fullRead(text: string): { doc?: KubeconfigDoc; error?: string } {
  try {
    return { doc: parseKubeconfigText(text, 'f') };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * Reads `text` the way the loader does and checks that everything a command can ask of the file
 * (each entry by name, names that are absent, current-context, the whole document, the error) is
 * what js-yaml's reading of the whole file gives. Returns whether the scanner vouched for the text.
 */
function expectSameAsFullRead(text: string): boolean {
  const full = fullRead(text);
  let file: LoadedFile;
  try {
    file = readKubeconfigText(text, 'f', 0);
  } catch (err) {
    expect((err as Error).message, text).toBe(full.error);
    return false;
  }
  expect(full.error, text).toBeUndefined();
  const doc = full.doc as KubeconfigDoc;
  for (const key of LISTS) {
    const source = entrySource(file, key);
    const list = (doc[key] ?? []) as { name: string }[];
    for (const entry of list) {
      expect(source.has(entry.name), `${key} ${entry.name} in\n${text}`).toBe(true);
      expect(source.get(entry.name), `${key} ${entry.name} in\n${text}`).toEqual(list.find((e) => e.name === entry.name));
    }
    for (const absent of ['absent', 'extra-', '', 'a b', 'name', 'b # note']) {
      if (list.some((e) => e.name === absent)) continue;
      expect(source.has(absent), `${key} ${absent} in\n${text}`).toBe(false);
      expect(source.get(absent)).toBeUndefined();
    }
  }
  expect(currentContextOf(file)).toEqual(doc['current-context']);
  expect(file.doc).toEqual(doc);
  return file instanceof ScannedFile;
}

/** A tiny deterministic random source, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const NAMES = ['a', 'gke_proj_zone_c1', 'arn:aws:eks:eu-west-1:1:cluster/x', 'kind-kind', 'x.y', 'true', 'True', 'yes', 'no', 'on', 'null', '~', '123', '0x1f', '1e3', '-1', '.inf', "it's", 'a b', 'a: b', 'a #b', '#x', 'x#y', '"q"', '@x', 'é', 'a\\b', '', ' lead', 'trail ', 'name', 'cluster', '- x', '{}', '[a]', '*x', '&y', '!t'];
const VALUES = ['https://10.0.0.1:6443', 'true', 'false', 'yes', 'Off', '123', '1.5', 'null', '~', '', 'a: b', 'x # y', "it's", 'LS0tLS1CRUdJTg==', '0o17', '2019-01-10T17:21:34Z', '{x}', '[y]', '*', '&a', '- a', 'é', 'tab\there', 'multi\nline'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** A random kubeconfig document: entries with the usual shapes and a few unusual ones. */
function randomDoc(rand: () => number): KubeconfigDoc {
  const inner = (kind: string): Record<string, unknown> | null | undefined | string | unknown[] => {
    const roll = rand();
    if (roll < 0.05) return null;
    if (roll < 0.08) return undefined;
    if (roll < 0.1) return {};
    if (roll < 0.11) return 'scalar';
    if (roll < 0.12) return ['x'];
    const out: Record<string, unknown> = {};
    const keys = kind === 'cluster' ? ['server', 'certificate-authority-data', 'insecure-skip-tls-verify', 'tls-server-name', 'proxy-url'] : kind === 'user' ? ['token', 'username', 'password', 'client-key-data'] : ['cluster', 'user', 'namespace'];
    for (const key of keys) if (rand() < 0.6) out[key] = rand() < 0.8 ? `v-${Math.floor(rand() * 100)}` : pick(rand, VALUES);
    if (rand() < 0.15) out.extensions = [{ name: pick(rand, NAMES), extension: { 'federation-name': 'f', nested: { deep: [1, 'two'] } } }];
    if (kind === 'user' && rand() < 0.1) out.exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'], env: null };
    return out;
  };
  const doc: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config' };
  if (rand() < 0.5) doc.preferences = {};
  for (const [list, kind] of [['clusters', 'cluster'], ['users', 'user'], ['contexts', 'context']] as const) {
    const roll = rand();
    if (roll < 0.05) continue;
    if (roll < 0.08) {
      (doc as Record<string, unknown>)[list] = roll < 0.065 ? null : [];
      continue;
    }
    const entries: Record<string, unknown>[] = [];
    const count = 1 + Math.floor(rand() * 6);
    for (let i = 0; i < count; i++) {
      const name = rand() < 0.7 ? `${kind}-${i}` : pick(rand, NAMES);
      const entry: Record<string, unknown> = {};
      const value = inner(kind);
      // Both orders: js-yaml keeps insertion order, kubectl sorts keys.
      if (rand() < 0.5) {
        if (rand() < 0.97) entry.name = name;
        if (value !== undefined) entry[kind] = value;
      } else {
        if (value !== undefined) entry[kind] = value;
        if (rand() < 0.97) entry.name = name;
      }
      if (rand() < 0.05) entry.extra = 'sibling';
      entries.push(entry);
    }
    (doc as Record<string, unknown>)[list] = entries;
  }
  if (rand() < 0.8) doc['current-context'] = rand() < 0.8 ? 'context-0' : pick(rand, NAMES);
  return doc;
}

/** kubectl's layout: a sequence at its key's indentation. */
function kubectlLayout(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  const scalar = (v: unknown): string => yaml.dump(v, { lineWidth: -1 }).replace(/\n$/, '');
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    return `\n${value
      .map((item) => {
        const body = kubectlLayout(item, indent + 2);
        return `${pad}- ${body.startsWith('\n') ? body.slice(indent + 3) : body.trimStart()}`;
      })
      .join('')}`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}\n';
    return `\n${entries
      .map(([k, v]) => {
        const body = Array.isArray(v) && v.length > 0 ? kubectlLayout(v, indent) : kubectlLayout(v, indent + 2);
        return `${pad}${scalar(k)}:${body}`;
      })
      .join('')}`;
  }
  return ` ${scalar(value)}\n`;
}

function layouts(doc: KubeconfigDoc): string[] {
  return [yaml.dump(doc, { lineWidth: -1, noRefs: true }), kubectlLayout(doc).slice(1), yaml.dump(doc, { lineWidth: -1, noRefs: true, noArrayIndent: true })];
}

/** Small edits that a hand-edited file might have, or that break it. */
const MUTATIONS: ((lines: string[], rand: () => number) => string[])[] = [
  (lines, rand) => lines.flatMap((line, i) => (i === Math.floor(rand() * lines.length) ? [line, line] : [line])),
  (lines, rand) => lines.filter((_, i) => i !== Math.floor(rand() * lines.length)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? ` ${line}` : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/^ {2}/, '') : line)),
  (lines, rand) => lines.flatMap((line, i) => (i === Math.floor(rand() * lines.length) ? ['# comment', line] : [line])),
  (lines, rand) => lines.flatMap((line, i) => (i === Math.floor(rand() * lines.length) ? [`${' '.repeat(Math.floor(rand() * 8))}# comment`, line] : [line])),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? `${line} # trailing` : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? `${line}   ` : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/^( *)/, '$1\t') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ": '$1'") : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ': "$1"') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, `: ${pick(rand, NAMES)}`) : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/name: .*$/, `name: ${pick(rand, ['extra-1', 'true', '12', 'null', '"x"', "'x'", 'x:', 'a  b', 'yes'])}`) : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ': &a $1') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ': *a') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ': !!str $1') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ': |\n  $1') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/: (.+)$/, ': {a: 1}') : line)),
  (lines, rand) => lines.flatMap((line, i) => (i === Math.floor(rand() * lines.length) ? ['---', line] : [line])),
  (lines) => [...lines, '---', 'kind: Config'],
  (lines) => ['%YAML 1.1', '---', ...lines],
  (lines, rand) => lines.flatMap((line, i) => (i === Math.floor(rand() * lines.length) ? [line, ''] : [line])),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/(\w+):/, 'true:') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? line.replace(/(\w+):/, '"$1":') : line)),
  (lines, rand) => lines.map((line, i) => (i === Math.floor(rand() * lines.length) ? `${line}\u0085` : line)),
  (lines) => lines.map((line) => line.replace(/^(\s*)- name:/, '$1-   name:')),
];

function variants(text: string, rand: () => number): string[] {
  const out = [text, text.replaceAll('\n', '\r\n'), text.replace(/\n$/, '')];
  const lines = text.replace(/\n$/, '').split('\n');
  for (let i = 0; i < 6; i++) {
    const mutated = pick(rand, MUTATIONS)(lines, rand).join('\n');
    out.push(`${mutated}\n`, rand() < 0.5 ? `${mutated}\r\n`.replaceAll('\n', '\r\n').replaceAll('\r\r', '\r') : mutated);
  }
  return out;
}

describe('the kubeconfig scanner gives what js-yaml gives for the whole file', () => {
  it('on generated files in three layouts and their hand-edited variants (seeded, 150 documents)', () => {
    const rand = random(20261206);
    let scanned = 0;
    let total = 0;
    for (let n = 0; n < 150; n++) {
      for (const text of layouts(randomDoc(rand))) {
        for (const variant of variants(text, rand)) {
          total++;
          if (expectSameAsFullRead(variant)) scanned++;
        }
      }
    }
    // The property holds either way; this checks the quick path was actually exercised.
    expect(scanned).toBeGreaterThan(total / 10);
  });

  const cases: Record<string, string> = {
    'kubectl layout': 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://a\n  name: a\ncontexts:\n- context:\n    cluster: a\n    user: u\n  name: a\ncurrent-context: a\nkind: Config\npreferences: {}\nusers:\n- name: u\n  user:\n    token: t\n',
    'dump layout': 'apiVersion: v1\nclusters:\n  - name: a\n    cluster:\n      server: https://a\ncontexts:\n  - name: a\n    context:\n      cluster: a\n      user: u\nusers:\n  - name: u\n    user:\n      token: t\ncurrent-context: a\n',
    'quoted and typed-looking names': "clusters:\n- name: 'true'\n  cluster: {}\n- name: \"123\"\n  cluster:\n    server: 'null'\n- name: 'it''s'\n  cluster:\n",
    'plain true, number and null names': 'clusters:\n- name: true\n  cluster: {}\n',
    'a number as name': 'clusters:\n- name: 123\n  cluster: {}\n',
    'a null name': 'clusters:\n- name: null\n  cluster: {}\n',
    'a duplicate name': 'clusters:\n- name: a\n  cluster: {}\n- name: a\n  cluster: {}\n',
    'a duplicate name, the name first in one entry and last in the other': 'clusters:\n- name: a\n  cluster: {}\n- cluster: {}\n  name: a\n',
    'names first and last, in one list': 'clusters:\n- name: a\n  cluster: {}\n- cluster:\n    server: x\n  name: b\n- name: c\n  cluster:\n    server: y\n    extensions:\n    - name: b\n      extension: {}\n',
    'a duplicate name between a simple and another entry': 'clusters:\n- name: a\n  cluster: {}\n- name: a\n  cluster:\n    exec:\n      command: x\n',
    'another entry whose name line has a comment': 'clusters:\n- name: a\n  cluster: {}\n- name: b # note\n  cluster:\n    exec:\n      command: x\n',
    "another list's inner key": 'clusters:\n- name: a\n  user:\n    token: t\nusers:\n- name: u\n  cluster: {}\n',
    "another list's inner key beside the right one": 'clusters:\n- name: a\n  cluster: {}\n  context: {}\n',
    'a duplicate key in an entry': 'clusters:\n- name: a\n  cluster:\n    server: x\n    server: y\n',
    'a duplicate key, far apart': 'clusters:\n- name: a\n  cluster:\n    server: x\n    tls-server-name: s\n    extensions:\n    - name: e\n      extension: {}\n    server: y\n',
    'CRLF': 'clusters:\r\n- name: a\r\n  cluster:\r\n    server: x\r\ncurrent-context: a\r\n',
    'a lone CR': 'clusters:\r- name: a\n  cluster: {}\n',
    'a tab': 'clusters:\n- name: a\n  cluster:\n    server:\tx\n',
    'comments everywhere': '# head\nclusters: # list\n# between\n- name: a # the name\n  # inside\n  cluster:\n    server: x # end\n',
    'a multi-line plain scalar': 'clusters:\n- name: a\n  cluster:\n    server: x\n      y\n',
    'an anchor and an alias': 'clusters:\n- name: a\n  cluster: &c\n    server: x\n- name: b\n  cluster: *c\n',
    'a merge key': 'base: &b {server: x}\nclusters:\n- name: a\n  cluster:\n    <<: *b\n',
    'two documents': 'clusters: []\n---\nusers: []\n',
    'a flow list': 'clusters: [{name: a, cluster: {server: x}}]\n',
    'an empty list': 'clusters: []\nusers:\ncontexts:\n- name: c\n  context: {}\n',
    'an entry without a name': 'clusters:\n- cluster: {}\n',
    'an inner stanza that is a list': 'clusters:\n- name: a\n  cluster:\n  - x\n',
    'an inner stanza that is a scalar': 'clusters:\n- name: a\n  cluster: x\n',
    'a scalar entry': 'clusters:\n- a\n',
    'bad indentation': 'clusters:\n- name: a\n  cluster:\n    server: x\n   port: 1\n',
    'a key after a scalar, deeper': 'clusters:\n- name: a\n  cluster: {}\n    server: x\n',
    'an empty file': '',
    'comments only': '# nothing\n',
    'a document that is a list': '- a\n- b\n',
    'no final newline': 'clusters:\n- name: a\n  cluster:\n    server: x',
    'a BOM': '\uFEFFclusters:\n- name: a\n  cluster: {}\n',
    'a name with a colon and a hash': 'clusters:\n- name: arn:aws:eks:x#1\n  cluster: {}\n',
    'a name followed by a comment': 'clusters:\n- name: a # comment\n  cluster: {}\n',
    'names with regular-expression characters': 'clusters:\n- name: a.b*c+(d)[e]\n  cluster: {}\n- name: a.b\n  cluster: {}\n',
    'exec users and extensions': 'users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      args:\n      - eks\n      - get-token\n      command: aws\n      env: null\n- name: v\n  user:\n    token: t\ncontexts:\n- context:\n    cluster: c\n    extensions:\n    - extension:\n        federation-name: f\n      name: kubefed\n    user: u\n  name: f\n',
    'an entry with another key': 'clusters:\n- name: a\n  cluster: {}\n  x-note: kept\n',
    'a list header with trailing spaces': 'clusters:   \n- name: a\n  cluster: {}\n',
    'the same list twice': 'clusters:\n- name: a\n  cluster: {}\nclusters:\n- name: b\n  cluster: {}\n',
    'current-context not a string': 'current-context: 12\nclusters:\n- name: a\n  cluster: {}\n',
    'current-context quoted': "current-context: 'yes'\nclusters:\n- name: a\n  cluster: {}\n",
    'a list indented by four': 'clusters:\n    - name: a\n      cluster:\n        server: x\n',
    'an inner map indented by four': 'clusters:\n- name: a\n  cluster:\n      server: x\n      port: 1\n',
    'a root indented': '  clusters:\n  - name: a\n    cluster: {}\n',
    'a key longer than 1024': `clusters:\n- name: a\n  cluster:\n    ${'k'.repeat(1100)}: v\n`,
    "another list's inner key, kubectl's order": 'clusters:\n- user:\n    token: t\n  name: a\n- cluster: {}\n  name: b\n',
  };
  // Characters js-yaml refuses or reads specially: the quick way checks them with the same match
  // that checks an entry's shape, the entries it does not vouch for and the rest of the file apart.
  const unsupportedChars: Record<string, string> = {
    "a control character in a simple entry's value": 'clusters:\n- name: a\n  cluster:\n    server: x\u0001y\n',
    "a control character in a simple entry's name": 'clusters:\n- cluster: {}\n  name: a\u0002b\n',
    "a NEL in a simple entry's name": 'clusters:\n- name: a\u0085b\n  cluster: {}\n',
    'a DEL in a single-quoted value': "clusters:\n- name: a\n  cluster:\n    server: 'x\u007f'\n",
    'a lone surrogate in a double-quoted value': 'clusters:\n- name: a\n  cluster:\n    server: "x\ud800"\n',
    'a BOM inside a value': 'clusters:\n- name: a\n  cluster:\n    server: x\ufeffy\n',
    'a tab inside a value': 'clusters:\n- name: a\n  cluster:\n    server: x\ty\n',
    'a control character in an entry that is not simple': 'clusters:\n- name: a\n  cluster: {}\n- name: b\n  cluster:\n    exec:\n      command: x\u0003\n',
    'a control character outside the lists': 'apiVersion: v\u0004\nclusters:\n- name: a\n  cluster: {}\n',
  };
  for (const [name, text] of Object.entries(unsupportedChars)) {
    it(`on ${name}: left to js-yaml`, () => {
      expect(scanKubeconfig(text)).toBeUndefined();
      expect(expectSameAsFullRead(text)).toBe(false);
    });
  }
  it('on printable characters beyond ASCII: takes the quick path', () => {
    const text = 'clusters:\n- name: café\n  cluster:\n    server: https://é.example\n- cluster:\n    server: "ünïcode"\n  name: b\n';
    expect(expectSameAsFullRead(text)).toBe(true);
  });
  for (const [name, text] of Object.entries(cases)) {
    it(`on ${name}`, () => {
      expectSameAsFullRead(text);
    });
  }

  it('takes the quick path for the layouts kubectl and YAML dumpers write', () => {
    expect(expectSameAsFullRead(cases['kubectl layout'])).toBe(true);
    expect(expectSameAsFullRead(cases['dump layout'])).toBe(true);
    expect(expectSameAsFullRead(cases.CRLF)).toBe(true);
    expect(expectSameAsFullRead(cases['quoted and typed-looking names'])).toBe(true);
    expect(expectSameAsFullRead(cases['exec users and extensions'])).toBe(true);
    expect(scanKubeconfig(cases['a duplicate name'])).toBeUndefined();
    expect(scanKubeconfig(cases['an anchor and an alias'])).toBeUndefined();
  });

  it('on a 10,000-entry file, reads the entries asked for and not the whole document', () => {
    const doc: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': 'extra-5' };
    for (let i = 0; i < 10_000; i++) {
      doc.clusters?.push({ name: `extra-${i}`, cluster: { server: `https://10.0.${i >> 8}.${i & 255}:6443` } });
      doc.users?.push({ name: `extra-${i}`, user: { token: `token-${i}` } });
      doc.contexts?.push({ name: `extra-${i}`, context: { cluster: `extra-${i}`, user: `extra-${i}` } });
    }
    for (const text of [yaml.dump(doc, { lineWidth: -1 }), kubectlLayout(doc).slice(1)]) {
      const file = readKubeconfigText(text, 'big');
      expect(file).toBeInstanceOf(ScannedFile);
      const loaded = mergeKubeconfigFiles({ paths: ['big'], explicit: true }, [file]);
      expect(loaded.currentContext).toBe('extra-5');
      expect(loaded.contexts.get('extra-9999')?.entry).toEqual({ name: 'extra-9999', context: { cluster: 'extra-9999', user: 'extra-9999' } });
      expect(loaded.users.has('extra-0')).toBe(true);
      expect(loaded.clusters.has('extra-10000')).toBe(false);
      // Not read yet: the document is still the getter that would parse it.
      expect(Object.getOwnPropertyDescriptor(file, 'doc')?.get).toBeDefined();
      // Walking a map reads everything, in file order, as before.
      expect([...loaded.clusters.keys()].slice(0, 2)).toEqual(['extra-0', 'extra-1']);
      expect(loaded.clusters.size).toBe(10_000);
      expect(Object.getOwnPropertyDescriptor(file, 'doc')?.get).toBeUndefined();
    }
  });

  it("on a big file with a few entries of other shapes (a federation's context), still reads only the entries asked for", () => {
    const doc: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': 'fed' };
    for (let i = 0; i < 2_000; i++) {
      doc.clusters?.push({ name: `extra-${i}`, cluster: { server: `https://10.0.${i >> 8}.${i & 255}:6443` } });
      doc.contexts?.push({ name: `extra-${i}`, context: { cluster: `extra-${i}`, user: `extra-${i}` } });
    }
    const fed = { name: 'fed', context: { cluster: 'extra-7', user: 'u', extensions: [{ name: 'kubefed', extension: { 'federation-name': 'fed' } }] } };
    doc.contexts?.splice(1_000, 0, fed);
    doc.users?.push({ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] } } });
    for (const text of [yaml.dump(doc, { lineWidth: -1 }), kubectlLayout(doc).slice(1)]) {
      const file = readKubeconfigText(text, 'big');
      expect(file).toBeInstanceOf(ScannedFile);
      const loaded = mergeKubeconfigFiles({ paths: ['big'], explicit: true }, [file]);
      expect(loaded.contexts.get('fed')?.entry).toEqual(fed);
      expect(loaded.contexts.get('extra-1999')?.entry).toEqual({ name: 'extra-1999', context: { cluster: 'extra-1999', user: 'extra-1999' } });
      expect(loaded.users.get('u')?.entry).toEqual(doc.users?.[0]);
      expect(loaded.clusters.has('fed')).toBe(false);
      expect(Object.getOwnPropertyDescriptor(file, 'doc')?.get).toBeDefined();
      // The same name twice, one of them in an entry of another shape: an error, as before.
      const contexts = text.indexOf('\ncontexts:');
      const twice = text.slice(0, contexts) + text.slice(contexts).replace('name: extra-1500\n', 'name: fed\n');
      expect(() => readKubeconfigText(twice, 'big')).toThrow('kubeconfig big is not valid: context "fed" is defined twice; fix or remove the file');
    }
  });

  it('leaves a small file to js-yaml', () => {
    expect(readKubeconfigText(cases['kubectl layout'], 'small')).not.toBeInstanceOf(ScannedFile);
  });

  it('merges several scanned files as kubectl does: the first file that defines a name wins', () => {
    const a = readKubeconfigText('clusters:\n- name: shared\n  cluster:\n    server: https://a\ncurrent-context: ""\n', 'a', 0);
    const b = readKubeconfigText('clusters:\n- name: shared\n  cluster:\n    server: https://b\n- name: only-b\n  cluster: {}\ncurrent-context: x\n', 'b', 0);
    expect([a, b].every((file) => file instanceof ScannedFile)).toBe(true);
    const loaded = mergeKubeconfigFiles({ paths: ['a', 'b'], explicit: false }, [a, b]);
    expect(loaded.clusters.get('shared')).toEqual({ entry: { name: 'shared', cluster: { server: 'https://a' } }, origin: 'a' });
    expect(loaded.clusters.get('only-b')?.origin).toBe('b');
    expect(loaded.currentContext).toBe('x');
    expect([...loaded.clusters.entries()].map(([name, merged]) => [name, merged.origin])).toEqual([['shared', 'a'], ['only-b', 'b']]);
  });
});
