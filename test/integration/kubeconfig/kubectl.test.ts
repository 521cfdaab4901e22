import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeconfigEdit } from '../../../src/kubeconfig/edit.js';
import { loadKubeconfig } from '../../../src/kubeconfig/load.js';
import { resolveContext, readContextExtension } from '../../../src/kubeconfig/resolve.js';
import { lockKubeconfigFiles } from '../../../src/kubeconfig/lock.js';
import { updateKubeconfig } from '../../../src/kubeconfig/write.js';
import { seededRandom } from '../../helpers/deps.js';
import { aliasChainKubeconfig, SIMPLE_KUBECONFIG } from '../../unit/kubeconfig/alias-chain.js';
import { useTempDir, writeText } from '../../unit/kubeconfig/temp-files.js';

/** kubectl is the independent checker of what we write. */
const tempDir = useTempDir();

function kubectl(args: string[], env: Record<string, string> = {}, stderr: 'pipe' | 'inherit' = 'inherit'): string {
  return execFileSync('kubectl', args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', stderr],
  });
}

function byName(list: Array<{ name: string }>, name: string): any {
  return list.find((item) => item.name === name);
}

function viewJson(args: string[], env: Record<string, string> = {}): any {
  return JSON.parse(kubectl(['config', 'view', '-o', 'json', ...args], env));
}

const USER_FILE = `apiVersion: v1
kind: Config
preferences: {}
current-context: gke
extensions:
- name: top-level
  extension: {owner: someone-else}
clusters:
- name: gke
  cluster:
    server: https://35.1.2.3
    certificate-authority-data: Q0E=
    proxy-url: socks5://localhost:1080
users:
- name: gke-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      interactiveMode: IfAvailable
      provideClusterInfo: true
contexts:
- name: gke
  context: {cluster: gke, user: gke-user}
`;

const FEDERATION: KubeconfigEdit = {
  clusters: [{ name: 'fellowship', cluster: { server: 'https://10.0.0.1:443', 'certificate-authority-data': 'RkVE' } }],
  users: [{ name: 'fellowship', user: { token: 'fed-token' } }],
  contexts: [
    {
      name: 'fellowship',
      context: {
        cluster: 'fellowship',
        user: 'fellowship',
        extensions: [{ name: 'kubefed', extension: { 'host-context': 'rivendell', 'federation-system-namespace': 'x' } }],
      },
    },
  ],
  currentContext: 'fellowship',
};

describe('kubectl reads what we write', () => {
  it('sees our entries, our context extension and every field we do not own', async () => {
    const file = writeText(tempDir(), 'config', USER_FILE);
    await updateKubeconfig({ paths: [file], explicit: true }, FEDERATION, { overwrite: false });
    const view = viewJson(['--kubeconfig', file]);
    expect(view['current-context']).toBe('fellowship');
    expect(view.extensions).toEqual([{ name: 'top-level', extension: { owner: 'someone-else' } }]);
    // kubectl lists stanzas sorted by name.
    expect(view.clusters).toEqual([
      { name: 'fellowship', cluster: { server: 'https://10.0.0.1:443', 'certificate-authority-data': 'DATA+OMITTED' } },
      { name: 'gke', cluster: { server: 'https://35.1.2.3', 'certificate-authority-data': 'DATA+OMITTED', 'proxy-url': 'socks5://localhost:1080' } },
    ]);
    expect(byName(view.users, 'gke-user').user.exec).toMatchObject({ command: 'gke-gcloud-auth-plugin', interactiveMode: 'IfAvailable', provideClusterInfo: true });
    expect(byName(view.contexts, 'fellowship')).toEqual({
      name: 'fellowship',
      context: {
        cluster: 'fellowship',
        user: 'fellowship',
        extensions: [{ name: 'kubefed', extension: { 'federation-system-namespace': 'x', 'host-context': 'rivendell' } }],
      },
    });
    expect(kubectl(['config', 'get-contexts', '-o', 'name', '--kubeconfig', file])).toBe('fellowship\ngke\n');
  });

  it('merges a $KUBECONFIG pair we wrote the way we do', async () => {
    const dir = tempDir();
    const a = writeText(dir, 'a', USER_FILE);
    const b = join(dir, 'b');
    // b does not exist; new entries go to a, the first existing file.
    await updateKubeconfig({ paths: [a, b], explicit: false }, { ...FEDERATION, currentContext: undefined }, { overwrite: false });
    await updateKubeconfig({ paths: [b], explicit: false }, { contexts: [{ name: 'only-b', context: { cluster: 'gke' } }], currentContext: 'only-b' }, { overwrite: false });
    const env = { KUBECONFIG: `${a}:${b}` };
    expect(kubectl(['config', 'get-contexts', '-o', 'name'], env)).toBe('fellowship\ngke\nonly-b\n');
    expect(kubectl(['config', 'current-context'], env)).toBe('gke\n');
    const ours = loadKubeconfig({ paths: [a, b], explicit: false });
    expect([...ours.contexts.keys()]).toEqual(['gke', 'fellowship', 'only-b']);
    expect(ours.currentContext).toBe('gke');
  });
});

describe('we read and keep what kubectl writes', () => {
  it('round-trips a file kubectl edited, with our extension intact and the mode kept', async () => {
    const file = writeText(tempDir(), 'config', USER_FILE);
    chmodSync(file, 0o640);
    await updateKubeconfig({ paths: [file], explicit: true }, FEDERATION, { overwrite: false });
    kubectl(['config', 'set-context', 'fellowship', '--namespace', 'federation-system', '--kubeconfig', file]);
    kubectl(['config', 'set-credentials', 'kubectl-user', '--token', 'k', '--kubeconfig', file]);
    const loaded = loadKubeconfig({ paths: [file], explicit: true });
    const ctx = resolveContext(loaded, undefined, '--context');
    expect(ctx.context.namespace).toBe('federation-system');
    expect(readContextExtension(ctx, 'kubefed')).toEqual({ 'host-context': 'rivendell', 'federation-system-namespace': 'x' });
    await updateKubeconfig({ paths: [file], explicit: true }, { remove: { users: ['kubectl-user'] } }, { overwrite: false });
    const view = viewJson(['--kubeconfig', file, '--raw']);
    expect(view.users.map((u: { name: string }) => u.name)).toEqual(['fellowship', 'gke-user']);
    expect(byName(view.contexts, 'fellowship').context.namespace).toBe('federation-system');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file, 'utf8')).toContain('host-context: rivendell');
  });

  it('keeps kubectl from writing while we hold the lock, and lets it after', async () => {
    const file = writeText(tempDir(), 'config', USER_FILE);
    const release = await lockKubeconfigFiles([file], { sleep: async () => undefined, randomBytes: seededRandom(), waitBudgetMs: 0 });
    expect(() => kubectl(['config', 'use-context', 'gke', '--kubeconfig', file], {}, 'pipe')).toThrow(`open ${file}.lock: file exists`);
    await release();
    kubectl(['config', 'set-context', 'gke', '--namespace', 'n', '--kubeconfig', file]);
    expect(loadKubeconfig({ paths: [file], explicit: true }).contexts.get('gke')?.entry.context.namespace).toBe('n');
  });
});

describe('YAML aliases: we refuse exactly what kubectl refuses', () => {
  it.each([
    [10, 2],
    [10, 3],
    [10, 6],
    [3, 5],
    [3, 6],
    [5, 4],
    [20, 2],
  ])('a chain of %i aliases per level, %i levels', (fanout, levels) => {
    const file = writeText(tempDir(), 'config', aliasChainKubeconfig(SIMPLE_KUBECONFIG, levels, fanout));
    let kubectlError = '';
    try {
      kubectl(['config', 'view', '--kubeconfig', file], {}, 'pipe');
    } catch (err) {
      kubectlError = String((err as { stderr?: string }).stderr);
    }
    let ourError = '';
    try {
      loadKubeconfig({ paths: [file], explicit: true });
    } catch (err) {
      ourError = (err as Error).message;
    }
    expect(ourError === '' ? 'accepted' : 'refused', `kubectl: ${kubectlError || 'accepted'}`).toBe(kubectlError === '' ? 'accepted' : 'refused');
    if (kubectlError !== '') {
      expect(kubectlError).toContain('excessive aliasing');
      expect(ourError).toContain('excessive aliasing');
    }
  });
});
