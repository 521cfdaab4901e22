/**
 * Turning the scenario's federation down: with `kubefed destroy` when the CLI has it, otherwise
 * the way operators of the original did it (delete the namespace, then the kubeconfig entries).
 */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { makeTestDeps } from '../helpers/deps.js';
import { kubectlIn, type ScenarioEnv } from './env.js';

/** The registered destroy command, if the CLI has one (it is looked up, not assumed). */
export function findDestroyCommand(): Command | undefined {
  return buildProgram(makeTestDeps()).commands.find((c) => c.name() === 'destroy');
}

function hasOption(cmd: Command, long: string): boolean {
  return cmd.options.some((o) => o.long === long);
}

/** `kubefed destroy` for the scenario's federation, passing only the flags the command declares. */
export function destroyArgv(cmd: Command, env: ScenarioEnv): string[] {
  return [
    'destroy', env.federationName,
    ...(hasOption(cmd, '--yes') ? ['--yes'] : []),
    ...(hasOption(cmd, '--context') ? [`--context=${env.federationName}`] : []),
    ...(hasOption(cmd, '--host-cluster-context') ? [`--host-cluster-context=${env.hostContext}`] : []),
    ...(hasOption(cmd, '--federation-system-namespace') ? [`--federation-system-namespace=${env.namespace}`] : []),
    ...(hasOption(cmd, '--timeout') ? [`--timeout=${env.timeout}`] : []),
  ];
}

export type TeardownResult = { by: 'destroy'; code: number; stdout: string; stderr: string } | { by: 'kubectl' };

/** Destroys the federation, or removes its namespace and kubeconfig entries with kubectl. */
export async function tearDownFederation(env: ScenarioEnv): Promise<TeardownResult> {
  const destroy = findDestroyCommand();
  if (destroy) {
    const run = await env.kubefed(destroyArgv(destroy, env));
    return { by: 'destroy', code: run.code, stdout: run.stdout, stderr: run.stderr };
  }
  await kubectlIn(env, ['--context', env.hostContext, 'delete', 'namespace', env.namespace, '--ignore-not-found', '--wait=false']);
  for (const kind of ['context', 'cluster', 'user'] as const) {
    await kubectlIn(env, ['config', `delete-${kind}`, env.federationName]);
  }
  return { by: 'kubectl' };
}
