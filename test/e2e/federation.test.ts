import { afterAll, describe } from 'vitest';
import { dryRunScenario } from '../scenarios/dry-run.js';
import { lifecycleScenario } from '../scenarios/lifecycle.js';
import { realClusterEnv } from '../scenarios/real-cluster-env.js';
import { registerSteps } from '../scenarios/steps.js';

/**
 * The shared scenarios against real clusters named by KUBEFED_E2E_* variables (see the README,
 * "Testing against real clusters"). Without them every test is reported as skipped.
 */
const env = realClusterEnv();
const envOf = () => {
  if (!env) throw new Error('no real clusters configured');
  return env;
};

const where = env ? ` (host ${env.hostContext}, members ${env.memberContexts.join(', ')}, namespace ${env.namespace})` : '';

afterAll(async () => env?.cleanup());

describe.skipIf(!env)(`real clusters${where}: init dry runs create nothing`, () => {
  registerSteps(dryRunScenario(envOf));
});

describe.skipIf(!env)(`real clusters${where}: init, join, unjoin, destroy`, () => {
  registerSteps(lifecycleScenario(envOf));
});
