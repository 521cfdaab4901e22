/**
 * The real kubectl as an independent judge of the emulator: discovery, protobuf and JSON
 * creates, client-side and server-side apply, reads, errors, dry runs and deletes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_TOKEN, namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  s = await startTestServer();
  await s.request('POST', '/api/v1/namespaces', { body: namespace('default') });
  await s.request('POST', '/api/v1/namespaces', { body: namespace('kube-system') });
  dir = mkdtempSync(join(tmpdir(), 'emulator-kubectl-'));
  kubeconfig = join(dir, 'config');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'emu', cluster: { server: s.api.url, 'certificate-authority-data': b64(s.pki.ca.certPem) } }],
    users: [
      { name: 'admin', user: { 'client-certificate-data': b64(s.pki.admin.certPem), 'client-key-data': b64(s.pki.admin.keyPem) } },
      { name: 'token', user: { token: ADMIN_TOKEN } },
    ],
    contexts: [
      { name: 'emu', context: { cluster: 'emu', user: 'admin', namespace: 'default' } },
      { name: 'emu-token', context: { cluster: 'emu', user: 'token', namespace: 'default' } },
    ],
    'current-context': 'emu',
  };
  writeFileSync(kubeconfig, JSON.stringify(doc), { mode: 0o600 });
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl asynchronously: the server lives in this process and must keep answering. */
function kubectl(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function writeManifest(name: string, obj: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(obj));
  return path;
}

const deployment = (image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } } },
});

describe('kubectl', () => {
  test('get ns goes through discovery and lists namespaces', async () => {
    const run = await kubectl('get', 'ns', '-o', 'name');
    expect(run).toEqual({ code: 0, stdout: 'namespace/default\nnamespace/kube-system\n', stderr: '' });
  });

  test('create secret generic (sent as protobuf) and read it back', async () => {
    expect(await kubectl('create', 'secret', 'generic', 'creds', '--from-literal=user=admin', '--from-literal=pass=s3cret')).toEqual({ code: 0, stdout: 'secret/creds created\n', stderr: '' });
    const secret = JSON.parse((await kubectl('get', 'secret', 'creds', '-o', 'json')).stdout);
    expect(secret).toMatchObject({ kind: 'Secret', type: 'Opaque', data: { user: 'YWRtaW4=', pass: 'czNjcmV0' }, metadata: { name: 'creds', namespace: 'default' } });
    expect(await kubectl('create', 'configmap', 'settings', '--from-literal=mode=fast')).toMatchObject({ code: 0, stdout: 'configmap/settings created\n' });
    expect(await kubectl('create', 'serviceaccount', 'robot', '-n', 'kube-system')).toMatchObject({ code: 0, stdout: 'serviceaccount/robot created\n' });
  });

  test('apply (client-side, then changed, then server-side) and get -o json', async () => {
    expect(await kubectl('apply', '-f', writeManifest('web-1.json', deployment('nginx:1.25')))).toEqual({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    expect(await kubectl('apply', '-f', writeManifest('web-1.json', deployment('nginx:1.25')))).toMatchObject({ code: 0, stdout: 'deployment.apps/web unchanged\n' });
    expect(await kubectl('apply', '-f', writeManifest('web-2.json', deployment('nginx:1.26')))).toMatchObject({ code: 0, stdout: 'deployment.apps/web configured\n' });
    const scaled = { ...deployment('nginx:1.26'), spec: { ...deployment('nginx:1.26').spec, replicas: 3 } };
    expect(await kubectl('apply', '--server-side', '-f', writeManifest('web-3.json', scaled))).toMatchObject({ code: 0, stdout: 'deployment.apps/web serverside-applied\n' });
    const live = JSON.parse((await kubectl('get', 'deploy', 'web', '-o', 'json')).stdout);
    expect(live.spec.replicas).toBe(3);
    expect(live.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:1.26', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ]);
    expect(live.metadata.generation).toBe(3);
    expect(JSON.parse(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.template.spec.containers[0].image).toBe('nginx:1.26');
  });

  test('server errors read as kubectl prints them', async () => {
    expect(await kubectl('get', 'secret', 'absent')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): secrets "absent" not found\n' });
    const dup = await kubectl('create', 'secret', 'generic', 'creds', '--from-literal=a=b');
    expect(dup.stderr).toBe('error: failed to create secret secrets "creds" already exists\n');
    const invalid = await kubectl('apply', '-f', writeManifest('bad.json', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  test('unknown fields: kubectl asks for strict field validation and the server refuses them', async () => {
    const typo = { ...deployment('nginx:1.27'), metadata: { name: 'typo' }, spec: { ...deployment('nginx:1.27').spec, replica: 2 } };
    const run = await kubectl('apply', '-f', writeManifest('typo.json', typo));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"');
    const warned = await kubectl('apply', '--validate=warn', '-f', writeManifest('typo.json', typo));
    expect(warned).toMatchObject({ code: 0, stdout: 'deployment.apps/typo created\n' });
    expect(warned.stderr).toContain('unknown field "spec.replica"');
  });

  test('server-side dry run sends dryRun=All and stores nothing', async () => {
    const run = await kubectl('create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server');
    expect(run).toMatchObject({ code: 0, stdout: 'configmap/dry created (server dry run)\n' });
    expect(s.log.filter((e) => e.path === '/api/v1/namespaces/default/configmaps' && e.method === 'POST').pop()).toMatchObject({ dryRun: true, mutating: false, status: 201 });
    expect((await kubectl('get', 'configmap', 'dry')).code).toBe(1);
  });

  test('a bearer-token context works; delete removes objects', async () => {
    expect(await kubectl('--context', 'emu-token', 'get', 'deploy', 'web', '-o', 'name')).toMatchObject({ code: 0, stdout: 'deployment.apps/web\n' });
    expect(s.log[s.log.length - 1].user).toBe('admin');
    expect(await kubectl('delete', 'deploy', 'web')).toEqual({ code: 0, stdout: 'deployment.apps "web" deleted\n', stderr: '' });
    expect(await kubectl('delete', 'secret', 'creds')).toMatchObject({ code: 0, stdout: 'secret "creds" deleted\n' });
    expect((await kubectl('get', 'deploy', 'web')).stderr).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });
});
