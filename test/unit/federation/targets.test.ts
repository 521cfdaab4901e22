import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveTargets } from '../../../src/federation/targets.js';
import type { MemberOptions } from '../../../src/options/common.js';
import { makeTestDeps } from '../../helpers/deps.js';

const dir = mkdtempSync(join(tmpdir(), 'kubefed-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const named = (names: string[]) => ({
  clusters: names.map((name) => ({ name, cluster: { server: `https://${name}.example` } })),
  users: [{ name: 'admin', user: { token: 't' } }],
  contexts: names.map((name) => ({ name, context: { cluster: name, user: 'admin' } })),
});

function kubeconfigFile(name: string, doc: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, yaml.dump({ apiVersion: 'v1', kind: 'Config', ...doc }));
  return path;
}

const base = named(['rivendell', 'gondor', 'rohan']);
const MAIN = kubeconfigFile('main', {
  ...base,
  contexts: [
    ...base.contexts,
    {
      name: 'fellowship',
      context: {
        cluster: 'rivendell',
        user: 'admin',
        extensions: [{ name: 'kubefed', extension: { 'host-context': 'rivendell', 'federation-system-namespace': 'fed-ns', 'federation-name': 'fellowship' } }],
      },
    },
  ],
  'current-context': 'fellowship',
});
const CREDS = kubeconfigFile('creds', { ...named(['gondor', 'mordor']), 'current-context': 'gondor' });

const options = (overrides: Partial<MemberOptions>): MemberOptions => ({
  clusters: ['gondor'],
  kubeconfig: MAIN,
  verbose: false,
  quiet: false,
  requestTimeoutMs: 0,
  timeoutMs: 1000,
  ...overrides,
});

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  return [];
}

describe('resolveTargets', () => {
  const deps = makeTestDeps();

  it('uses the current context as the federation and what init recorded on it', () => {
    const targets = resolveTargets(options({}), deps);
    expect(targets.federation.name).toBe('fellowship');
    expect(targets.host.name).toBe('rivendell');
    expect(targets.namespace).toBe('fed-ns');
    expect(targets.members.map((m) => [m.clusterName, m.contextName, m.context?.cluster.server])).toEqual([['gondor', 'gondor', 'https://gondor.example']]);
  });

  it('lets flags win over the recorded values', () => {
    const targets = resolveTargets(options({ hostClusterContext: 'rohan', federationSystemNamespace: 'other', clusterContext: 'rohan' }), deps);
    expect([targets.host.name, targets.namespace, targets.members[0].contextName]).toEqual(['rohan', 'other', 'rohan']);
  });

  it('defaults the namespace to federation-system when nothing was recorded', () => {
    expect(resolveTargets(options({ context: 'rohan', hostClusterContext: 'rivendell' }), deps).namespace).toBe('federation-system');
  });

  it('reports every missing context at once', () => {
    expect(problemsOf(() => resolveTargets(options({ context: 'nowhere', clusters: ['mirkwood', 'gondor', 'erebor'] }), deps))).toEqual([
      `context "nowhere" not found in kubeconfig (${MAIN}); pass an existing context to --context`,
      `context "mirkwood" not found in kubeconfig (${MAIN}); pass an existing context to --cluster-context`,
      `context "erebor" not found in kubeconfig (${MAIN}); pass an existing context to --cluster-context`,
    ]);
  });

  it('asks for --host-cluster-context when the federation context has no record', () => {
    expect(problemsOf(() => resolveTargets(options({ context: 'gondor' }), deps))).toEqual([
      'context "gondor" has no record of a federation made by kubefed init (no host cluster recorded); pass the federation\'s context to --context, or its host cluster\'s context to --host-cluster-context',
    ]);
  });

  it('finds a member only the credentials kubeconfig knows, and remembers the credentials file', () => {
    const targets = resolveTargets(options({ clusters: ['gondor', 'mordor'], credentialsKubeconfig: CREDS }), deps);
    expect(targets.members.map((m) => [m.contextName, m.context?.cluster.server, m.credentials?.loaded.paths])).toEqual([
      ['gondor', 'https://gondor.example', [CREDS]],
      ['mordor', 'https://mordor.example', [CREDS]],
    ]);
  });

  it('requires the member context in the credentials kubeconfig', () => {
    expect(problemsOf(() => resolveTargets(options({ clusters: ['rohan'], credentialsKubeconfig: CREDS }), deps))).toEqual([
      `context "rohan" not found in the credentials kubeconfig ${CREDS}; pass a file that has it to --credentials-kubeconfig, or its context name to --cluster-context`,
    ]);
  });

  it('names a missing credentials kubeconfig', () => {
    const missing = join(dir, 'nope');
    expect(problemsOf(() => resolveTargets(options({ credentialsKubeconfig: missing }), deps))).toEqual([
      `credentials kubeconfig ${missing} does not exist; pass an existing file to --credentials-kubeconfig`,
    ]);
  });

  it('lets a member without a context through for unjoin --force', () => {
    const targets = resolveTargets(options({ clusters: ['mirkwood'] }), deps, true);
    expect(targets.members).toEqual([{ clusterName: 'mirkwood', contextName: 'mirkwood', context: undefined }]);
  });

  it('reads $KUBECONFIG when no --kubeconfig is given', () => {
    const targets = resolveTargets(options({ kubeconfig: undefined }), makeTestDeps({ env: { KUBECONFIG: `${join(dir, 'absent')}:${MAIN}` } }));
    expect(targets.federation.name).toBe('fellowship');
  });
});
