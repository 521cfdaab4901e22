import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/k8s/types.js';
import { unjoinMember } from '../../../src/unjoin/member.js';
import { fakeClient } from '../../helpers/fake-client.js';

const OURS = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': 'gondor' };
const ROLE = 'federation-controller-manager:fellowship-gondor-rivendell';

describe('unjoinMember with keepMember (destroy --keep-members)', () => {
  function setup() {
    const cluster: K8sObject = { apiVersion: 'federation/v1beta1', kind: 'Cluster', metadata: { name: 'gondor' }, spec: { secretRef: { name: 'gondor-bcdfg' } } };
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'gondor-bcdfg', namespace: 'federation-system', annotations: OURS } };
    const memberSa: K8sObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gondor-rivendell', namespace: 'federation-system', annotations: OURS } };
    const member = fakeClient('gondor', [memberSa]);
    let discovery = 0;
    const counted = { ...member, groups: async () => (discovery++, member.groups()) };
    const lines: string[] = [];
    const input = {
      clusterName: 'gondor',
      namespace: 'federation-system',
      hostContext: 'rivendell',
      federationName: 'fellowship',
      federation: fakeClient('fellowship', [cluster]),
      host: fakeClient('rivendell', [secret]),
      member: counted,
      memberContext: 'gondor',
      force: false,
      keepMember: true,
      log: (line: string) => lines.push(line),
    };
    return { input, member, lines, discovery: () => discovery };
  }

  it('removes the Cluster and the host Secret, does not even contact the member, and says what stays there', async () => {
    const { input, member, lines, discovery } = setup();
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect(input.federation.writes).toEqual(['DELETE Cluster//gondor']);
    expect(input.host.writes).toEqual(['DELETE Secret/federation-system/gondor-bcdfg']);
    expect(member.writes).toEqual([]);
    expect(discovery()).toBe(0);
    const kept = [
      'serviceaccount "federation-system/gondor-rivendell"',
      'secret "federation-system/gondor-rivendell-token"',
      `clusterrole and clusterrolebinding "${ROLE}"`,
      `this federation's entries in configmap "kube-system/kube-dns"`,
      'namespace "federation-system" if join created it',
    ];
    expect(outcome.left).toEqual(kept);
    expect(lines.at(-1)).toBe('cluster "gondor" kept as it is (--keep-members)');
  });

  it('needs no member client at all', async () => {
    const { input } = setup();
    const outcome = await unjoinMember({ ...input, member: undefined });
    expect(outcome.ok).toBe(true);
    expect(outcome.errors).toEqual([]);
  });
});
