import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { ANONYMOUS_USER, normalizeServer, toKubeConfigOptions } from '../../../src/k8s/kube-options.js';
import type { ResolvedContext } from '../../../src/kubeconfig/model.js';

const files: Record<string, string> = {
  '/kube/ca.crt': 'CA PEM',
  '/kube/admin.crt': 'CERT PEM',
  '/kube/admin.key': 'KEY PEM',
  '/kube/token': '  tok-from-file\n',
};
const readFile = async (path: string) => {
  if (!(path in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  return Buffer.from(files[path]);
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

function context(cluster: ResolvedContext['cluster'], user?: ResolvedContext['user'], namespace?: string): ResolvedContext {
  return {
    name: 'gondor',
    context: { cluster: 'c1', ...(user ? { user: 'u1' } : {}), ...(namespace ? { namespace } : {}) },
    clusterName: 'c1',
    cluster,
    ...(user ? { userName: 'u1', user } : {}),
    origin: { context: '/kube/config', cluster: '/kube/config', ...(user ? { user: '/kube/config' } : {}) },
  };
}

describe('toKubeConfigOptions', () => {
  it('maps every cluster and user field, reading files into data', async () => {
    const opts = await toKubeConfigOptions(
      context(
        {
          server: 'https://10.0.0.1:6443/',
          'certificate-authority': '/kube/ca.crt',
          'insecure-skip-tls-verify': false,
          'tls-server-name': 'kubernetes',
          'proxy-url': 'socks5://proxy:1080',
        },
        {
          'client-certificate': '/kube/admin.crt',
          'client-key': '/kube/admin.key',
          tokenFile: '/kube/token',
          username: 'admin',
          password: 'secret',
          as: 'impersonated',
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', args: ['--x'] },
          'auth-provider': { name: 'oidc', config: { 'id-token': 'abc' } },
        },
        'kube-system',
      ),
      readFile,
    );
    expect(opts).toEqual({
      clusters: [
        { name: 'c1', server: 'https://10.0.0.1:6443', caData: b64('CA PEM'), skipTLSVerify: false, tlsServerName: 'kubernetes', proxyUrl: 'socks5://proxy:1080' },
      ],
      users: [
        {
          name: 'u1',
          certData: b64('CERT PEM'),
          keyData: b64('KEY PEM'),
          token: 'tok-from-file',
          username: 'admin',
          password: 'secret',
          impersonateUser: 'impersonated',
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', args: ['--x'] },
          authProvider: { name: 'oidc', config: { 'id-token': 'abc' } },
        },
      ],
      contexts: [{ name: 'gondor', cluster: 'c1', user: 'u1', namespace: 'kube-system' }],
      currentContext: 'gondor',
    });
  });

  it('keeps inline data and prefers an inline token over tokenFile', async () => {
    const opts = await toKubeConfigOptions(
      context(
        { server: 'https://h', 'certificate-authority-data': 'Q0E=', 'insecure-skip-tls-verify': true },
        { token: 'inline', tokenFile: '/missing', 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' },
      ),
      readFile,
    );
    expect(opts.clusters[0]).toEqual({ name: 'c1', server: 'https://h', caData: 'Q0E=', skipTLSVerify: true });
    expect(opts.users[0]).toEqual({ name: 'u1', token: 'inline', certData: 'Q0VSVA==', keyData: 'S0VZ' });
  });

  it('gives a context without a user an empty one, so the cluster CA is still used', async () => {
    const opts = await toKubeConfigOptions(context({ server: 'https://h', 'certificate-authority-data': 'Q0E=' }), readFile);
    expect(opts.users).toEqual([{ name: ANONYMOUS_USER }]);
    expect(opts.contexts).toEqual([{ name: 'gondor', cluster: 'c1', user: ANONYMOUS_USER }]);
  });

  it('names the file and the entry when a referenced file cannot be read', async () => {
    const run = toKubeConfigOptions(context({ server: 'https://h' }, { 'client-key': '/kube/gone.key' }), readFile);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow('cannot read the client key /kube/gone.key named by user "u1" of context "gondor" (ENOENT); fix the path in your kubeconfig');
  });

  it('rejects a cluster without a server', async () => {
    await expect(toKubeConfigOptions(context({}), readFile)).rejects.toThrow(
      'cluster "c1" of context "gondor" has no server in kubeconfig /kube/config; set its server URL',
    );
  });
});

describe('normalizeServer', () => {
  it.each([
    ['https://h:6443', 'https://h:6443'],
    ['https://h:6443//', 'https://h:6443'],
    ['10.0.0.1:6443', 'https://10.0.0.1:6443'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://rancher/k8s/clusters/c-1/', 'https://rancher/k8s/clusters/c-1'],
  ])('%s → %s', (input, want) => {
    expect(normalizeServer(input)).toBe(want);
  });
});
