/**
 * A scenario is an ordered list of named steps sharing state through a closure. Registered as one
 * vitest test per step: a failure names the step, later steps are skipped (their outcome would
 * only echo the first failure), and teardown steps run regardless.
 */
import { it } from 'vitest';
import type { ScenarioEnv } from './env.js';

export interface ScenarioStep {
  name: string;
  run(): Promise<void>;
  /** Runs even after an earlier step failed (teardown). */
  always?: boolean;
}

/** The scenario reads its env lazily: it is created in a `beforeAll`, after the steps are registered. */
export type EnvSource = () => ScenarioEnv;

/** Registers the steps as tests of the enclosing `describe`. */
export function registerSteps(steps: readonly ScenarioStep[]): void {
  let failed: string | undefined;
  for (const step of steps) {
    it(step.name, async (ctx) => {
      if (failed && !step.always) ctx.skip(`an earlier step failed: ${failed}`);
      try {
        await step.run();
      } catch (err) {
        failed ??= step.name;
        throw err;
      }
    });
  }
}
