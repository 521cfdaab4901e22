import { afterAll, beforeAll, describe } from 'vitest';
import { emulatorWorldEnv } from '../../scenarios/emulator-env.js';
import { loadBalancerScenario } from '../../scenarios/load-balancer.js';
import { membersScenario } from '../../scenarios/members.js';
import { registerSteps } from '../../scenarios/steps.js';
import type { WorldScenarioEnv } from '../../scenarios/world.js';

/** The shared scenario set against emulated clusters; `test/real/` runs the same against real ones. */
describe('a federation and its members, every path, against the emulator', () => {
  let env: WorldScenarioEnv & { cleanup(): Promise<void> };
  beforeAll(async () => {
    env = await emulatorWorldEnv();
  });
  afterAll(async () => env?.cleanup());

  describe('members', () => registerSteps(membersScenario(() => env)));
  describe('load balancer', () => registerSteps(loadBalancerScenario(() => env)));
});
