/**
 * The shared scenario set against real control planes, then the same set against the emulator,
 * and the differential check between the two: kubefed must send the same requests and get the
 * same answers from both. A difference is a bug in the emulator (or a behaviour of kubefed that
 * depends on it) and is fixed there, never by loosening this comparison.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRunScenario } from '../scenarios/dry-run.js';
import { emulatorWorldEnv } from '../scenarios/emulator-env.js';
import { compareRuns, describeDifferences, type Invocation, type Normalizer } from '../scenarios/differential.js';
import { loadBalancerScenario } from '../scenarios/load-balancer.js';
import { membersScenario } from '../scenarios/members.js';
import { contextNormalizer, recordingEnv } from '../scenarios/recording-env.js';
import { registerSteps } from '../scenarios/steps.js';
import type { WorldScenarioEnv } from '../scenarios/world.js';
import { realWorldEnv } from './real-env.js';

interface Run {
  invocations: Invocation[];
  normalizer?: Normalizer;
}

const runs: Record<'real' | 'emulator', Run> = { real: { invocations: [] }, emulator: { invocations: [] } };

function scenarioSet(name: keyof typeof runs, start: () => Promise<WorldScenarioEnv & { cleanup(): Promise<void> }>): void {
  describe(`the scenario set against ${name === 'real' ? 'real control planes' : 'the emulator'}`, () => {
    let env: WorldScenarioEnv & { cleanup(): Promise<void> };
    beforeAll(async () => {
      const started = await start();
      const recorded = recordingEnv(started);
      runs[name].invocations = recorded.invocations;
      env = recorded.env;
      runs[name].normalizer = await contextNormalizer(env);
    }, 300_000);
    afterAll(async () => env?.cleanup());

    describe('init dry runs', () => registerSteps(dryRunScenario(() => env)));
    describe('a federation and its members', () => registerSteps(membersScenario(() => env)));
    describe('a LoadBalancer Service', () => registerSteps(loadBalancerScenario(() => env)));
  });
}

scenarioSet('real', async () => {
  const env = await realWorldEnv();
  process.stdout.write(`real control plane: ${env.world.clusters.length} clusters ready in ${env.world.startupMs} ms\n`);
  return env;
});
scenarioSet('emulator', emulatorWorldEnv);

describe('the differential check', () => {
  it('kubefed sent the same requests and got the same answers from the emulator as from the real API servers', () => {
    const { real, emulator } = runs;
    expect(real.invocations.length).toBeGreaterThan(10);
    const diffs = compareRuns(real.invocations, real.normalizer!, emulator.invocations, emulator.normalizer!);
    const exchanges = real.invocations.reduce((n, i) => n + i.exchanges.length, 0);
    process.stdout.write(`differential check: ${real.invocations.length} kubefed runs, ${exchanges} exchanges with the real servers, ${diffs.length} runs differ\n`);
    expect(describeDifferences(diffs, 'real', 'emulator')).toBe('');
  });
});
