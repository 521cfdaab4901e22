import { describe, expect, it } from 'vitest';
import { mergeKubeconfigFiles } from '../../../src/kubeconfig/load.js';
import type { LoadedKubeconfig } from '../../../src/kubeconfig/model.js';
import { resolveWithOverrides } from '../../../src/kubeconfig/overrides.js';
import { parseKubeconfigText } from '../../../src/kubeconfig/parse.js';
import { UsageError } from '../../../src/errors.js';

const CONFIG = `
apiVersion: v1
kind: Config
current-context: fellowship
clusters:
- name: fellowship
  cluster: {server: https://fed.example:443, certificate-authority-data: Q0E=, tls-server-name: apiserver}
- name: backup
  cluster: {server: https://backup.example:443, certificate-authority: certs/backup-ca.crt}
users:
- name: fellowship
  user: {tokenFile: /var/run/token, client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
- name: robot
  user: {token: robot-token}
contexts:
- name: fellowship
  context: {cluster: fellowship, user: fellowship}
`;

function loaded(text = CONFIG): LoadedKubeconfig {
  return mergeKubeconfigFiles({ paths: ['/home/frodo/.kube/config'], explicit: false }, [{ path: '/home/frodo/.kube/config', doc: parseKubeconfigText(text, 'config') }]);
}

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  return [];
}

describe('kubectl connection overrides on the selected context', () => {
  it('none given: the context as the kubeconfig has it', () => {
    const ctx = resolveWithOverrides(loaded(), undefined, undefined, '--context');
    expect(ctx.cluster).toEqual({ server: 'https://fed.example:443', 'certificate-authority-data': 'Q0E=', 'tls-server-name': 'apiserver' });
  });

  it('--server replaces the address and drops tls-server-name, keeping the CA; --token replaces the token file, keeping the client certificate', () => {
    const ctx = resolveWithOverrides(loaded(), undefined, { server: 'https://10.0.0.9:6443', token: 'T0KEN' }, '--context');
    expect(ctx.name).toBe('fellowship');
    expect(ctx.cluster).toEqual({ server: 'https://10.0.0.9:6443', 'certificate-authority-data': 'Q0E=' });
    expect(ctx.user).toEqual({ token: 'T0KEN', 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' });
  });

  it('--certificate-authority replaces the CA data (a relative path is read against the working directory); --insecure-skip-tls-verify drops the CA', () => {
    const withCa = resolveWithOverrides(loaded(), 'fellowship', { certificateAuthority: 'ca.pem' }, '--context', '/work/dir');
    expect(withCa.cluster).toEqual({ server: 'https://fed.example:443', 'tls-server-name': 'apiserver', 'certificate-authority': '/work/dir/ca.pem', 'insecure-skip-tls-verify': false });
    const insecure = resolveWithOverrides(loaded(), 'fellowship', { insecureSkipTlsVerify: true }, '--context');
    expect(insecure.cluster).toEqual({ server: 'https://fed.example:443', 'tls-server-name': 'apiserver', 'insecure-skip-tls-verify': true });
  });

  it('--cluster and --user swap in other entries, file paths read against the kubeconfig that holds them', () => {
    const ctx = resolveWithOverrides(loaded(), undefined, { cluster: 'backup', user: 'robot' }, '--context');
    expect(ctx).toMatchObject({ name: 'fellowship', clusterName: 'backup', userName: 'robot' });
    expect(ctx.cluster).toEqual({ server: 'https://backup.example:443', 'certificate-authority': '/home/frodo/.kube/certs/backup-ca.crt' });
    expect(ctx.user).toEqual({ token: 'robot-token' });
  });

  it('unknown --cluster or --user, or a named context that does not exist: usage errors naming the flag', () => {
    expect(problems(() => resolveWithOverrides(loaded(), undefined, { user: 'gollum' }, '--context'))).toEqual([
      'user "gollum" given to --user is not in kubeconfig (/home/frodo/.kube/config); pass an existing user',
    ]);
    expect(problems(() => resolveWithOverrides(loaded(), undefined, { cluster: 'mordor' }, '--context'))).toEqual([
      'cluster "mordor" given to --cluster is not in kubeconfig (/home/frodo/.kube/config); pass an existing cluster, or --server',
    ]);
    expect(problems(() => resolveWithOverrides(loaded(), 'nope', { server: 'https://x' }, '--context'))[0]).toMatch(/^context "nope" not found in kubeconfig/);
  });

  it('no context at all: --server makes one, and without it the error names both flags', () => {
    const empty = loaded('apiVersion: v1\nkind: Config\n');
    const ctx = resolveWithOverrides(empty, undefined, { server: 'https://fed.example:443', token: 'T0KEN', insecureSkipTlsVerify: true }, '--context');
    expect(ctx.cluster).toEqual({ server: 'https://fed.example:443', 'insecure-skip-tls-verify': true });
    expect(ctx.user).toEqual({ token: 'T0KEN' });
    expect(problems(() => resolveWithOverrides(empty, undefined, { token: 'T0KEN' }, '--context'))).toEqual(['no current context in kubeconfig; pass --context, or the server to --server']);
  });
});
