/**
 * The transport's messages, exact text (README "Output, errors and exit codes"): TLS material
 * that is not what the kubeconfig says it is, exec credential plugins that hang or print
 * something else, and an init whose --timeout runs out before the pods are ready.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { startMisbehavingServer, type MisbehavingServer } from '../../helpers/misbehaving-server.js';

const MARGIN_MS = 2_000;
const b64 = (text: string) => Buffer.from(text).toString('base64');

let server: MisbehavingServer;
beforeAll(async () => {
  // Answers everything with 503: any request that reached it would show in server.requests.
  server = await startMisbehavingServer({ kind: 'storm', status: 503 });
});
afterAll(async () => server?.close());

/** A kubeconfig with context rivendell at the test server, with these cluster and user fields. */
function kubeconfigWith(cluster: Record<string, unknown>, user: Record<string, unknown>): { dir: string; path: string } {
  const dir = tempDir('kubefed-messages-');
  const path = join(dir, 'config');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'rivendell',
    clusters: [{ name: 'rivendell', cluster: { server: server.url.replace('http:', 'https:'), ...cluster } }],
    users: [{ name: 'rivendell-admin', user }],
    contexts: [{ name: 'rivendell', context: { cluster: 'rivendell', user: 'rivendell-admin' } }],
  };
  writeFileSync(path, JSON.stringify(doc));
  return { dir, path };
}

async function init(kubeconfig: { dir: string; path: string }, ...extra: string[]) {
  const conf = writeTemp(kubeconfig.dir, 'coredns.conf', COREDNS_CONFIG);
  const started = Date.now();
  const run = await kubefed(initArgs(conf, 30123, ...extra), { env: { KUBECONFIG: kubeconfig.path, PATH: process.env.PATH } });
  return { ...run, elapsedMs: Date.now() - started };
}

describe('TLS material that is not what it claims to be: the kubeconfig entry and the fix, exit 2, nothing sent', () => {
  afterEach(() => {
    expect(server.requests).toEqual([]);
  });

  it('certificate-authority-data that is not a certificate', async () => {
    const kc = kubeconfigWith({ 'certificate-authority-data': b64('this is not a certificate') }, { token: 'tok' });
    const run = await init(kc);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: certificate-authority-data of cluster "rivendell" in kubeconfig ${kc.path} is not a PEM certificate; ` +
        "set it to the cluster's CA certificate (kubectl config set-cluster rivendell --certificate-authority=<ca.crt> --embed-certs)\n",
    );
  });

  it('a certificate-authority file that is not a certificate', async () => {
    const dir = tempDir('kubefed-messages-');
    const ca = writeTemp(dir, 'ca.crt', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    const kc = kubeconfigWith({ 'certificate-authority': ca }, { token: 'tok' });
    const run = await init(kc);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: the file ${ca} named by certificate-authority of cluster "rivendell" is not a PEM certificate; ` +
        "set it to the cluster's CA certificate (kubectl config set-cluster rivendell --certificate-authority=<ca.crt> --embed-certs)\n",
    );
  });

  it('client-certificate-data and client-key-data that are not a certificate and a key', async () => {
    const kc = kubeconfigWith({ 'insecure-skip-tls-verify': true }, { 'client-certificate-data': b64('garbage'), 'client-key-data': b64('more garbage') });
    const run = await init(kc);
    expect(run.code).toBe(2);
    const fix = 'kubectl config set-credentials rivendell-admin --client-certificate=<client.crt> --client-key=<client.key> --embed-certs';
    expect(run.stderr).toBe(
      `error: client-certificate-data of user "rivendell-admin" in kubeconfig ${kc.path} is not a PEM certificate; set it to your client certificate (${fix})\n` +
        `client-key-data of user "rivendell-admin" in kubeconfig ${kc.path} is not a PEM private key; set it to the key of your client certificate (${fix})\n`,
    );
  });
});

describe('exec credential plugins', () => {
  const plugin = (script: string) => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script] } });

  it('one that never returns is stopped at --request-timeout, named', async () => {
    const kc = kubeconfigWith({ 'insecure-skip-tls-verify': true }, plugin('setTimeout(() => {}, 600000)'));
    const run = await init(kc, '--request-timeout=1s');
    expect(run.elapsedMs).toBeLessThanOrEqual(1_000 + MARGIN_MS);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: the exec credential plugin "${process.execPath}" of user "rivendell-admin" did not finish within 1 s (--request-timeout); it was stopped\n` +
        'run the command yourself to see what it does, or fix the exec entry of that user in your kubeconfig; a plugin that asks questions gets no terminal from kubefed\n',
    );
    expect(server.requests).toEqual([]);
  });

  it('one that prints something other than JSON is named, its output is not', async () => {
    const kc = kubeconfigWith({ 'insecure-skip-tls-verify': true }, plugin('console.log("token: s3cret-not-json")'));
    const run = await init(kc);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: the exec credential plugin "${process.execPath}" of user "rivendell-admin" did not print an ExecCredential: its output is not JSON\n` +
        'run the command yourself to see what it does, or fix the exec entry of that user in your kubeconfig\n',
    );
  });

  it('a relative command with a slash is found next to the kubeconfig, as kubectl does', async () => {
    const kc = kubeconfigWith({ 'insecure-skip-tls-verify': true }, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './plugin.sh' } });
    chmodSync(writeTemp(kc.dir, 'plugin.sh', '#!/bin/sh\necho not-a-credential\n'), 0o755);
    const run = await init(kc);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('error: the exec credential plugin "./plugin.sh" of user "rivendell-admin" did not print an ExecCredential: its output is not JSON');
  });

  it('one that fails is named with its exit code and the first line it wrote to stderr', async () => {
    const kc = kubeconfigWith({ 'insecure-skip-tls-verify': true }, plugin('console.error("login required"); process.exit(3)'));
    const run = await init(kc);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(`error: the exec credential plugin "${process.execPath}" of user "rivendell-admin" failed (exit code 3): login required`);
  });
});

describe('init whose --timeout runs out while the pods start', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator([{ name: 'rivendell' }]);
  });
  afterAll(() => emu?.close());

  it('exits 3 and prints a cause between the error and "Fix the cause above"', async () => {
    const dir = tempDir('kubefed-short-');
    const kubeconfig = join(dir, 'config');
    emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
    const conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
    // Every look at the pods takes longer than what is left of --timeout.
    emu.cluster('rivendell').faults.add({ method: 'GET', path: /\/pods$/, times: Infinity, action: { type: 'latency', ms: 60_000 } });
    const started = Date.now();
    const run = await kubefed(initArgs(conf, await freeNodePort(), '--timeout=10s'), { env: { KUBECONFIG: kubeconfig } });
    const elapsedMs = Date.now() - started;
    emu.cluster('rivendell').faults.clear();
    console.log(`init --timeout=10s, pod lists that never answer: exit ${run.code} after ${elapsedMs} ms\n${run.stderr}`);
    expect(run.code, run.stderr).toBe(3);
    // The diagnosis after the deadline gets 2 s per request (README "Output, errors and exit codes").
    expect(elapsedMs).toBeLessThanOrEqual(10_000 + 2_000 + MARGIN_MS);
    const lines = run.stderr.trimEnd().split('\n');
    const error = lines.findIndex((l) => l.startsWith('error: timed out after 10s waiting for the federation control plane pods'));
    expect(error, run.stderr).toBeGreaterThanOrEqual(0);
    const hint = lines.findIndex((l) => l.startsWith('Fix the cause above'));
    expect(hint - error, run.stderr).toBeGreaterThanOrEqual(2);
    for (const cause of lines.slice(error + 1, hint)) expect(cause.trim()).not.toBe('');
  });
});
