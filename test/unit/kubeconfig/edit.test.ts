import { describe, expect, it } from 'vitest';
import { planKubeconfigEdit, type KubeconfigEdit } from '../../../src/kubeconfig/edit.js';
import { mergeKubeconfigFiles } from '../../../src/kubeconfig/load.js';
import type { KubeconfigDoc, LoadedKubeconfig, NamedCluster, NamedContext, NamedUser } from '../../../src/kubeconfig/model.js';
import { parseKubeconfigText, serializeKubeconfig } from '../../../src/kubeconfig/parse.js';

/** A user's file full of things we do not own; all of it must survive an edit. */
const RICH = `apiVersion: v1
kind: Config
preferences:
  colors: true
  extensions:
  - name: pref-ext
    extension: {a: 1}
extensions:
- name: top-level
  extension: {owner: someone-else}
x-unknown-top-level: {keep: [1, 2, 3]}
current-context: gke
clusters:
- name: gke
  cluster:
    server: https://35.1.2.3
    certificate-authority-data: Q0E=
    proxy-url: socks5://localhost:1080
    extensions:
    - name: cluster-ext
      extension: {zone: eu}
users:
- name: gke-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      args: null
      env: [{name: A, value: b}]
      provideClusterInfo: true
      interactiveMode: IfAvailable
- name: oidc-user
  user:
    auth-provider:
      name: oidc
      config: {idp-issuer-url: https://issuer, expiry: 2019-01-10T17:21:34Z}
contexts:
- name: gke
  context:
    cluster: gke
    user: gke-user
    extensions:
    - name: ctx-ext
      extension: {anything: [goes]}
`;

const B = `apiVersion: v1
kind: Config
current-context: from-b
clusters:
- name: in-b
  cluster: {server: https://b.example, x-sibling-inner: kept-only-if-not-replaced}
  x-sibling: stays
- name: gke
  cluster: {server: https://shadowed.example}
users: null
contexts:
- name: from-b
  context: {cluster: in-b}
`;

function loadDocs(files: Array<[string, string | undefined]>, explicit = false): LoadedKubeconfig {
  const existing = files.filter(([, text]) => text !== undefined).map(([path, text]) => ({ path, doc: parseKubeconfigText(text as string, path) }));
  return mergeKubeconfigFiles({ paths: files.map(([path]) => path), explicit }, existing);
}

const cluster = (name: string, server: string): NamedCluster => ({ name, cluster: { server } });
const user = (name: string, token: string): NamedUser => ({ name, user: { token } });
const context = (name: string, clusterName: string, userName?: string): NamedContext => ({ name, context: { cluster: clusterName, user: userName } });
const plan = (loaded: LoadedKubeconfig, edit: KubeconfigEdit, overwrite = false) => planKubeconfigEdit(loaded, edit, { overwrite });

describe('planKubeconfigEdit: where entries go', () => {
  it('appends new entries to the first existing file of $KUBECONFIG a:b', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, {
      clusters: [cluster('fellowship', 'https://fed')],
      users: [user('fellowship', 't')],
      contexts: [context('fellowship', 'fellowship', 'fellowship')],
    });
    expect([...result.files.keys()]).toEqual(['/a']);
    const doc = result.files.get('/a') as KubeconfigDoc;
    expect(doc.clusters?.map((c) => c.name)).toEqual(['gke', 'fellowship']);
    expect(doc.users?.map((u) => u.name)).toEqual(['gke-user', 'oidc-user', 'fellowship']);
    expect(doc.contexts?.at(-1)).toEqual({ name: 'fellowship', context: { cluster: 'fellowship', user: 'fellowship' } });
    expect(result).toMatchObject({ added: ['cluster "fellowship"', 'user "fellowship"', 'context "fellowship"'], updated: [], kept: [], removed: [], conflicts: [] });
  });

  it('writes to b when a is missing, and fills b\'s null list', () => {
    const loaded = loadDocs([['/missing', undefined], ['/b', B]]);
    const result = plan(loaded, { users: [user('u', 't')] });
    expect([...result.files.keys()]).toEqual(['/b']);
    expect(result.files.get('/b')?.users).toEqual([user('u', 't')]);
  });

  it('creates the last file, with apiVersion and kind, when none exists', () => {
    const loaded = loadDocs([['/m1', undefined], ['/m2', undefined]]);
    const result = plan(loaded, { contexts: [context('c', 'c')], currentContext: 'c' });
    expect([...result.files.entries()]).toEqual([
      ['/m2', { apiVersion: 'v1', kind: 'Config', contexts: [{ name: 'c', context: { cluster: 'c' } }], 'current-context': 'c' }],
    ]);
  });

  it('modifies an entry defined in b in b only, keeping its sibling keys', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { clusters: [cluster('in-b', 'https://new-b.example')] }, true);
    expect([...result.files.keys()]).toEqual(['/b']);
    expect(result.files.get('/b')?.clusters?.[0]).toEqual({ name: 'in-b', cluster: { server: 'https://new-b.example' }, 'x-sibling': 'stays' });
    expect(result.updated).toEqual(['cluster "in-b"']);
  });

  it('updates the first definition only when a name is shadowed', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { clusters: [cluster('gke', 'https://moved')] }, true);
    expect([...result.files.keys()]).toEqual(['/a']);
    expect(result.files.get('/a')?.clusters?.[0]).toEqual({ name: 'gke', cluster: { server: 'https://moved' } });
  });
});

describe('planKubeconfigEdit: existing names', () => {
  it('keeps an equal entry without rewriting any file (key order and undefined fields do not matter)', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, {
      clusters: [{ name: 'in-b', cluster: { 'x-sibling-inner': 'kept-only-if-not-replaced', server: 'https://b.example', 'tls-server-name': undefined } }],
      contexts: [context('from-b', 'in-b')],
    });
    expect(result.files.size).toBe(0);
    expect(result.kept).toEqual(['cluster "in-b"', 'context "from-b"']);
  });

  it('reports a different entry as a conflict and leaves it alone', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { clusters: [cluster('gke', 'https://elsewhere'), cluster('fresh', 'https://f')], users: [user('oidc-user', 't')] });
    expect(result.conflicts).toEqual(['cluster "gke"', 'user "oidc-user"']);
    expect(result.added).toEqual(['cluster "fresh"']);
    expect(result.files.get('/a')?.clusters?.[0].cluster.server).toBe('https://35.1.2.3');
  });

  it('replaces the inner map wholesale with overwrite', () => {
    const loaded = loadDocs([['/a', RICH]]);
    const result = plan(loaded, { users: [user('gke-user', 'static')] }, true);
    expect(result.files.get('/a')?.users?.[0]).toEqual({ name: 'gke-user', user: { token: 'static' } });
    expect(result.conflicts).toEqual([]);
  });

  it('refuses an edit that lists a name twice', () => {
    const loaded = loadDocs([['/a', RICH]]);
    expect(() => plan(loaded, { contexts: [context('x', 'a'), context('x', 'b')] })).toThrow('kubeconfig edit lists context "x" twice');
  });
});

describe('planKubeconfigEdit: removal and current-context', () => {
  it('removes an entry from every file that holds it', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { remove: { clusters: ['gke', 'absent'], contexts: ['from-b'] } });
    expect(result.files.get('/a')?.clusters).toEqual([]);
    expect(result.files.get('/b')?.clusters?.map((c) => c.name)).toEqual(['in-b']);
    expect(result.files.get('/b')?.contexts).toEqual([]);
    expect(result.removed).toEqual(['cluster "gke"', 'context "from-b"']);
  });

  it('adds a removed name back as a new entry in the write target', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { remove: { clusters: ['in-b'] }, clusters: [cluster('in-b', 'https://again')] });
    expect(result.files.get('/b')?.clusters?.map((c) => c.name)).toEqual(['gke']);
    expect(result.files.get('/a')?.clusters?.at(-1)).toEqual(cluster('in-b', 'https://again'));
    expect(result.added).toEqual(['cluster "in-b"']);
  });

  it('sets current-context in the write target', () => {
    const loaded = loadDocs([['/missing', undefined], ['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { currentContext: 'from-b' });
    expect([...result.files.keys()]).toEqual(['/a']);
    expect(result.files.get('/a')?.['current-context']).toBe('from-b');
    expect(result.updated).toEqual(['current-context "from-b"']);
  });

  it('keeps current-context that is already set there', () => {
    const loaded = loadDocs([['/a', RICH], ['/b', B]]);
    const result = plan(loaded, { currentContext: 'gke' });
    expect(result.files.size).toBe(0);
    expect(result.kept).toEqual(['current-context "gke"']);
  });

  it('clears current-context in the first file that sets it', () => {
    const loaded = loadDocs([['/a', 'clusters: null\n'], ['/b', B], ['/c', RICH]]);
    const result = plan(loaded, { currentContext: null });
    expect([...result.files.keys()]).toEqual(['/b']);
    expect(result.files.get('/b')).not.toHaveProperty('current-context');
    expect(result.removed).toEqual(['current-context "from-b"']);
  });

  it('changes nothing when clearing an unset current-context', () => {
    const loaded = loadDocs([['/a', 'clusters: null\n']]);
    expect(plan(loaded, { currentContext: null })).toEqual({ files: new Map(), added: [], updated: [], kept: [], removed: [], conflicts: [] });
  });
});

describe('planKubeconfigEdit: fields we do not own', () => {
  it('survive an edit untouched, through serialisation too', () => {
    const loaded = loadDocs([['/a', RICH]]);
    const original = structuredClone(loaded.files[0].doc);
    const newContext: NamedContext = {
      name: 'fellowship',
      context: {
        cluster: 'gke',
        user: 'gke-user',
        extensions: [{ name: 'kubefed', extension: { 'host-context': 'rivendell', 'federation-system-namespace': 'x' } }],
      },
    };
    const result = plan(loaded, { contexts: [newContext] });
    const written = parseKubeconfigText(serializeKubeconfig(result.files.get('/a') as KubeconfigDoc), 'written');
    expect(written).toEqual({ ...original, contexts: [...(original.contexts ?? []), newContext] });
    expect(written.users?.[1].user['auth-provider']).toEqual({ name: 'oidc', config: { 'idp-issuer-url': 'https://issuer', expiry: '2019-01-10T17:21:34Z' } });
    // The loaded view is not changed by planning.
    expect(loaded.files[0].doc).toEqual(original);
  });
});
