/**
 * The scenario world on real control planes: rivendell (host), gondor, rohan and isengard (behind
 * a GKE-style context), each a real kube-apiserver and kube-controller-manager with a node agent.
 * A refused create is a real ValidatingAdmissionPolicy, so the failure comes from the real
 * admission chain.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { COREDNS_CONFIG, freeNodePort, kubefed, tempDir, writeTemp } from '../helpers/cli.js';
import { GKE_MEMBER } from '../scenarios/emulator-env.js';
import { kubectlIn, listObjectsVia, type ScenarioEnv } from '../scenarios/env.js';
import { kubectlApply } from '../scenarios/kubectl-objects.js';
import type { WorldScenarioEnv } from '../scenarios/world.js';
import { startNodeAgent, type NodeAgent } from './node-agent/index.js';
import { startRealWorld, type RealWorld } from './world.js';

export interface RealScenarioEnv extends WorldScenarioEnv {
  world: RealWorld;
  agents: Map<string, NodeAgent>;
  cleanup(): Promise<void>;
}

export const HOST = 'rivendell';

/** API groups of the resources a scenario may refuse. */
const GROUP_OF: Record<string, string> = { clusterrolebindings: 'rbac.authorization.k8s.io', clusterroles: 'rbac.authorization.k8s.io', secrets: '', serviceaccounts: '' };

export async function realWorldEnv(): Promise<RealScenarioEnv> {
  const agents = new Map<string, NodeAgent>();
  const world = await startRealWorld({
    clusters: [{ name: HOST }, { name: 'gondor' }, { name: 'rohan' }, { name: GKE_MEMBER.name, context: GKE_MEMBER.context }],
    async onClusterReady(cluster) {
      const agent = await startNodeAgent({ cluster, memberDns: cluster.name !== HOST });
      agents.set(cluster.context, agent);
      return agent;
    },
  });
  const dir = tempDir('kubefed-real-scenario-');
  const settings = await realScenarioSettings(world, dir);
  const self: RealScenarioEnv = {
    world,
    agents,
    ...settings,
    gke: GKE_MEMBER,
    loadBalancers: true,
    volatileKinds: [],
    kubefed: (argv) => kubefed(argv, { env: settings.env, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }),
    listObjects: (context, kind, namespace) => listObjectsVia(self, context, kind, namespace),
    refuseCreates: (context, resource) => refuseWithPolicy(self, context, resource),
    async cleanup() {
      await world.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/**
 * What every scenario on a real world with `rivendell` as its host shares, with its files in
 * `dir`: a kubeconfig of every cluster (current context the host), the federation `fellowship` on
 * a free node port of the host's band advertised on 127.0.0.1 (the node agent serves it there),
 * and the coredns provider config.
 */
export async function realScenarioSettings(world: RealWorld, dir: string): Promise<Omit<ScenarioEnv, 'kubefed' | 'listObjects' | 'cleanup'>> {
  const kubeconfig = join(dir, 'config');
  world.writeKubeconfig(kubeconfig, { currentContext: HOST });
  return {
    kubeconfig,
    env: { KUBECONFIG: kubeconfig },
    hostContext: HOST,
    memberContexts: world.clusters.filter((c) => c.name !== HOST).map((c) => c.context),
    serviceType: 'NodePort',
    advertiseAddress: '127.0.0.1',
    nodePort: await freeNodePort(world.cluster(HOST).nodePortRange),
    dnsProviderConfig: writeTemp(dir, 'coredns-provider.conf', COREDNS_CONFIG),
    namespace: 'federation-system',
    timeout: '120s',
    federationName: 'fellowship',
  };
}

/**
 * Refuses creates of `resource` with a ValidatingAdmissionPolicy and its binding, and waits until
 * the API server enforces it (policies are loaded asynchronously); the returned function removes
 * both and waits until creates are accepted again.
 */
async function refuseWithPolicy(env: RealScenarioEnv, context: string, resource: string): Promise<() => Promise<void>> {
  const group = GROUP_OF[resource];
  if (group === undefined) throw new Error(`no API group known for ${resource}`);
  const name = `kubefed-test-refuse-${resource}`;
  await kubectlApply(env, context, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: [{ apiGroups: [group], apiVersions: ['*'], operations: ['CREATE'], resources: [resource] }] },
      validations: [{ expression: 'false', message: `creating ${resource} is refused here`, reason: 'Forbidden' }],
    },
  });
  await kubectlApply(env, context, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName: name, validationActions: ['Deny'] },
  });
  await waitUntil(() => probeCreate(env, context, resource).then((accepted) => !accepted), `the policy refusing ${resource} on ${context} to take effect`);
  return async () => {
    await kubectlIn(env, ['--context', context, 'delete', 'validatingadmissionpolicybinding', name, '--ignore-not-found']);
    await kubectlIn(env, ['--context', context, 'delete', 'validatingadmissionpolicy', name, '--ignore-not-found']);
    await waitUntil(() => probeCreate(env, context, resource), `creates of ${resource} on ${context} to be accepted again`);
  };
}

/** Whether a server-side dry-run create of `resource` is accepted. */
async function probeCreate(env: RealScenarioEnv, context: string, resource: string): Promise<boolean> {
  const args: Record<string, string[]> = {
    clusterrolebindings: ['create', 'clusterrolebinding', 'kubefed-probe', '--clusterrole=view', '--user=probe'],
    clusterroles: ['create', 'clusterrole', 'kubefed-probe', '--verb=get', '--resource=pods'],
    secrets: ['create', 'secret', 'generic', 'kubefed-probe', '-n', 'default'],
    serviceaccounts: ['create', 'serviceaccount', 'kubefed-probe', '-n', 'default'],
  };
  try {
    await kubectlIn(env, ['--context', context, ...args[resource], '--dry-run=server']);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
