/**
 * A federation and its members, through every path a user takes: init (NodePort, token
 * authentication, made the current context), a converging re-run, `join gondor` with no flags,
 * the stored credential checked against the member's API server, a join that fails midway and
 * rolls back, a member whose kube-dns holds the user's stubDomains, a GKE-style context, unjoin
 * of all of them, a member joined again whose context is then removed, destroy (which reaches that
 * member with the credentials join stored on the host) — and afterwards every cluster holds
 * exactly the objects it held before.
 */
import { expect } from 'vitest';
import { kubectlIn } from './env.js';
import { kubectlApply, waitForSecretKeys } from './kubectl-objects.js';
import { destroyArgv, initArgv, kubeconfigNames, listFederatedClusters, serverOf } from './federation-queries.js';
import type { ScenarioStep } from './steps.js';
import {
  keyDiff, kubectlWithToken, parseCanIList, storedMemberCredentials, waitNamespaceGone, worldKeys, type WorldScenarioEnv,
} from './world.js';

const SA_ANNOTATION = 'federation.kubernetes.io/service-account-name';
const ROLE_ANNOTATION = 'federation.kubernetes.io/cluster-role-name';
const USER_STUB_DOMAINS = '{"acme.local": ["10.1.1.1"]}';

export type WorldSource = () => WorldScenarioEnv;

interface KubeDns {
  data?: Record<string, string>;
  metadata: { annotations?: Record<string, string>; labels?: Record<string, string> };
}

async function readKubeDns(env: WorldScenarioEnv, context: string): Promise<KubeDns | undefined> {
  const raw = await kubectlIn(env, ['--context', context, 'get', 'configmap', 'kube-dns', '-n', 'kube-system', '-o', 'json', '--ignore-not-found']);
  return raw.trim() ? (JSON.parse(raw) as KubeDns) : undefined;
}

/** The member that plays "the user already configured kube-dns" (the second member). */
function dnsMember(env: WorldScenarioEnv): string {
  return env.memberContexts[1];
}

export function membersScenario(envOf: WorldSource): ScenarioStep[] {
  let before = new Map<string, string[]>();
  let userKubeDns: KubeDns | undefined;
  let gondorCredentials: { token: string; caPem: string; server: string } | undefined;
  /** gondor's context, while it is out of the kubeconfig for destroy. */
  let removedContext: { cluster: string; user: string } | undefined;
  const [gondor, rohan] = ['gondor', 'rohan'];

  return [
    {
      name: "setup: the second member's kube-dns holds the user's stubDomains; every cluster's objects are recorded",
      async run() {
        const env = envOf();
        const context = dnsMember(env);
        const existing = await readKubeDns(env, context);
        const patch = JSON.stringify({ data: { ...(existing?.data ?? {}), stubDomains: USER_STUB_DOMAINS } });
        if (existing) await kubectlIn(env, ['--context', context, 'patch', 'configmap', 'kube-dns', '-n', 'kube-system', '--type=merge', '-p', patch]);
        else await kubectlIn(env, ['--context', context, 'create', 'configmap', 'kube-dns', '-n', 'kube-system', `--from-literal=stubDomains=${USER_STUB_DOMAINS}`]);
        userKubeDns = await readKubeDns(env, context);
        expect(userKubeDns?.data?.stubDomains).toBe(USER_STUB_DOMAINS);
        before = await worldKeys(env);
      },
    },
    {
      name: 'init with NodePort and token authentication, made the current context',
      async run() {
        const env = envOf();
        const run = await env.kubefed(initArgv(env, '--apiserver-enable-token-auth', '--set-current-context'));
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(`Federation API server is running at: ${env.advertiseAddress}:${env.nodePort}\n`);
        const user = (await kubectlIn(env, ['config', 'view', '--raw', '-o', `jsonpath={.users[?(@.name=="${env.federationName}")].user.token}`])).trim();
        expect(user, 'the kubeconfig user authenticates with the token').toMatch(/^\S{16,}$/);
        expect((await kubectlIn(env, ['config', 'current-context'])).trim()).toBe(env.federationName);
        expect((await kubectlIn(env, ['get', '--raw', '/healthz'])).trim()).toBe('ok');
      },
    },
    {
      name: 'the same init again converges: everything kept, nothing created or repaired',
      async run() {
        const env = envOf();
        const run = await env.kubefed(initArgv(env, '--apiserver-enable-token-auth', '--set-current-context'));
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(/^Objects: 0 created, \d+ kept, 0 repaired$/m);
        expect((await kubectlIn(env, ['get', '--raw', '/healthz'])).trim()).toBe('ok');
      },
    },
    {
      name: '`kubefed join gondor` with no flags joins the member',
      async run() {
        const env = envOf();
        const run = await env.kubefed(['join', gondor]);
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(`cluster "${gondor}" created\n`);
      },
    },
    {
      name: "the token join stored on the host is accepted by the member's API server, with the ClusterRole's rights and no more",
      async run() {
        const env = envOf();
        const cluster = (await listFederatedClusters(env)).find((c) => c.metadata.name === gondor);
        expect(cluster?.spec.secretRef?.name).toBeTruthy();
        const stored = await storedMemberCredentials(env, cluster!.spec.secretRef!.name);
        gondorCredentials = { ...stored, server: await serverOf(env, gondor) };
        const listed = await kubectlWithToken(env, gondorCredentials, ['get', 'namespace', env.namespace, '-o', 'name']);
        expect(listed.trim()).toBe(`namespace/${env.namespace}`);

        const memberRows = parseCanIList(await kubectlWithToken(env, gondorCredentials, ['auth', 'can-i', '--list', '-n', env.namespace]));
        // What any authenticated user gets, measured with a ServiceAccount that has no bindings.
        const baseline = await baselineRows(env, gondor);
        const roleRows = ['*.* | [] | [] | [*]', ' | [/healthz] | [] | [get]'];
        for (const row of roleRows) expect(memberRows).toContain(row);
        expect(memberRows.filter((row) => !roleRows.includes(row) && !baseline.includes(row))).toEqual([]);
      },
    },
    {
      name: 'a join that fails midway (the member refuses ClusterRoleBindings) rolls back everything it made',
      async run() {
        const env = envOf();
        const allow = await env.refuseCreates(rohan, 'clusterrolebindings');
        try {
          const run = await env.kubefed(['join', rohan]);
          expect(run.code).toBe(1);
          expect(run.stdout).toBe('');
          expect(run.stderr).toMatch(/^rolled back: serviceaccount "[^"]+" deleted$/m);
          expect(run.stderr).toMatch(new RegExp(`^error: cluster "${rohan}" was not joined: `, 'm'));
        } finally {
          await allow();
        }
        expect((await listFederatedClusters(env)).map((c) => c.metadata.name)).toEqual([gondor]);
        await waitNamespaceGone(env, rohan, env.namespace);
        const now = await worldKeys(env);
        expect(keyDiff(before.get(rohan)!, now.get(rohan)!)).toEqual({ added: [], removed: [] });
        expect(keyDiff(before.get(env.hostContext)!, now.get(env.hostContext)!).added.filter((k) => k.includes(`/Secret/${env.namespace}/${rohan}-`))).toEqual([]);
      },
    },
    {
      name: "join of the member whose kube-dns holds the user's stubDomains adds ours and keeps theirs",
      async run() {
        const env = envOf();
        const run = await env.kubefed(['join', rohan]);
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        const dns = await readKubeDns(env, rohan);
        const stub = JSON.parse(dns?.data?.stubDomains ?? '{}') as Record<string, string[]>;
        expect(stub['acme.local']).toEqual(['10.1.1.1']);
        expect(stub['example.com']).toEqual(['127.0.0.1:30053']);
        expect(dns?.data?.federations).toBe(`${env.federationName}=example.com`);
      },
    },
    {
      name: 'join through a GKE-style context name',
      async run() {
        const env = envOf();
        const run = await env.kubefed(['join', env.gke.name, `--cluster-context=${env.gke.context}`]);
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(`cluster "${env.gke.name}" created\n`);
        const clusters = await listFederatedClusters(env);
        const joined = clusters.find((c) => c.metadata.name === env.gke.name);
        expect(joined?.metadata.annotations?.[SA_ANNOTATION]).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        expect(joined?.metadata.annotations?.[ROLE_ANNOTATION]).toBeTruthy();
        expect(joined?.spec.serverAddressByClientCIDRs).toEqual([{ clientCIDR: '0.0.0.0/0', serverAddress: await serverOf(env, env.gke.context) }]);
        expect(clusters.map((c) => c.metadata.name).sort()).toEqual([env.gke.name, gondor, rohan].sort());
      },
    },
    {
      name: "unjoin removes every member, restores the user's kube-dns exactly, and the stored token stops working",
      async run() {
        const env = envOf();
        for (const name of [gondor, rohan, env.gke.name]) {
          const run = await env.kubefed(['unjoin', name]);
          expect(run.stderr).not.toMatch(/^error/m);
          expect(run.code).toBe(0);
          expect(run.stdout).toBe(`Successfully removed cluster "${name}" from federation\n`);
        }
        expect(await listFederatedClusters(env)).toEqual([]);
        const dns = await readKubeDns(env, rohan);
        expect(dns?.data).toEqual(userKubeDns?.data);
        expect(dns?.metadata.annotations ?? {}).toEqual(userKubeDns?.metadata.annotations ?? {});
        // A real kube-apiserver caches a token it accepted for 10 s, so rejection may lag unjoin.
        expect(await rejectedWithin(() => kubectlWithToken(env, gondorCredentials!, ['get', '--raw', '/api']), 20_000)).toMatch(/Unauthorized/);
      },
    },
    {
      name: 'a member joined again, whose context is then removed from the kubeconfig',
      async run() {
        const env = envOf();
        // Once unjoin's namespace deletion has finished, as it does within seconds on a real
        // cluster (a join while it is still under way waits for it: join/rejoin-terminating.test.ts):
        // both backends then answer the same.
        expect(await waitNamespaceGone(env, gondor, env.namespace)).toBe(true);
        const run = await env.kubefed(['join', gondor]);
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        const entry = JSON.parse(await kubectlIn(env, ['config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${gondor}")].context}`])) as { cluster: string; user: string };
        await kubectlIn(env, ['config', 'delete-context', gondor]);
        removedContext = entry;
        expect((await kubeconfigNames(env)).contexts).not.toContain(gondor);
      },
    },
    {
      name: 'destroy removes the control plane, the member without a context included; the namespace is NotFound and every cluster holds what it held before init',
      always: true,
      async run() {
        const env = envOf();
        let run: Awaited<ReturnType<typeof env.kubefed>>;
        try {
          run = await env.kubefed(destroyArgv(env));
        } finally {
          // The context comes back for the checks below (and for any later use of the world).
          if (removedContext) await kubectlIn(env, ['config', 'set-context', gondor, `--cluster=${removedContext.cluster}`, `--user=${removedContext.user}`]);
        }
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.stderr).not.toMatch(/^WARNING: left on cluster/m);
        expect(run.code).toBe(0);
        if (removedContext) expect(run.stderr).toContain(`Unjoining 1 cluster from the federation (${gondor})... done`);
        for (const context of [env.hostContext, ...env.memberContexts]) {
          expect(await waitNamespaceGone(env, context, env.namespace), `namespace ${env.namespace} on ${context}`).toBe(true);
        }
        expect((await kubeconfigNames(env)).contexts).not.toContain(env.federationName);
        // What the member's garbage collector removes after its owner (the ClusterRole) may lag: bounded.
        let after = await worldKeys(env);
        const changed = (): boolean =>
          [...before].some(([context, keys]) => {
            const diff = keyDiff(keys, after.get(context) ?? []);
            return diff.added.length + diff.removed.length > 0;
          });
        for (const until = Date.now() + 30_000; changed() && Date.now() < until; after = await worldKeys(env)) await new Promise((resolve) => setTimeout(resolve, 500));
        for (const [context, keys] of before) expect(keyDiff(keys, after.get(context) ?? []), context).toEqual({ added: [], removed: [] });
      },
    },
  ];
}

/**
 * `kubectl auth can-i --list` rows of an authenticated user with no bindings of its own: a
 * ServiceAccount made for the purpose in `default`, with a token Secret, removed afterwards.
 */
async function baselineRows(env: WorldScenarioEnv, context: string): Promise<string[]> {
  const name = 'kubefed-probe';
  const secret = {
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
    metadata: { name: `${name}-token`, namespace: 'default', annotations: { 'kubernetes.io/service-account.name': name } },
  };
  await kubectlIn(env, ['--context', context, 'create', 'serviceaccount', name, '-n', 'default']);
  try {
    await kubectlApply(env, context, secret);
    const stored = await waitForSecretKeys(env, context, 'default', `${name}-token`, ['token', 'ca.crt']);
    const access = { server: await serverOf(env, context), caPem: stored['ca.crt'], token: stored.token };
    return parseCanIList(await kubectlWithToken(env, access, ['auth', 'can-i', '--list', '-n', env.namespace]));
  } finally {
    await kubectlIn(env, ['--context', context, 'delete', 'secret', `${name}-token`, '-n', 'default', '--ignore-not-found']);
    await kubectlIn(env, ['--context', context, 'delete', 'serviceaccount', name, '-n', 'default', '--ignore-not-found']);
  }
}

/** Retries `attempt` until it fails, and returns the failure's text; throws if it never fails in time. */
async function rejectedWithin(attempt: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await attempt();
    } catch (error) {
      return String((error as { stderr?: string }).stderr || error);
    }
    if (Date.now() > until) throw new Error(`still accepted ${timeoutMs} ms after unjoin`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
