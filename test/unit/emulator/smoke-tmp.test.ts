import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, namespace, type TestServer } from './harness.js';
let s: TestServer;
let kc: string;
beforeAll(async () => {
  s = await startTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  kc = join(dir, 'config');
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  writeFileSync(kc, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'emu', cluster: { server: s.api.url, 'certificate-authority-data': b64(s.pki.ca.certPem) } }],
    users: [{ name: 'admin', user: { 'client-certificate-data': b64(s.pki.admin.certPem), 'client-key-data': b64(s.pki.admin.keyPem) } }],
    contexts: [{ name: 'emu', context: { cluster: 'emu', user: 'admin', namespace: 'default' } }], 'current-context': 'emu' }));
  await s.request('POST', '/api/v1/namespaces', { body: namespace('default') });
});
afterAll(() => s.close());
function k(...args: string[]) {
  return new Promise((resolve) => execFile('kubectl', ['--kubeconfig', kc, ...args], { encoding: 'utf8', env: { ...process.env, HOME: '/tmp/kchome' } }, (err, stdout, stderr) => {
    console.log('$ kubectl', args.join(' '), '\n', err?.code ?? 0, stdout, stderr);
    resolve(stdout);
  }));
}
test('kubectl', async () => {
  await k('get', 'ns');
  await k('create', 'secret', 'generic', 'x', '--from-literal=a=b');
  await k('get', 'secret', 'x', '-o', 'json');
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } } };
  writeFileSync('/tmp/dep.json', JSON.stringify(dep));
  await k('apply', '-f', '/tmp/dep.json');
  dep.spec.template.spec.containers[0].image = 'nginx:1.26';
  writeFileSync('/tmp/dep.json', JSON.stringify(dep));
  await k('apply', '-f', '/tmp/dep.json');
  await k('apply', '--server-side', '-f', '/tmp/dep.json');
  await k('get', 'deploy', 'web', '-o', 'json');
  await k('get', 'deploy');
  await k('delete', 'secret', 'x');
  await k('delete', 'deploy', 'web');
  await k("create", "configmap", "cm", "--from-literal=k=v"); await k("create", "ns", "other"); await k("create", "sa", "robot"); await k("get", "cm,sa,secret", "-o", "yaml");
  await k('delete', 'ns', 'default', '--wait=false');
  console.log(s.log.map((e) => `${e.method} ${e.path} ${JSON.stringify(e.query)} ${e.status}`).join('\n'));
});
