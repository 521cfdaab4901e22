/**
 * The whole life of a federation: init → /healthz through the new context → join every member →
 * the federation lists them → unjoin every member → nothing join made is left → destroy.
 */
import { expect } from 'vitest';
import { kubectlIn, membersOf } from './env.js';
import { destroyArgv, initArgv, kubeconfigNames, listFederatedClusters, namespaceGoneOrTerminating, serverOf } from './federation-queries.js';
import type { EnvSource, ScenarioStep } from './steps.js';

/** What join left on a member and on the host, read from the Cluster's annotations and secretRef. */
interface Joined {
  name: string;
  context: string;
  serviceAccount: string;
  clusterRole: string;
  hostSecret: string;
}

const SA_ANNOTATION = 'federation.kubernetes.io/service-account-name';
const ROLE_ANNOTATION = 'federation.kubernetes.io/cluster-role-name';

export function lifecycleScenario(envOf: EnvSource): ScenarioStep[] {
  const joined: Joined[] = [];
  return [
    {
      name: 'init deploys the control plane and prints where the API server runs',
      async run() {
        const env = envOf();
        const run = await env.kubefed(initArgv(env));
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        const endpoint = /^Federation API server is running at: (\S+)\n$/.exec(run.stdout)?.[1];
        expect(endpoint, run.stdout).toBeDefined();
        if (env.serviceType === 'NodePort' && env.advertiseAddress && env.nodePort !== undefined) {
          expect(endpoint).toBe(`${env.advertiseAddress}:${env.nodePort}`);
        }
        expect(run.stderr.split('\n')[0]).toBe(`Creating a namespace ${env.namespace} for federation system components... done`);
      },
    },
    {
      name: 'kubectl gets /healthz "ok" through the new kubeconfig context',
      async run() {
        const env = envOf();
        expect((await kubectlIn(env, ['--context', env.federationName, 'get', '--raw', '/healthz'])).trim()).toBe('ok');
        expect(await listFederatedClusters(env)).toEqual([]);
      },
    },
    {
      name: 'a client dry run of join sends nothing',
      async run() {
        const env = envOf();
        const [first] = membersOf(env);
        const run = await env.kubefed(['join', first.name, `--cluster-context=${first.context}`, `--context=${env.federationName}`, '--dry-run']);
        expect(run.code).toBe(0);
        expect(run.stderr).toContain(`cluster "${first.name}" created (dry run)\n`);
        expect(await listFederatedClusters(env)).toEqual([]);
      },
    },
    {
      name: 'join registers every member (the host context comes from what init recorded)',
      async run() {
        const env = envOf();
        for (const member of membersOf(env)) {
          const run = await env.kubefed(['join', member.name, `--cluster-context=${member.context}`, `--context=${env.federationName}`, `--timeout=${env.timeout}`]);
          expect(run.stderr).not.toMatch(/^error/m);
          expect(run.code).toBe(0);
          expect(run.stdout).toBe(`cluster "${member.name}" created\n`);
        }
      },
    },
    {
      name: 'the federation lists every member as a Cluster pointing at its API server',
      async run() {
        const env = envOf();
        const clusters = await listFederatedClusters(env);
        const members = membersOf(env);
        expect(clusters.map((c) => c.metadata.name).sort()).toEqual(members.map((m) => m.name).sort());
        for (const member of members) {
          const cluster = clusters.find((c) => c.metadata.name === member.name)!;
          expect(cluster.spec.serverAddressByClientCIDRs).toEqual([{ clientCIDR: '0.0.0.0/0', serverAddress: await serverOf(env, member.context) }]);
          const annotations = cluster.metadata.annotations ?? {};
          expect(annotations[SA_ANNOTATION], 'join records the service account it created').toBeTruthy();
          expect(cluster.spec.secretRef?.name).toBeTruthy();
          joined.push({
            name: member.name,
            context: member.context,
            serviceAccount: annotations[SA_ANNOTATION],
            clusterRole: annotations[ROLE_ANNOTATION],
            hostSecret: cluster.spec.secretRef!.name,
          });
        }
      },
    },
    {
      name: "each member holds the federation's service account and cluster role; the host holds its credentials",
      async run() {
        const env = envOf();
        for (const j of joined) {
          expect(await env.listObjects(j.context, 'serviceaccount', env.namespace)).toContain(`serviceaccount/${j.serviceAccount}`);
          expect(await env.listObjects(j.context, 'clusterrole')).toContain(`clusterrole.rbac.authorization.k8s.io/${j.clusterRole}`);
          expect(await env.listObjects(j.context, 'clusterrolebinding')).toContain(`clusterrolebinding.rbac.authorization.k8s.io/${j.clusterRole}`);
          expect(await env.listObjects(env.hostContext, 'secret', env.namespace)).toContain(`secret/${j.hostSecret}`);
        }
      },
    },
    {
      name: 'unjoin removes every member',
      async run() {
        const env = envOf();
        for (const member of membersOf(env)) {
          const run = await env.kubefed(['unjoin', member.name, `--cluster-context=${member.context}`, `--context=${env.federationName}`]);
          expect(run.code).toBe(0);
          expect(run.stdout).toBe(`Successfully removed cluster "${member.name}" from federation\n`);
        }
      },
    },
    {
      name: 'nothing join created is left on the members, the host or the federation',
      async run() {
        const env = envOf();
        expect(joined.length).toBe(env.memberContexts.length);
        expect(await listFederatedClusters(env)).toEqual([]);
        for (const j of joined) {
          expect(await env.listObjects(j.context, 'serviceaccount', env.namespace)).not.toContain(`serviceaccount/${j.serviceAccount}`);
          const secrets = await env.listObjects(j.context, 'secret', env.namespace);
          expect(secrets).not.toContain(`secret/${j.serviceAccount}-token`);
          expect(await env.listObjects(j.context, 'clusterrole')).not.toContain(`clusterrole.rbac.authorization.k8s.io/${j.clusterRole}`);
          expect(await env.listObjects(j.context, 'clusterrolebinding')).not.toContain(`clusterrolebinding.rbac.authorization.k8s.io/${j.clusterRole}`);
          expect(await env.listObjects(env.hostContext, 'secret', env.namespace)).not.toContain(`secret/${j.hostSecret}`);
        }
      },
    },
    {
      name: 'destroy removes the control plane, its namespace and its kubeconfig entries',
      always: true,
      async run() {
        const env = envOf();
        const run = await env.kubefed(destroyArgv(env));
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(`Federation "${env.federationName}" destroyed\n`);
        expect(await namespaceGoneOrTerminating(env, env.hostContext, env.namespace)).toBe(true);
        const names = await kubeconfigNames(env);
        expect(names.contexts).not.toContain(env.federationName);
        expect(names.clusters).not.toContain(env.federationName);
        expect(names.users).not.toContain(env.federationName);
      },
    },
  ];
}
