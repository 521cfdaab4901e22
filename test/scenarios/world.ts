/**
 * A scenario world: a host and members that a backend — the local API emulator for `npm test`,
 * real kube-apiservers for `npm run test:real` — starts and can bend in the few ways a scenario
 * needs (refusing one kind of create, for a join that fails midway). Everything a scenario
 * checks is asked through the real kubectl, so the answers never come from the code under test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlIn, type ScenarioEnv } from './env.js';

export interface WorldScenarioEnv extends ScenarioEnv {
  /** The member whose context has a GKE-style name, and the cluster name it joins as. */
  gke: { context: string; name: string };
  /** Whether LoadBalancer Services get an address (and a data path on it). */
  loadBalancers: boolean;
  /**
   * Makes every create of `resource` (plural, e.g. `clusterrolebindings`) on the cluster of
   * `context` fail with an error from the server, until the returned function is called. The
   * backend's own objects for this (if any) are gone once that function resolves.
   */
  refuseCreates(context: string, resource: string): Promise<() => Promise<void>>;
  /** Kinds left out of object-set comparisons: objects that come and go on their own. */
  volatileKinds: readonly string[];
}

/** Kinds whose objects appear by themselves on any cluster and say nothing about kubefed. */
export const ALWAYS_VOLATILE = ['Event', 'Lease'];

interface Listed {
  kind: string;
  apiVersion: string;
  metadata: { name: string; namespace?: string };
}

/**
 * Every object of every listable kind on a cluster, as `group/Kind/namespace/name` keys. It asks
 * discovery for the kinds, then lists them all in one `kubectl get`.
 */
export async function objectKeys(env: WorldScenarioEnv, context: string): Promise<string[]> {
  const resources = (await kubectlIn(env, ['--context', context, 'api-resources', '--verbs=list', '-o', 'name']))
    .split('\n')
    .map((r) => r.trim())
    .filter((r) => r.length > 0 && r !== 'componentstatuses');
  const raw = await kubectlIn(env, ['--context', context, 'get', resources.join(','), '--all-namespaces', '-o', 'json']);
  const items = (JSON.parse(raw) as { items: Listed[] }).items;
  const skip = new Set([...ALWAYS_VOLATILE, ...env.volatileKinds]);
  return items
    .filter((o) => !skip.has(o.kind))
    .map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();
}

/** Objects of every cluster in the world, keyed by context. */
export async function worldKeys(env: WorldScenarioEnv): Promise<Map<string, string[]>> {
  const contexts = [env.hostContext, ...env.memberContexts];
  const keys = await Promise.all(contexts.map((c) => objectKeys(env, c)));
  return new Map(contexts.map((c, i) => [c, keys[i]]));
}

/** What is in `after` and not in `before`, and the other way round. */
export function keyDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: after.filter((k) => !b.has(k)), removed: before.filter((k) => !a.has(k)) };
}

/**
 * Waits (bounded) until a namespace is NotFound: on a real cluster the namespace controller
 * first empties it. Returns false if it is still there when the time is up.
 */
export async function waitNamespaceGone(env: ScenarioEnv, context: string, namespace: string, timeoutMs = 120_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const out = await kubectlIn(env, ['--context', context, 'get', 'namespace', namespace, '-o', 'name', '--ignore-not-found']);
    if (!out.trim()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs kubectl as someone holding only `token` for the API server at `server`. */
export async function kubectlWithToken(env: ScenarioEnv, access: { server: string; caPem: string; token: string }, args: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-token-'));
  try {
    const config = join(dir, 'config');
    const ca = Buffer.from(access.caPem).toString('base64');
    writeFileSync(
      config,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${access.server}\n    certificate-authority-data: ${ca}\n` +
        `users:\n- name: u\n  user:\n    token: ${access.token}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n`,
      { mode: 0o600 },
    );
    return await kubectlIn({ env: { ...env.env, KUBECONFIG: config } }, args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The rows of `kubectl auth can-i --list`, one string each (`resources | non-resource URLs |
 * resource names | verbs`), read by the header's column positions.
 */
export function parseCanIList(table: string): string[] {
  const lines = table.split('\n').filter((l) => l.trim().length > 0);
  const header = lines.shift() ?? '';
  const starts = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'].map((title) => header.indexOf(title));
  if (starts.some((s) => s < 0)) throw new Error(`not a kubectl auth can-i --list table:\n${table}`);
  return lines.map((line) => starts.map((start, i) => line.slice(start, starts[i + 1]).trim()).join(' | '));
}

/** The credentials join stored in a member's host Secret. */
export async function storedMemberCredentials(env: ScenarioEnv, secretName: string): Promise<{ token: string; caPem: string }> {
  const raw = await kubectlIn(env, ['--context', env.hostContext, 'get', 'secret', secretName, '-n', env.namespace, '-o', 'json']);
  const data = (JSON.parse(raw) as { data: Record<string, string> }).data;
  const decode = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
  return { token: decode('token'), caPem: decode('ca.crt') };
}
