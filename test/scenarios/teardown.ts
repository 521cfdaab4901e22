/**
 * Turning the scenario's federation down with `kubefed destroy`, which finds the host cluster and
 * namespace from what init recorded in the kubeconfig.
 */
import type { CliRun } from '../helpers/cli.js';
import type { ScenarioEnv } from './env.js';

export function destroyArgv(env: ScenarioEnv, ...extra: string[]): string[] {
  return ['destroy', env.federationName, '--yes', `--context=${env.federationName}`, `--timeout=${env.timeout}`, ...extra];
}

export function destroyFederation(env: ScenarioEnv): Promise<CliRun> {
  return env.kubefed(destroyArgv(env));
}
