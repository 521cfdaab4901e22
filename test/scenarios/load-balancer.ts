/**
 * init with the default LoadBalancer Service: the cloud (or the node agent standing in for it)
 * assigns an address, kubefed waits for it, writes it into the kubeconfig, and kubectl reaches
 * the federation there on port 443; destroy leaves every cluster as it was.
 */
import { expect } from 'vitest';
import { kubectlIn } from './env.js';
import { destroyArgv, initArgv } from './federation-queries.js';
import type { ScenarioStep } from './steps.js';
import { keyDiff, waitNamespaceGone, worldKeys, type WorldScenarioEnv } from './world.js';

export function loadBalancerScenario(envOf: () => WorldScenarioEnv): ScenarioStep[] {
  let before = new Map<string, string[]>();
  let address = '';
  return [
    {
      name: 'setup: every cluster\'s objects are recorded',
      async run() {
        before = await worldKeys(envOf());
      },
    },
    {
      name: 'init with a LoadBalancer Service uses the assigned address',
      async run() {
        const env = envOf();
        expect(env.loadBalancers).toBe(true);
        const run = await env.kubefed(initArgv({ ...env, serviceType: 'LoadBalancer' }));
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        address = /^Federation API server is running at: (\S+)\n$/.exec(run.stdout)?.[1] ?? '';
        expect(address).toMatch(/^127\.\d+\.\d+\.\d+$/);
        const server = (await kubectlIn(env, ['config', 'view', '-o', `jsonpath={.clusters[?(@.name=="${env.federationName}")].cluster.server}`])).trim();
        expect(server).toBe(`https://${address}`);
      },
    },
    {
      name: 'kubectl reaches the federation at that address on port 443',
      async run() {
        const env = envOf();
        expect((await kubectlIn(env, ['--context', env.federationName, 'get', '--raw', '/healthz'])).trim()).toBe('ok');
      },
    },
    {
      name: 'destroy leaves every cluster with the objects it had before',
      always: true,
      async run() {
        const env = envOf();
        const run = await env.kubefed(destroyArgv(env));
        expect(run.code).toBe(0);
        expect(await waitNamespaceGone(env, env.hostContext, env.namespace)).toBe(true);
        const after = await worldKeys(env);
        for (const [context, keys] of before) expect(keyDiff(keys, after.get(context) ?? []), context).toEqual({ added: [], removed: [] });
      },
    },
  ];
}
