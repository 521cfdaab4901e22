import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRunScenario } from '../../scenarios/dry-run.js';
import { emulatorEnv, type EmulatorScenarioEnv } from '../../scenarios/emulator-env.js';
import { registerSteps } from '../../scenarios/steps.js';

/** The shared dry-run scenario against emulated clusters. */
describe('init dry runs against the emulator', () => {
  let env: EmulatorScenarioEnv;

  beforeAll(async () => {
    env = await emulatorEnv();
  });
  afterAll(async () => env?.cleanup());

  registerSteps(dryRunScenario(() => env));

  it('no cluster received a single mutating request', () => {
    for (const cluster of env.emu.clusters) expect(cluster.mutatingRequests()).toEqual([]);
    const host = env.emu.cluster(env.hostContext);
    expect(host.requests.filter((r) => r.method !== 'GET').every((r) => r.dryRun)).toBe(true);
    expect(host.requests.some((r) => r.dryRun && r.method === 'POST')).toBe(true);
  });
});
