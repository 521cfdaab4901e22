import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorEnv, type EmulatorScenarioEnv } from '../../scenarios/emulator-env.js';
import { lifecycleScenario } from '../../scenarios/lifecycle.js';
import { registerSteps } from '../../scenarios/steps.js';

/** The shared lifecycle scenario against emulated clusters: a host and two members. */
describe('federation lifecycle against the emulator', () => {
  let env: EmulatorScenarioEnv;
  const keysBefore = new Map<string, string[]>();
  const keysOf = (name: string) => [...env.emu.cluster(name).snapshot().keys()].sort();

  beforeAll(async () => {
    env = await emulatorEnv();
    for (const cluster of env.emu.clusters) keysBefore.set(cluster.name, keysOf(cluster.name));
  });
  afterAll(async () => env?.cleanup());

  registerSteps(lifecycleScenario(() => env));

  it('leaves the host and every member with exactly the objects they had before', async () => {
    for (const cluster of env.emu.clusters) {
      await cluster.settle();
      expect(keysOf(cluster.name), cluster.name).toEqual(keysBefore.get(cluster.name));
    }
  });
});
