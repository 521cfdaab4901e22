import { describe, expect, it } from 'vitest';
import { discoverRbacVersion } from '../../../src/k8s/discovery.js';
import type { ApiGroupInfo, ClusterClient } from '../../../src/k8s/types.js';

function clientWithGroups(answers: (ApiGroupInfo[] | Error)[]) {
  let calls = 0;
  const client = {
    groups: async () => {
      const a = answers[calls++];
      if (a instanceof Error) throw a;
      return a;
    },
  } as unknown as ClusterClient;
  return { client, calls: () => calls };
}

const core: ApiGroupInfo = { name: '', preferredVersion: 'v1', versions: ['v1'] };
const rbac = (preferredVersion: string | undefined, versions: string[]): ApiGroupInfo => ({
  name: 'rbac.authorization.k8s.io',
  preferredVersion,
  versions,
});

describe('discoverRbacVersion', () => {
  it.each<[string, ApiGroupInfo[], string | undefined]>([
    ['the preferred version', [core, rbac('v1', ['v1', 'v1beta1'])], 'v1'],
    ['an older preferred version', [core, rbac('v1beta1', ['v1beta1', 'v1alpha1'])], 'v1beta1'],
    ['the first known listed when the preferred one is unknown', [core, rbac('v2', ['v2', 'v1alpha1', 'v1'])], 'v1alpha1'],
    ['the first known listed when none is preferred', [core, rbac(undefined, ['v1beta1'])], 'v1beta1'],
    ['nothing when only unknown versions are served', [core, rbac('v2', ['v2'])], undefined],
    ['nothing without RBAC', [core, { name: 'apps', preferredVersion: 'v1', versions: ['v1'] }], undefined],
  ])('picks %s', async (_name, groups, want) => {
    expect(await discoverRbacVersion(clientWithGroups([groups]).client)).toBe(want);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
    ['an unknown host', Object.assign(new Error('no such host'), { code: 'ENOTFOUND' })],
    ['a request the command deadline cut', Object.assign(new Error('late'), { code: 'ETIMEDOUT', runDeadline: true })],
  ])('does not try again after %s (the client already did, or there is no time)', async (_name, error) => {
    const c = clientWithGroups([error, [core, rbac('v1', ['v1'])]]);
    await expect(discoverRbacVersion(c.client)).rejects.toBe(error);
    expect(c.calls()).toBe(1);
  });

  it('retries a failed discovery once', async () => {
    const c = clientWithGroups([new Error('reset'), [core, rbac('v1', ['v1'])]]);
    expect(await discoverRbacVersion(c.client)).toBe('v1');
    expect(c.calls()).toBe(2);
  });

  it('rethrows the second failure', async () => {
    const second = new Error('still down');
    const c = clientWithGroups([new Error('down'), second]);
    await expect(discoverRbacVersion(c.client)).rejects.toBe(second);
    expect(c.calls()).toBe(2);
  });
});
