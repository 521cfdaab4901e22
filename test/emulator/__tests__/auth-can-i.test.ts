/**
 * The real `kubectl auth can-i` against a started emulator, for the admin certificate, a user
 * token and ServiceAccount tokens, compared word for word with what it prints against a real
 * kube-apiserver; and legacy ServiceAccount tokens refused once their Secret or account goes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type EmulatedCluster, type Emulator } from '../index.js';
import { ADMIN, BOUND_SERVICE_ACCOUNT, NO_BINDINGS_SERVICE_ACCOUNT, NO_BINDINGS_USER } from './can-i-expected.js';
import { adminCall, createAll, httpsCall } from './helpers.js';

const NS = 'team';
const RBAC = 'rbac.authorization.k8s.io';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let emulator: Emulator;
let cluster: EmulatedCluster;
let dir: string;

/** Runs kubectl asynchronously (the emulator answers from this process) with a private HOME. */
function kubectl(kubeconfig: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A kubeconfig that speaks to the cluster with a bearer token, namespace `team`. */
function tokenKubeconfig(c: EmulatedCluster, name: string, token: string): string {
  const path = join(dir, name);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'emu', cluster: { server: c.server, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: 'emu', user: name, namespace: NS } }],
    'current-context': name,
  };
  writeFileSync(path, JSON.stringify(doc), { mode: 0o600 });
  return path;
}

/** A ServiceAccount with a legacy token Secret; resolves to the token the controller put in it. */
async function serviceAccountToken(c: EmulatedCluster, name: string): Promise<string> {
  await createAll(c, [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-token`, namespace: NS, annotations: { 'kubernetes.io/service-account.name': name } },
      type: 'kubernetes.io/service-account-token',
    },
  ]);
  await c.settle();
  const secret = (await adminCall(c, 'GET', `/api/v1/namespaces/${NS}/secrets/${name}-token`)).json();
  return Buffer.from(secret.data.token, 'base64').toString('utf8');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-can-i-'));
  emulator = await startEmulator([{ name: 'member' }, { name: 'open', rbac: false }]);
  cluster = emulator.cluster('member');
  await createAll(cluster, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }]);
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl auth can-i --list', () => {
  test('the admin certificate: cluster-admin and the defaults, as on a real cluster', async () => {
    const kubeconfig = join(dir, 'admin');
    emulator.writeKubeconfig(kubeconfig, { currentContext: 'member', only: ['member'] });
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list', '-n', NS)).toEqual({ code: 0, stdout: ADMIN, stderr: '' });
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '*', '*', '-n', NS)).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
  });

  test('a user with no bindings gets exactly the bootstrap roles of system:authenticated', async () => {
    cluster.tokens.add('jane-token', { user: 'jane', groups: [] });
    const kubeconfig = tokenKubeconfig(cluster, 'jane', 'jane-token');
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list')).toEqual({ code: 0, stdout: NO_BINDINGS_USER, stderr: '' });
  });

  test('a ServiceAccount with no bindings: the same plus what every ServiceAccount may read', async () => {
    const kubeconfig = tokenKubeconfig(cluster, 'lonely', await serviceAccountToken(cluster, 'lonely'));
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list')).toEqual({ code: 0, stdout: NO_BINDINGS_SERVICE_ACCOUNT, stderr: '' });
    expect(await kubectl(kubeconfig, 'auth', 'can-i', 'get', 'pods')).toEqual({ code: 1, stdout: 'no\n', stderr: '' });
    expect(await kubectl(kubeconfig, 'auth', 'can-i', 'get', '/healthz')).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    const review = await kubectl(kubeconfig, 'auth', 'can-i', 'create', 'selfsubjectrulesreviews');
    expect(review).toEqual({ code: 0, stdout: 'yes\n', stderr: "Warning: resource 'selfsubjectrulesreviews' is not namespace scoped in group 'authorization.k8s.io'\n\n" });
  });

  test('a ServiceAccount bound to everything and to GET /healthz', async () => {
    const token = await serviceAccountToken(cluster, 'robot');
    await createAll(cluster, [
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRole',
        metadata: { name: 'robot-all' },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }],
      },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'robot-all' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'robot-all' },
        subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: NS }],
      },
    ]);
    const kubeconfig = tokenKubeconfig(cluster, 'robot', token);
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list')).toEqual({ code: 0, stdout: BOUND_SERVICE_ACCOUNT, stderr: '' });
    expect(await kubectl(kubeconfig, 'auth', 'can-i', 'delete', 'deployments.apps')).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    expect(await kubectl(kubeconfig, 'auth', 'can-i', 'get', '/metrics')).toEqual({ code: 1, stdout: 'no\n', stderr: '' });
  });

  test('a cluster without RBAC (AlwaysAllow) lists everything for everyone', async () => {
    const open = emulator.cluster('open');
    open.tokens.add('nobody-token', { user: 'nobody', groups: [] });
    const kubeconfig = tokenKubeconfig(open, 'nobody', 'nobody-token');
    const all = ['Resources   Non-Resource URLs   Resource Names   Verbs', '*.*         []                  []               [*]', '            [*]                 []               [*]', ''];
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list')).toEqual({ code: 0, stdout: all.join('\n'), stderr: '' });
  });
});

describe('legacy ServiceAccount tokens after deletion', () => {
  const unauthorized: Run = { code: 1, stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n' };
  const status = (token: string) => httpsCall(`${cluster.server}/apis`, 'GET', { ca: cluster.caPem, token }).then((a) => a.status);

  test('deleting the token Secret: 401 from the next request on', async () => {
    const token = await serviceAccountToken(cluster, 'gone-secret');
    const kubeconfig = tokenKubeconfig(cluster, 'gone-secret', token);
    expect((await kubectl(kubeconfig, 'auth', 'can-i', 'get', 'pods')).stdout).toBe('no\n');
    await adminCall(cluster, 'DELETE', `/api/v1/namespaces/${NS}/secrets/gone-secret-token`);
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list')).toEqual(unauthorized);
    expect(await kubectl(kubeconfig, 'auth', 'can-i', 'get', 'pods')).toEqual(unauthorized);
  });

  test('deleting the ServiceAccount: 401 from the next request on', async () => {
    const token = await serviceAccountToken(cluster, 'gone-account');
    const kubeconfig = tokenKubeconfig(cluster, 'gone-account', token);
    expect((await kubectl(kubeconfig, 'auth', 'can-i', '--list')).code).toBe(0);
    await adminCall(cluster, 'DELETE', `/api/v1/namespaces/${NS}/serviceaccounts/gone-account`);
    expect(await kubectl(kubeconfig, 'auth', 'can-i', '--list')).toEqual(unauthorized);
  });

  test('a Secret or ServiceAccount held by a finalizer, or a replaced token, stops it too', async () => {
    const keep = { finalizers: ['example.com/keep'] };
    const held = await serviceAccountToken(cluster, 'held-secret');
    const secret = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/held-secret-token`)).json();
    await adminCall(cluster, 'PUT', `/api/v1/namespaces/${NS}/secrets/held-secret-token`, { ...secret, metadata: { ...secret.metadata, ...keep } });
    await adminCall(cluster, 'DELETE', `/api/v1/namespaces/${NS}/secrets/held-secret-token`);
    expect(await status(held)).toBe(401);

    const account = await serviceAccountToken(cluster, 'held-account');
    const sa = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/serviceaccounts/held-account`)).json();
    await adminCall(cluster, 'PUT', `/api/v1/namespaces/${NS}/serviceaccounts/held-account`, { ...sa, metadata: { ...sa.metadata, ...keep } });
    expect(await status(account)).toBe(200);
    await adminCall(cluster, 'DELETE', `/api/v1/namespaces/${NS}/serviceaccounts/held-account`);
    expect(await status(account)).toBe(401);

    const replaced = await serviceAccountToken(cluster, 'replaced');
    const other = (await adminCall(cluster, 'GET', `/api/v1/namespaces/${NS}/secrets/replaced-token`)).json();
    other.data.token = Buffer.from('another-token').toString('base64');
    await adminCall(cluster, 'PUT', `/api/v1/namespaces/${NS}/secrets/replaced-token`, other);
    expect(await status(replaced)).toBe(401);
  });
});
