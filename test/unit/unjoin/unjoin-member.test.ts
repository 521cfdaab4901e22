import { describe, expect, it } from 'vitest';
import { mergeKubeDns } from '../../../src/dns/kube-dns.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { unjoinMember, type UnjoinMemberInput } from '../../../src/unjoin/member.js';
import { fakeClient, type FakeClient } from '../../helpers/fake-client.js';

const OURS = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': 'gondor' };
const ROLE = 'federation-controller-manager:fellowship-gondor-rivendell';
const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}, annotations: Record<string, string> | null = OURS): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) },
  ...extra,
});

const CLUSTER = obj('federation/v1beta1', 'Cluster', 'gondor', undefined, { spec: { secretRef: { name: 'gondor-bcdfg' } } }, {
  // A cluster joined by the original kubefed carries the misspelt key.
  'federation.kubernetes.io/servive-account-name': 'gondor-rivendell',
  'federation.kubernetes.io/cluster-role-name': ROLE,
});

function joinedMember(extra: K8sObject[] = []): FakeClient {
  const kubeDns = mergeKubeDns(undefined, { federationName: 'fellowship', federationsEntry: 'fellowship=example.com' }, 'gondor').object as K8sObject;
  return fakeClient('gondor', [
    obj('v1', 'Namespace', 'federation-system'),
    obj('v1', 'ServiceAccount', 'gondor-rivendell', 'federation-system'),
    obj('v1', 'Secret', 'gondor-rivendell-token', 'federation-system', { type: 'kubernetes.io/service-account-token' }, { ...OURS, 'kubernetes.io/service-account.name': 'gondor-rivendell' }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', ROLE),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', ROLE),
    kubeDns,
    ...extra,
  ]);
}

function setup(member: FakeClient | undefined, overrides: Partial<UnjoinMemberInput> = {}) {
  const federation = fakeClient('fellowship', [CLUSTER]);
  const host = fakeClient('rivendell', [obj('v1', 'Secret', 'gondor-bcdfg', 'federation-system', { type: 'Opaque' })]);
  const lines: string[] = [];
  const input: UnjoinMemberInput = {
    clusterName: 'gondor',
    namespace: 'federation-system',
    hostContext: 'rivendell',
    federationName: 'fellowship',
    federation,
    host,
    member,
    memberContext: 'gondor',
    force: false,
    log: (l) => lines.push(l),
    ...overrides,
  };
  return { federation, host, lines, input };
}

function unreachable(): FakeClient {
  const client = fakeClient('gondor');
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  return { ...client, groups: async () => Promise.reject(refused) };
}

describe('unjoinMember', () => {
  it('removes everything join made, reading the original misspelt annotation', async () => {
    const member = joinedMember();
    const { federation, host, input } = setup(member);
    const outcome = await unjoinMember(input);
    expect(outcome).toMatchObject({ ok: true, errors: [], left: [] });
    expect(federation.objects.size + host.objects.size + member.objects.size).toBe(0);
  });

  it("leaves the user's objects: a same-named ServiceAccount without our annotations, a namespace still in use", async () => {
    const member = joinedMember([obj('v1', 'ConfigMap', 'app-config', 'federation-system', {}, null)]);
    member.objects.set('ServiceAccount/federation-system/gondor-rivendell', obj('v1', 'ServiceAccount', 'gondor-rivendell', 'federation-system', {}, null));
    const { input } = setup(member);
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect(outcome.left).toEqual([
      'serviceaccount "federation-system/gondor-rivendell" (not created by kubefed join for this cluster)',
      'namespace "federation-system" (it still holds configmap "app-config", serviceaccount "gondor-rivendell")',
    ]);
    expect([...member.objects.keys()].sort()).toEqual(['ConfigMap/federation-system/app-config', 'Namespace//federation-system', 'ServiceAccount/federation-system/gondor-rivendell']);
  });

  it("keeps the namespace, and what is in it, while it holds the user's PersistentVolumeClaim", async () => {
    const claim = obj('v1', 'PersistentVolumeClaim', 'archive', 'federation-system', { spec: { resources: { requests: { storage: '1Gi' } } } }, null);
    const member = joinedMember([claim]);
    const { input, lines } = setup(member);
    const outcome = await unjoinMember(input);
    expect(outcome).toMatchObject({ ok: true, errors: [], left: ['namespace "federation-system" (it still holds persistentvolumeclaim "archive")'] });
    expect(lines.at(-1)).toBe('namespace "federation-system" left: it still holds persistentvolumeclaim "archive"');
    expect(member.writes.filter((w) => w.includes('federation-system/archive') || w.startsWith('DELETE Namespace'))).toEqual([]);
    expect(member.objects.get('PersistentVolumeClaim/federation-system/archive')).toEqual(claim);
  });

  it('keeps the namespace when one of the types the member serves cannot be listed', async () => {
    const base = joinedMember();
    const member: FakeClient = {
      ...base,
      list: async (apiVersion, kind, o) => {
        if (kind === 'ReplicaSet') throw new KubeApiError(403, 'replicasets.apps is forbidden: User "frodo" cannot list resource "replicasets"', { reason: 'Forbidden' });
        return base.list(apiVersion, kind, o);
      },
    };
    const { input } = setup(member);
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect(outcome.left).toEqual([
      'namespace "federation-system" (whether it holds anything else cannot be told: could not list replicasets.apps: ' +
        'Error from server (Forbidden): replicasets.apps is forbidden: User "frodo" cannot list resource "replicasets")',
    ]);
    expect(base.objects.has('Namespace//federation-system')).toBe(true);
  });

  it('never deletes a namespace join did not create', async () => {
    const member = joinedMember();
    member.objects.set('Namespace//federation-system', obj('v1', 'Namespace', 'federation-system', undefined, {}, { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' }));
    const { input, lines } = setup(member);
    await unjoinMember(input);
    expect(member.objects.has('Namespace//federation-system')).toBe(true);
    expect(lines.some((l) => l.startsWith('namespace'))).toBe(false);
  });

  it('an unreachable member without force: error suggesting --force, nothing removed', async () => {
    const { federation, host, input } = setup(unreachable());
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(false);
    expect(outcome.errors).toEqual([
      'cannot reach cluster "gondor" (context "gondor"): could not reach the API server: the connection was refused (ECONNREFUSED); nothing was removed. Pass --force to remove it from the federation anyway, leaving its objects on the cluster',
    ]);
    expect(federation.objects.size + host.objects.size).toBe(2);
  });

  it('an unreachable member with force: the federation side goes, the rest is reported as left', async () => {
    const { federation, host, input } = setup(unreachable(), { force: true });
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect(federation.objects.size + host.objects.size).toBe(0);
    expect(outcome.left).toEqual([
      'serviceaccount "federation-system/gondor-rivendell"',
      'secret "federation-system/gondor-rivendell-token"',
      `clusterrole and clusterrolebinding "${ROLE}"`,
      'this federation\'s entries in configmap "kube-system/kube-dns"',
      'namespace "federation-system" if join created it',
    ]);
  });

  it('finds the federation name on the credentials Secret when the host has no controller manager', async () => {
    const member = joinedMember();
    const { input } = setup(member, { federationName: undefined });
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect(member.objects.size).toBe(0);
  });

  it('client dry run sends nothing and says what it would do', async () => {
    const member = joinedMember();
    const { federation, host, input, lines } = setup(member, { dryRun: 'client' });
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect([...federation.writes, ...host.writes, ...member.writes]).toEqual([]);
    expect(lines).toEqual([
      'cluster "gondor" in the federation would be deleted',
      'secret "federation-system/gondor-bcdfg" in the host cluster would be deleted',
      'configmap "kube-system/kube-dns" would be deleted',
      `clusterrolebinding "${ROLE}" would be deleted`,
      `clusterrole "${ROLE}" would be deleted`,
      'secret "federation-system/gondor-rivendell-token" would be deleted',
      'serviceaccount "federation-system/gondor-rivendell" would be deleted',
      'namespace "federation-system" would be deleted',
    ]);
  });
});

describe('unjoinMember of a cluster the federation does not have', () => {
  const without = (member: FakeClient) => {
    const parts = setup(member);
    parts.federation.objects.clear();
    parts.host.objects.clear();
    return parts;
  };

  it('is not found when nothing of its join is left anywhere, and sends nothing', async () => {
    const member = fakeClient('gondor', [obj('v1', 'Namespace', 'federation-system', undefined, {}, null)]);
    const { federation, host, input, lines } = without(member);
    const outcome = await unjoinMember(input);
    expect(outcome).toEqual({ clusterName: 'gondor', ok: true, notFound: true, removals: [], errors: [], left: [] });
    expect(lines).toEqual([]);
    expect([...federation.writes, ...host.writes, ...member.writes]).toEqual([]);
  });

  it.each([
    ['its ServiceAccount, token Secret and ClusterRoleBinding', (m: FakeClient) => m.objects.delete(`ClusterRole//${ROLE}`)],
    [
      "only this federation's kube-dns entries",
      (m: FakeClient) => {
        for (const key of [...m.objects.keys()]) if (!key.startsWith('ConfigMap/')) m.objects.delete(key);
      },
    ],
  ])('cleans up what a partial join or unjoin left on the member: %s', async (_name, trim) => {
    const member = joinedMember();
    trim(member);
    const { input } = without(member);
    const outcome = await unjoinMember(input);
    expect(outcome).toMatchObject({ ok: true, errors: [] });
    expect(outcome.notFound).toBeUndefined();
    expect(member.objects.size).toBe(0);
  });
});

describe('unjoinMember, server dry run', () => {
  it('sends every deletion and the kube-dns update with dryRun and keeps everything', async () => {
    const member = joinedMember([obj('v1', 'ConfigMap', 'kube-dns', 'kube-system', { data: { federations: 'fellowship=example.com,other=o' } }, null)]);
    const { federation, host, input } = setup(member, { dryRun: 'server', kubeDnsFallback: { federationName: 'fellowship', federationsEntry: 'fellowship=example.com' } });
    const outcome = await unjoinMember(input);
    expect(outcome.ok).toBe(true);
    expect([...federation.writes, ...host.writes, ...member.writes]).toEqual([
      'DELETE (dry run) Cluster//gondor',
      'DELETE (dry run) Secret/federation-system/gondor-bcdfg',
      'PUT (dry run) ConfigMap/kube-system/kube-dns',
      `DELETE (dry run) ClusterRoleBinding//${ROLE}`,
      `DELETE (dry run) ClusterRole//${ROLE}`,
      'DELETE (dry run) Secret/federation-system/gondor-rivendell-token',
      'DELETE (dry run) ServiceAccount/federation-system/gondor-rivendell',
      'DELETE (dry run) Namespace//federation-system',
    ]);
    expect(federation.objects.size + host.objects.size).toBe(2);
    expect(member.objects.get('ConfigMap/kube-system/kube-dns')?.data).toEqual({ federations: 'fellowship=example.com,other=o' });
  });
});
