import { describe, expect, it } from 'vitest';
import { probeMembers } from '../../../src/destroy/members.js';
import { findMemberTarget } from '../../../src/federation/member-target.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import type { KubeconfigDoc, ResolvedContext } from '../../../src/kubeconfig/model.js';
import { fakeClient } from '../../helpers/fake-client.js';
import { loadedFrom } from './kubeconfig-fixture.js';

const cluster = (name: string, server?: string): K8sObject => ({
  apiVersion: 'federation/v1beta1',
  kind: 'Cluster',
  metadata: { name },
  spec: server ? { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: server }], secretRef: { name: `${name}-bcdfg` } } : {},
});

function kubeconfig(contexts: Record<string, string>): KubeconfigDoc {
  const names = Object.keys(contexts);
  return {
    clusters: names.map((n) => ({ name: `c-${n}`, cluster: { server: contexts[n] } })),
    users: [{ name: 'admin', user: { token: 't' } }],
    contexts: names.map((n) => ({ name: n, context: { cluster: `c-${n}`, user: 'admin' } })),
  };
}

describe('findMemberTarget', () => {
  const loaded = loadedFrom(
    kubeconfig({ gondor: 'https://10.0.0.1:6443', 'gke_proj_zone_rohan': 'https://10.0.0.2', a: 'https://10.0.0.3', b: 'https://10.0.0.3/' }),
  );

  it("uses the context named after the cluster, as join's default", () => {
    const target = findMemberTarget(loaded, cluster('gondor', 'https://elsewhere'));
    expect(target.contextName).toBe('gondor');
    expect(target.context?.cluster.server).toBe('https://10.0.0.1:6443');
  });

  it("else the one context whose server the Cluster points to (join --cluster-context), with or without a scheme or trailing slash", () => {
    expect(findMemberTarget(loaded, cluster('rohan', 'https://10.0.0.2/')).contextName).toBe('gke_proj_zone_rohan');
    const schemeless = loadedFrom(kubeconfig({ 'ctx-x': '10.0.0.9:443' }));
    expect(findMemberTarget(schemeless, cluster('x', 'https://10.0.0.9:443')).contextName).toBe('ctx-x');
  });

  it('says what it looked for when there is none, or several', () => {
    expect(findMemberTarget(loaded, cluster('mordor', 'https://10.6.6.6'))).toEqual({
      clusterName: 'mordor',
      contextName: 'mordor',
      missing: `kubeconfig has no context "mordor" nor one whose cluster's server is https://10.6.6.6`,
    });
    expect(findMemberTarget(loaded, cluster('twins', 'https://10.0.0.3')).missing).toBe(
      `kubeconfig has no context "twins" nor one whose cluster's server is https://10.0.0.3 (several are)`,
    );
    expect(findMemberTarget(loaded, cluster('bare')).missing).toBe('kubeconfig has no context "bare"');
  });
});

describe('probeMembers', () => {
  const ctx = (name: string): ResolvedContext => ({ name, context: {}, clusterName: name, cluster: {}, origin: { context: '', cluster: '' } });

  it('asks discovery once per member, and the client it hands on answers from that', async () => {
    const client = fakeClient('gondor');
    let calls = 0;
    const counting = { ...client, groups: async () => (calls++, client.groups()) };
    const [probed] = await probeMembers([{ clusterName: 'gondor', contextName: 'gondor', context: ctx('gondor') }], async () => counting);
    expect(probed.problem).toBeUndefined();
    await probed.client?.groups();
    await probed.client?.groups();
    expect(calls).toBe(1);
  });

  it('reports a member without context and one that does not answer, keeping the latter\'s client', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 1 });
    const down = { ...fakeClient('isengard'), groups: async () => Promise.reject(refused) };
    const probed = await probeMembers(
      [
        { clusterName: 'isengard', contextName: 'isengard', context: ctx('isengard') },
        { clusterName: 'mordor', contextName: 'mordor', missing: 'kubeconfig has no context "mordor"' },
      ],
      async () => down,
    );
    expect(probed.map((p) => p.problem)).toEqual([
      'cannot reach cluster "isengard" (context "isengard"): could not reach the API server 127.0.0.1:1: the connection was refused (ECONNREFUSED)',
      'cluster "mordor": kubeconfig has no context "mordor"',
    ]);
    expect(probed[0].client).toBeDefined();
    expect(probed[1].client).toBeUndefined();
  });

  it('says when a member reached with its stored credentials does not answer', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 1 });
    const down = { ...fakeClient('harad'), groups: async () => Promise.reject(refused) };
    const [probed] = await probeMembers([{ clusterName: 'harad', contextName: 'harad', context: ctx('stored credentials of cluster "harad"'), viaStoredCredentials: true }], async () => down);
    expect(probed.problem).toBe(
      'cannot reach cluster "harad" with the credentials stored in the host cluster: could not reach the API server 127.0.0.1:1: the connection was refused (ECONNREFUSED)',
    );
  });
});
