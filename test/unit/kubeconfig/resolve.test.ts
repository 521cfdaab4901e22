import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { readContextExtension, resolveContext } from '../../../src/kubeconfig/resolve.js';
import { useTempDir, writeText } from './temp-files.js';

const tempDir = useTempDir();

const FEDERATION_FILE = `current-context: fellowship
contexts:
- name: fellowship
  context:
    cluster: fellowship
    user: fellowship-admin
    namespace: fed
    extensions:
    - name: kubefed
      extension: {host-context: rivendell, federation-system-namespace: federation-system}
- name: no-cluster
  context: {user: fellowship-admin}
- name: lost-cluster
  context: {cluster: mordor, user: fellowship-admin}
- name: lost-user
  context: {cluster: fellowship, user: gollum}
- name: anonymous
  context: {cluster: fellowship}
- name: gke-legacy
  context: {cluster: fellowship, user: gcp-user}
- name: aks-legacy
  context: {cluster: fellowship, user: azure-user}
- name: with-oidc
  context: {cluster: fellowship, user: oidc-user}
clusters:
- name: fellowship
  cluster: {server: https://fed.example, certificate-authority-data: Q0E=}
users:
- name: fellowship-admin
  user: {token: abc}
- name: gcp-user
  user:
    auth-provider:
      name: gcp
      config: {cmd-path: /usr/bin/gcloud, cmd-args: config config-helper --format=json}
- name: azure-user
  user:
    auth-provider: {name: azure, config: {apiserver-id: x}}
- name: oidc-user
  user:
    auth-provider: {name: oidc, config: {idp-issuer-url: https://issuer.example, client-id: kubefed, id-token: t}}
`;

/** Stanzas with file references in a second file below a subdirectory. */
const HOST_FILE = `contexts:
- name: rivendell
  context: {cluster: rivendell, user: elrond}
clusters:
- name: rivendell
  cluster: {server: https://rivendell.example, certificate-authority: certs/ca.crt}
users:
- name: elrond
  user: {client-certificate: ../elrond.crt, client-key: /abs/elrond.key, tokenFile: token, token: ''}
`;

function setUp() {
  const dir = tempDir();
  mkdirSync(join(dir, 'host'));
  const fed = writeText(dir, 'fed', FEDERATION_FILE);
  const host = writeText(join(dir, 'host'), 'config', HOST_FILE);
  return { dir, fed, host, loaded: loadKubeconfig({ paths: [fed, host], explicit: false }) };
}

describe('resolveContext', () => {
  it('resolves the current context with its cluster and user', () => {
    const { fed, loaded } = setUp();
    const ctx = resolveContext(loaded, undefined, '--context');
    expect(ctx).toEqual({
      name: 'fellowship',
      context: loaded.contexts.get('fellowship')?.entry.context,
      clusterName: 'fellowship',
      cluster: { server: 'https://fed.example', 'certificate-authority-data': 'Q0E=' },
      userName: 'fellowship-admin',
      user: { token: 'abc' },
      origin: { context: fed, cluster: fed, user: fed },
    });
    expect(resolveContext(loaded, '', '--context').name).toBe('fellowship');
  });

  it('makes relative file references absolute against the file that holds them', () => {
    const { dir, host, loaded } = setUp();
    const ctx = resolveContext(loaded, 'rivendell', '--host-cluster-context');
    expect(ctx.cluster['certificate-authority']).toBe(join(dir, 'host', 'certs', 'ca.crt'));
    expect(ctx.user).toEqual({
      'client-certificate': join(dir, 'elrond.crt'),
      'client-key': '/abs/elrond.key',
      tokenFile: join(dir, 'host', 'token'),
      token: '',
    });
    expect(ctx.origin).toEqual({ context: host, cluster: host, user: host });
    // The loaded view itself is left as read.
    expect(loaded.clusters.get('rivendell')?.entry.cluster['certificate-authority']).toBe('certs/ca.crt');
  });

  it('leaves the user out of a context that names none', () => {
    const { loaded } = setUp();
    const ctx = resolveContext(loaded, 'anonymous', '--context');
    expect(ctx.userName).toBeUndefined();
    expect(ctx.user).toBeUndefined();
    expect(ctx.origin.user).toBeUndefined();
  });

  const failures: Array<{ name: string; context: string | undefined; flag: string; message: (f: { fed: string; host: string }) => string }> = [
    {
      name: 'unknown context',
      context: 'gondor',
      flag: '--cluster-context',
      message: ({ fed, host }) => `context "gondor" not found in kubeconfig (${fed}, ${host}); pass an existing context to --cluster-context`,
    },
    {
      name: 'context without a cluster',
      context: 'no-cluster',
      flag: '--context',
      message: ({ fed }) => `context "no-cluster" names no cluster in kubeconfig ${fed}; set its cluster or pass another context to --context`,
    },
    {
      name: 'cluster missing',
      context: 'lost-cluster',
      flag: '--context',
      message: ({ fed, host }) =>
        `context "lost-cluster" refers to cluster "mordor", which is not in kubeconfig (${fed}, ${host}); add the cluster or pass another context to --context`,
    },
    {
      name: 'user missing',
      context: 'lost-user',
      flag: '--context',
      message: ({ fed, host }) =>
        `context "lost-user" refers to user "gollum", which is not in kubeconfig (${fed}, ${host}); add the user or pass another context to --context`,
    },
  ];
  const removedProviders = [
    {
      context: 'gke-legacy',
      message:
        'user "gcp-user" of context "gke-legacy" uses the gcp auth provider, which kubectl and kubefed no longer run; switch the user to the gke-gcloud-auth-plugin credential plugin (gcloud components install gke-gcloud-auth-plugin, then gcloud container clusters get-credentials again)',
    },
    {
      context: 'aks-legacy',
      message: 'user "azure-user" of context "aks-legacy" uses the azure auth provider, which kubectl and kubefed no longer run; switch the user to the kubelogin credential plugin (kubelogin convert-kubeconfig)',
    },
  ];
  it.each(removedProviders)('refuses the removed auth provider of $context, naming the credential plugin to use', ({ context, message }) => {
    const { loaded } = setUp();
    expect(() => resolveContext(loaded, context, '--context')).toThrow(new UsageError(message));
  });

  it('keeps the oidc auth provider, which kubectl still runs', () => {
    const { loaded } = setUp();
    expect(resolveContext(loaded, 'with-oidc', '--context').user?.['auth-provider']).toMatchObject({ name: 'oidc' });
  });

  it.each(failures)('$name', ({ context, flag, message }) => {
    const { fed, host, loaded } = setUp();
    expect(() => resolveContext(loaded, context, flag)).toThrow(new UsageError(message({ fed, host })));
  });

  it('asks for the flag when there is no current context', () => {
    const { host } = setUp();
    const loaded = loadKubeconfig({ paths: [host], explicit: true });
    const attempt = () => resolveContext(loaded, undefined, '--host-cluster-context');
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(new UsageError('no current context in kubeconfig; pass --host-cluster-context'));
  });
});

describe('readContextExtension', () => {
  it('returns the named extension of the context, or undefined', () => {
    const { loaded } = setUp();
    const fed = resolveContext(loaded, 'fellowship', '--context');
    expect(readContextExtension(fed, 'kubefed')).toEqual({ 'host-context': 'rivendell', 'federation-system-namespace': 'federation-system' });
    expect(readContextExtension(fed, 'other')).toBeUndefined();
    expect(readContextExtension(resolveContext(loaded, 'rivendell', '--context'), 'kubefed')).toBeUndefined();
  });
});

describe('resolveContext when kubeconfig files do not exist', () => {
  it('names the missing file and who named it, instead of the context', () => {
    const dir = tempDir();
    const gone = join(dir, 'gone');
    const fromEnv = loadKubeconfig({ paths: [gone], explicit: false, from: '$KUBECONFIG' });
    expect(() => resolveContext(fromEnv, 'rivendell', '--host-cluster-context')).toThrow(
      new UsageError(`context "rivendell" not found: kubeconfig file ${gone} (from $KUBECONFIG) does not exist; point $KUBECONFIG at your kubeconfig file, or pass it to --kubeconfig`),
    );
    const byDefault = loadKubeconfig({ paths: [gone], explicit: false, from: 'default' });
    expect(() => resolveContext(byDefault, undefined, '--context')).toThrow(
      new UsageError(`no current context: kubeconfig file ${gone} does not exist; pass your kubeconfig file to --kubeconfig, or set $KUBECONFIG`),
    );
  });

  it('lists the files of $KUBECONFIG that do not exist next to those read', () => {
    const dir = tempDir();
    const present = writeText(dir, 'present', 'contexts: []\n');
    const gone = join(dir, 'gone');
    const loaded = loadKubeconfig({ paths: [present, gone], explicit: false, from: '$KUBECONFIG' });
    expect(() => resolveContext(loaded, 'rivendell', '--context')).toThrow(
      new UsageError(`context "rivendell" not found in kubeconfig (${present}, ${gone}; ${gone} does not exist); pass an existing context to --context`),
    );
  });
});
