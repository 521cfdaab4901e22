import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubectl, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';

/**
 * init right after the federation's namespace was deleted (`kubectl delete namespace --wait=false`,
 * or a destroy interrupted while it waited): the namespace is Terminating and takes no new objects
 * until it is gone. A finalizer holds it in Terminating for as long as the test wants.
 */
let emu: Emulator;
let kubeconfig: string;
let conf: string;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const onHost = (...args: string[]) => kubectl([...args, '--kubeconfig', kubeconfig, '--context', 'rivendell']);
const release = () => onHost('patch', 'namespace', 'federation-system', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
const store = () => emu.cluster('rivendell').store;
const objectsIn = (namespace: string) => store().types.filter((t) => t.namespaced).flatMap((t) => store().list(t, namespace).map((o) => `${o.kind}/${o.metadata.name}`));

beforeEach(async () => {
  emu = await startEmulator([{ name: 'rivendell' }]);
  const dir = tempDir();
  kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
  await onHost('create', 'namespace', 'federation-system');
  await onHost('create', 'secret', 'generic', 'leftover', '-n', 'federation-system', '--from-literal=a=b');
  await onHost('patch', 'namespace', 'federation-system', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
  await onHost('delete', 'namespace', 'federation-system', '--wait=false');
  expect(await onHost('get', 'namespace', 'federation-system', '-o', 'jsonpath={.status.phase}')).toBe('Terminating');
}, 60_000);
afterEach(async () => emu?.close());

describe('init while its namespace is being deleted', () => {
  it('says so, waits until it is gone, then creates everything anew', async () => {
    const port = await freeNodePort();
    const started = Date.now();
    const running = kubefed(initArgs(conf, port, '--timeout=60s'), { env: { KUBECONFIG: kubeconfig }, sleep: realSleep });
    await realSleep(1_500);
    expect(objectsIn('federation-system')).toEqual([]);
    await release();
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(run.stderr).toMatch(/^Waiting for namespace "federation-system", being deleted, to be gone\.*[^\n]* done\n/m);
    expect(run.stderr).toContain('Creating a namespace federation-system for federation system components... done');
    const namespace = store().get(store().typeFor('v1', 'Namespace')!, undefined, 'federation-system');
    expect(namespace?.metadata.deletionTimestamp).toBeUndefined();
    expect(objectsIn('federation-system')).toContain('Deployment/apiserver');
    expect(objectsIn('federation-system')).not.toContain('Secret/leftover');
  }, 90_000);

  it('ends at --timeout (exit 3) when it is not gone by then, saying what holds it, with nothing created', async () => {
    try {
      const started = Date.now();
      const run = await kubefed(initArgs(conf, await freeNodePort(), '--timeout=3s'), { env: { KUBECONFIG: kubeconfig }, sleep: realSleep });
      expect(run.code, run.stderr).toBe(3);
      expect(Date.now() - started).toBeLessThan(3_000 + 2_000);
      expect(run.stderr).toContain('timed out waiting for namespace "federation-system" of context "rivendell" to finish being deleted');
      expect(run.stderr).toContain('namespace "federation-system" is Terminating (finalizers: example.com/hold)');
      expect(objectsIn('federation-system')).toEqual([]);
    } finally {
      await release();
    }
  }, 60_000);
});
