import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { federationGoneFromKubeconfig, resolveFromKubeconfig } from '../../../src/destroy/resolve.js';
import { FILE, kubeconfigAfterInit, loadedFrom } from './kubeconfig-fixture.js';

const PATHS = { paths: [FILE], explicit: false };

function resolve(options: { context?: string; hostClusterContext?: string; federationSystemNamespace?: string; federationName?: string }, doc = kubeconfigAfterInit()) {
  return resolveFromKubeconfig({ federationName: 'fellowship', ...options }, PATHS, loadedFrom(doc));
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  throw new Error('expected a UsageError');
}

const NOT_KNOWN = (why: string) =>
  `the host cluster of federation "fellowship" is not known (${why}); pass the host cluster's context to --host-cluster-context, and its namespace to --federation-system-namespace unless it is federation-system`;

describe('resolveFromKubeconfig', () => {
  it('takes the host context and namespace from the record init keeps on the federation context', () => {
    const targets = resolve({});
    expect(targets.federationContextName).toBe('fellowship');
    expect(targets.federation?.name).toBe('fellowship');
    expect(targets.host.name).toBe('rivendell');
    expect(targets.namespace).toBe('fed-ns');
    expect(targets.recorded).toBe(true);
  });

  it('lets the flags win over the record', () => {
    const targets = resolve({ hostClusterContext: 'gondor', federationSystemNamespace: 'other-ns' });
    expect(targets.host.name).toBe('gondor');
    expect(targets.namespace).toBe('other-ns');
  });

  it('works without the federation context when the host is given (a second destroy); the namespace defaults to federation-system', () => {
    const doc = kubeconfigAfterInit();
    doc.contexts = doc.contexts?.filter((c) => c.name !== 'fellowship');
    const targets = resolve({ hostClusterContext: 'rivendell' }, doc);
    expect(targets.federation).toBeUndefined();
    expect(targets.namespace).toBe('federation-system');
    expect(targets.recorded).toBe(false);
  });

  it('names both flags when the host is not known', () => {
    const doc = kubeconfigAfterInit();
    doc.contexts = doc.contexts?.filter((c) => c.name !== 'fellowship');
    expect(problemsOf(() => resolve({}, doc))).toEqual([NOT_KNOWN('kubeconfig has no context "fellowship"')]);
    expect(problemsOf(() => resolve({}, kubeconfigAfterInit(null)))).toEqual([NOT_KNOWN('context "fellowship" carries no record of kubefed init for it')]);
  });

  it('names the recorded federation a mistyped name is close to', () => {
    expect(problemsOf(() => resolve({ federationName: 'fellowshp' }))).toEqual(['federation "fellowshp" not found in kubeconfig (no context "fellowshp"); did you mean "fellowship"?']);
    // Nothing close: the host is asked for as before; a context named on the command line is taken as meant.
    expect(problemsOf(() => resolve({ federationName: 'mordor' }))).toEqual([NOT_KNOWN('kubeconfig has no context "mordor"').replaceAll('"fellowship"', '"mordor"')]);
    expect(resolve({ federationName: 'fellowshp', hostClusterContext: 'rivendell' }).host.name).toBe('rivendell');
  });

  it('ignores the record of another federation on that context, and says so', () => {
    const record = { 'host-context': 'rivendell', 'federation-system-namespace': 'fed-ns', 'federation-name': 'shire' };
    expect(problemsOf(() => resolve({}, kubeconfigAfterInit(record)))).toEqual([
      'context "fellowship" belongs to federation "shire" (recorded by kubefed init), not "fellowship"; pass the context of federation "fellowship" to --context',
      NOT_KNOWN('context "fellowship" carries no record of kubefed init for it'),
    ]);
  });

  it('reports a --context or --host-cluster-context that is not in the kubeconfig, together', () => {
    expect(problemsOf(() => resolve({ context: 'nope', hostClusterContext: 'nowhere' }))).toEqual([
      `context "nope" not found in kubeconfig (${FILE}); pass an existing context to --context`,
      `context "nowhere" not found in kubeconfig (${FILE}); pass an existing context to --host-cluster-context`,
    ]);
  });

  it('finds a renamed federation context through --context and its record', () => {
    const doc = kubeconfigAfterInit();
    doc.contexts = doc.contexts?.map((c) => (c.name === 'fellowship' ? { ...c, name: 'fed-admin' } : c));
    const targets = resolve({ context: 'fed-admin' }, doc);
    expect(targets.federation?.name).toBe('fed-admin');
    expect(targets.host.name).toBe('rivendell');
    expect(targets.recorded).toBe(true);
  });

  it('does not stop at a half-removed federation context it was not asked for by name', () => {
    const doc = kubeconfigAfterInit();
    doc.clusters = doc.clusters?.filter((c) => c.name !== 'fellowship');
    const targets = resolve({}, doc);
    expect(targets.federation).toBeUndefined();
    expect(targets.host.name).toBe('rivendell');
  });
});

describe('federationGoneFromKubeconfig (--ignore-not-found)', () => {
  const withoutFederationContext = () => {
    const doc = kubeconfigAfterInit();
    doc.contexts = doc.contexts?.filter((c) => c.name !== 'fellowship');
    return loadedFrom(doc);
  };

  it('says there is nothing to destroy when the federation context is gone and no host is named', () => {
    expect(federationGoneFromKubeconfig({ federationName: 'fellowship' }, withoutFederationContext())).toBe(
      'federation "fellowship" not found: kubeconfig has no context "fellowship" and --host-cluster-context is not given; nothing to destroy',
    );
  });

  it.each([
    ['the federation context is still there', { federationName: 'fellowship' }, () => loadedFrom(kubeconfigAfterInit())],
    ['--host-cluster-context is given (the host is asked)', { federationName: 'fellowship', hostClusterContext: 'rivendell' }, withoutFederationContext],
    ['--context is given (it must resolve)', { federationName: 'fellowship', context: 'nope' }, withoutFederationContext],
  ])('leaves the run to the usual rules when %s', (_case, options, loaded) => {
    expect(federationGoneFromKubeconfig(options, loaded())).toBeUndefined();
  });
});
