/**
 * A namespace being deleted, on real API servers with the real namespace controller: it refuses
 * new content ("… because it is being terminated") until it is gone. join right after an unjoin,
 * and init right after the federation's namespace was deleted, wait for that and then create
 * everything anew. A finalizer in the namespace's metadata holds it in Terminating for as long as
 * the test wants; the real controller empties it meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../helpers/cli.js';
import { startRealFederation, type RealFederation } from './federation.js';

const NS = 'federation-system';
const HOLD = '{"metadata":{"finalizers":["example.com/hold"]}}';
const RELEASE = '[{"op":"remove","path":"/metadata/finalizers"}]';
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('a namespace being deleted, on real API servers', () => {
  let fed: RealFederation;
  let env: Record<string, string>;
  let initArgv: string[];
  const run = (argv: string[]) => fed.run(argv);
  const on = (context: string, ...args: string[]) => kubectl(['--context', context, ...args], env);
  const phase = async (context: string) => (await on(context, 'get', 'namespace', NS, '-o', 'jsonpath={.status.phase}', '--ignore-not-found')).trim();

  /**
   * Deletes the namespace with a finalizer on it, and waits until the namespace controller has
   * emptied it: it then removes its own finalizer, `kubernetes` (pods and the etcd claim, which
   * waits for its pod, take a few seconds).
   */
  async function holdTerminating(context: string, deleteIt: () => Promise<unknown>): Promise<void> {
    await on(context, 'patch', 'namespace', NS, '--type=merge', '-p', HOLD);
    await deleteIt();
    expect(await phase(context)).toBe('Terminating');
    for (let i = 0; i < 240; i++) {
      const finalizers = await on(context, 'get', 'namespace', NS, '-o', 'jsonpath={.spec.finalizers}');
      if (finalizers.trim() === '') return;
      await realSleep(250);
    }
    throw new Error(`namespace ${NS} of ${context} was not emptied within 60 s`);
  }

  beforeAll(async () => {
    fed = await startRealFederation('kubefed-real-ns-deletion-');
    ({ env, initArgv } = fed);
  }, 300_000);
  afterAll(async () => fed?.stop());

  it('join right after unjoin waits for the member namespace to be gone, then joins', async () => {
    const joined = await run(['join', 'gondor', '--timeout=120s']);
    expect(joined.code, joined.stderr).toBe(0);
    await holdTerminating('gondor', async () => expect((await run(['unjoin', 'gondor', '--timeout=120s'])).code).toBe(0));

    const joining = run(['join', 'gondor', '--timeout=120s']);
    await realSleep(2_000);
    expect(await phase('gondor')).toBe('Terminating');
    await on('gondor', 'patch', 'namespace', NS, '--type=json', '-p', RELEASE);
    const again = await joining;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`namespace "${NS}" is being deleted; waiting until it is gone to create it again\nnamespace "${NS}" created\n`);
    expect(await phase('gondor')).toBe('Active');
    expect((await on('fellowship', 'get', 'clusters', '-o', 'name')).trim()).toBe('cluster.federation/gondor');
  });

  it('init right after its namespace was deleted waits until it is gone, then creates everything anew', async () => {
    await holdTerminating('rivendell', () => on('rivendell', 'delete', 'namespace', NS, '--wait=false'));

    const initing = run(initArgv);
    await realSleep(2_000);
    expect(await phase('rivendell')).toBe('Terminating');
    await on('rivendell', 'patch', 'namespace', NS, '--type=json', '-p', RELEASE);
    const again = await initing;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^Waiting for namespace "${NS}", being deleted, to be gone\\.*[^\\n]* done\\n`, 'm'));
    expect(again.stderr).toMatch(/^Objects: 12 created, 0 kept, 0 repaired$/m);
    expect(await phase('rivendell')).toBe('Active');
    expect((await on('fellowship', 'get', '--raw', '/healthz')).trim()).toBe('ok');
  });

  it('init ends at --timeout (exit 3) when the namespace is not gone by then, saying what holds it; status names it first', async () => {
    await holdTerminating('rivendell', () => on('rivendell', 'delete', 'namespace', NS, '--wait=false'));
    try {
      const started = Date.now();
      const timedOut = await run([...initArgv.filter((a) => !a.startsWith('--timeout=')), '--timeout=4s']);
      expect(timedOut.code, timedOut.stderr).toBe(3);
      expect(Date.now() - started).toBeLessThan(4_000 + 3_000);
      expect(timedOut.stderr).toContain(`timed out waiting for namespace "${NS}" of context "rivendell" to finish being deleted`);
      expect(timedOut.stderr).toContain(`namespace "${NS}" is Terminating (finalizers: example.com/hold)`);
      expect((await on('rivendell', 'get', 'secrets,deployments,services', '-n', NS, '-o', 'name')).trim()).toBe('');
      const status = await run(['status', '-o', 'json']);
      expect(status.code).toBe(1);
      expect((JSON.parse(status.stdout) as { problems: string[] }).problems[0]).toBe(`namespace "${NS}" is being deleted`);
    } finally {
      await on('rivendell', 'patch', 'namespace', NS, '--type=json', '-p', RELEASE);
    }
  });
});
