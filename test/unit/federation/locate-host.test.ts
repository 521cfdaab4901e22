import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveHostContext } from '../../../src/federation/locate-host.js';
import { mergeKubeconfigFiles } from '../../../src/kubeconfig/load.js';
import type { KubeconfigDoc } from '../../../src/kubeconfig/model.js';

function loaded(current: string | undefined): ReturnType<typeof mergeKubeconfigFiles> {
  const doc: KubeconfigDoc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: ['rivendell', 'gondor', 'fellowship'].map((name) => ({ name, cluster: { server: `https://${name}.example:6443` } })),
    users: [{ name: 'admin', user: { token: 't' } }],
    contexts: [
      { name: 'rivendell', context: { cluster: 'rivendell', user: 'admin' } },
      { name: 'gondor', context: { cluster: 'gondor', user: 'admin' } },
      {
        name: 'fellowship',
        context: {
          cluster: 'fellowship',
          user: 'admin',
          extensions: [{ name: 'kubefed', extension: { 'host-context': 'rivendell', 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' } }],
        },
      },
    ],
    ...(current ? { 'current-context': current } : {}),
  };
  return mergeKubeconfigFiles({ paths: ['/k'], explicit: true }, [{ path: '/k', doc }]);
}

const host = (current: string | undefined, flags: { hostClusterContext?: string; context?: string }, federationName = 'fellowship') =>
  resolveHostContext(loaded(current), { federationName, ...flags }).name;

describe('resolveHostContext', () => {
  it.each<[string, string | undefined, { hostClusterContext?: string; context?: string }, string]>([
    ['--host-cluster-context wins', 'gondor', { hostClusterContext: 'rivendell' }, 'rivendell'],
    ['--context names the host, as kubectl would', 'gondor', { context: 'rivendell' }, 'rivendell'],
    ['both, the same', 'gondor', { hostClusterContext: 'rivendell', context: 'rivendell' }, 'rivendell'],
    ['the current context otherwise, as the original', 'gondor', {}, 'gondor'],
    ["a re-run from the federation's own context uses the host init recorded", 'fellowship', {}, 'rivendell'],
  ])('%s', (_name, current, flags, want) => {
    expect(host(current, flags)).toBe(want);
  });

  it('refuses a federation context as the host of another federation, naming the flag', () => {
    expect(() => host('fellowship', {}, 'shire')).toThrow(
      new UsageError('context "fellowship" is the API server of federation "fellowship", not a host cluster; pass the host cluster\'s context to --host-cluster-context'),
    );
    expect(() => host('gondor', { hostClusterContext: 'fellowship' })).toThrow(UsageError);
  });

  it('refuses two different clusters in --host-cluster-context and --context', () => {
    expect(() => host('gondor', { hostClusterContext: 'rivendell', context: 'gondor' })).toThrow(
      new UsageError('--host-cluster-context "rivendell" and --context "gondor" name different clusters; pass only --host-cluster-context'),
    );
  });
});
