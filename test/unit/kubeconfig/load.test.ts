import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { useTempDir, writeText } from './temp-files.js';

const tempDir = useTempDir();

const FILE_A = `apiVersion: v1
kind: Config
current-context: ctx-a
clusters:
- name: shared
  cluster: {server: https://a.example:6443}
- name: only-a
  cluster: {server: https://only-a.example}
users:
- name: shared
  user: {token: token-a}
contexts:
- name: ctx-a
  context: {cluster: shared, user: shared}
`;

const FILE_B = `apiVersion: v1
kind: Config
current-context: ctx-b
clusters:
- name: shared
  cluster: {server: https://b.example:6443}
- name: only-b
  cluster: {server: https://only-b.example}
users: null
contexts:
- name: ctx-b
  context: {cluster: only-b}
- name: ctx-a
  context: {cluster: only-b, namespace: shadowed}
`;

function load(paths: string[], explicit = false) {
  return loadKubeconfig({ paths, explicit });
}

describe('loadKubeconfig merge', () => {
  it('keeps the first definition of each name and the first current-context, remembering origins', () => {
    const dir = tempDir();
    const a = writeText(dir, 'a', FILE_A);
    const b = writeText(dir, 'b', FILE_B);
    const loaded = load([a, b]);
    expect(loaded.currentContext).toBe('ctx-a');
    expect(loaded.clusters.get('shared')).toEqual({ entry: { name: 'shared', cluster: { server: 'https://a.example:6443' } }, origin: a });
    expect(loaded.clusters.get('only-b')?.origin).toBe(b);
    expect([...loaded.clusters.keys()]).toEqual(['shared', 'only-a', 'only-b']);
    expect(loaded.contexts.get('ctx-a')).toEqual({ entry: { name: 'ctx-a', context: { cluster: 'shared', user: 'shared' } }, origin: a });
    expect([...loaded.users.keys()]).toEqual(['shared']);
    expect(loaded.files.map((f) => f.path)).toEqual([a, b]);
    expect(loaded.writeTarget).toBe(a);
  });

  it('takes current-context from a later file when earlier files leave it empty', () => {
    const dir = tempDir();
    const a = writeText(dir, 'a', 'current-context: ""\nclusters: null\n');
    const b = writeText(dir, 'b', FILE_B);
    expect(load([a, b]).currentContext).toBe('ctx-b');
  });

  it('skips missing files and writes new entries to the existing one', () => {
    const dir = tempDir();
    const b = writeText(dir, 'b', FILE_B);
    const missing = join(dir, 'missing');
    const loaded = load([missing, b]);
    expect(loaded.files.map((f) => f.path)).toEqual([b]);
    expect(loaded.paths).toEqual([missing, b]);
    expect(loaded.currentContext).toBe('ctx-b');
    expect(loaded.writeTarget).toBe(b);
  });

  it('gives an empty view when no file exists, writing to the last', () => {
    const dir = tempDir();
    const loaded = load([join(dir, 'm1'), join(dir, 'm2')]);
    expect(loaded.files).toEqual([]);
    expect(loaded.clusters.size).toBe(0);
    expect(loaded.currentContext).toBeUndefined();
    expect(loaded.writeTarget).toBe(join(dir, 'm2'));
  });

  it('accepts a leading and a trailing document separator', () => {
    const dir = tempDir();
    const file = writeText(dir, 'c', `---\n${FILE_A}---\n`);
    expect(load([file]).currentContext).toBe('ctx-a');
  });

  it('reads an empty file and null lists as an empty kubeconfig', () => {
    const dir = tempDir();
    const empty = writeText(dir, 'empty', '# nothing here\n');
    const nulls = writeText(dir, 'nulls', 'apiVersion: v1\nkind: Config\nclusters: null\nusers: null\ncontexts: null\npreferences: {}\n');
    const loaded = load([empty, nulls]);
    expect(loaded.files.map((f) => f.doc)).toEqual([{}, { apiVersion: 'v1', kind: 'Config', clusters: null, users: null, contexts: null, preferences: {} }]);
    expect(loaded.contexts.size).toBe(0);
  });

  it('reports a --kubeconfig file that does not exist, naming the flag', () => {
    const file = join(tempDir(), 'nope.yaml');
    expect(() => load([file], true)).toThrow(new UsageError(`kubeconfig file ${file} does not exist; pass an existing file to --kubeconfig`));
  });

  it('accepts a missing --kubeconfig file when the writer asks to create it', () => {
    const file = join(tempDir(), 'new.yaml');
    const loaded = loadKubeconfig({ paths: [file], explicit: true }, { allowMissingExplicit: true });
    expect(loaded.files).toEqual([]);
    expect(loaded.writeTarget).toBe(file);
  });

  it('reports a directory given as a kubeconfig', () => {
    const dir = tempDir();
    expect(() => load([dir])).toThrow(new UsageError(`kubeconfig ${dir} is a directory, not a file; point to a kubeconfig file`));
  });
});

describe('loadKubeconfig invalid files', () => {
  const cases: Array<{ name: string; text: string; reason: string }> = [
    { name: 'malformed YAML', text: 'clusters: [\n  {name: a\n', reason: 'bad YAML at line 3 (unexpected end of the stream within a flow collection)' },
    { name: 'two documents', text: 'a: 1\n---\nb: 2\n', reason: 'it holds 2 YAML documents, and a kubeconfig is one' },
    { name: 'a list document', text: '- name: a\n', reason: 'the document is not a mapping' },
    { name: 'a scalar document', text: 'hello\n', reason: 'the document is not a mapping' },
    { name: 'clusters not a list', text: 'clusters: {a: 1}\n', reason: 'clusters is not a list' },
    { name: 'entry without a name', text: 'users:\n- name: ok\n  user: {}\n- user: {token: t}\n', reason: 'users[1] has no name' },
    { name: 'entry that is not a mapping', text: 'contexts:\n- just-a-string\n', reason: 'contexts[0] is not a mapping' },
    { name: 'inner stanza not a mapping', text: 'clusters:\n- name: c\n  cluster: [1]\n', reason: 'cluster "c" is not a mapping' },
    { name: 'a name defined twice', text: 'clusters:\n- name: c\n  cluster: {}\n- name: c\n  cluster: {}\n', reason: 'cluster "c" is defined twice' },
    { name: 'current-context not a string', text: 'current-context: [a]\n', reason: 'current-context is not a string' },
  ];
  it.each(cases)('$name', ({ text, reason }) => {
    const dir = tempDir();
    const good = writeText(dir, 'good', FILE_A);
    const bad = writeText(dir, 'bad', text);
    const attempt = () => load([good, bad]);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(new UsageError(`kubeconfig ${bad} is not valid: ${reason}; fix or remove the file`));
  });
});
