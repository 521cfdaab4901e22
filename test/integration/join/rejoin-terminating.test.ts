import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubefed } from '../../helpers/cli.js';
import { federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

/**
 * A join right after an unjoin: the member's namespace is still being deleted (a real cluster's
 * namespace controller takes seconds to empty it), and takes no new objects until it is gone.
 * Here a finalizer on the namespace holds it in Terminating for as long as the test wants.
 */
let fx: Federation;
const onGondor = (...args: string[]) => kubectl([...args, '--kubeconfig', fx.kubeconfig, '--context', 'gondor']);
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const joinGondor = (...extra: string[]) => kubefed(['join', 'gondor', ...extra], { env: { KUBECONFIG: fx.kubeconfig }, sleep: realSleep });

/** Joins gondor, then unjoins it with a finalizer on its namespace: the namespace stays Terminating. */
async function unjoinLeavingTerminating(): Promise<void> {
  const joined = await joinGondor();
  expect(joined.code, joined.stderr).toBe(0);
  await onGondor('patch', 'namespace', 'federation-system', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
  const unjoined = await fx.run(['unjoin', 'gondor']);
  expect(unjoined.code, unjoined.stderr).toBe(0);
  const phase = await onGondor('get', 'namespace', 'federation-system', '-o', 'jsonpath={.status.phase}');
  expect(phase).toBe('Terminating');
}

const release = () => onGondor('patch', 'namespace', 'federation-system', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');

beforeAll(async () => {
  fx = await startFederation([{ name: 'gondor' }]);
}, 60_000);
afterAll(async () => fx?.close());

describe('join while the member namespace is being deleted', () => {
  it('says so, waits until it is gone, then creates it again and joins', async () => {
    await unjoinLeavingTerminating();
    const started = Date.now();
    const joining = joinGondor('--timeout=30s');
    await realSleep(1_500);
    await release();
    const run = await joining;
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(run.stderr).toContain('namespace "federation-system" is being deleted; waiting until it is gone to create it again\nnamespace "federation-system" created\n');
    expect(run.stdout).toBe('cluster "gondor" created\n');
    const namespace = getObject(fx.emu, 'gondor', 'v1', 'Namespace', undefined, 'federation-system');
    expect(namespace?.metadata.deletionTimestamp).toBeUndefined();
    expect(getObject(fx.emu, 'gondor', 'v1', 'ServiceAccount', 'federation-system', 'gondor-rivendell')).toBeDefined();
    expect(federationClusters(fx.emu).map((c) => c.metadata.name)).toEqual(['gondor']);
  }, 60_000);

  it('ends at --timeout (exit 3) when it is not gone by then, naming the namespace, with nothing joined', async () => {
    await unjoinLeavingTerminating();
    try {
      const started = Date.now();
      const run = await joinGondor('--timeout=3s');
      expect(run.code, run.stderr).toBe(3);
      expect(Date.now() - started).toBeLessThan(3_000 + 2_000);
      expect(run.stderr).toContain('timed out waiting for namespace "federation-system" on cluster "gondor" to finish being deleted');
      expect(run.stderr).toContain('namespace "federation-system" is Terminating (finalizers: example.com/hold)');
      expect(federationClusters(fx.emu)).toEqual([]);
    } finally {
      await release();
    }
  }, 60_000);
});
