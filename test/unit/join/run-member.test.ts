import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../../src/errors.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { planMember, type MemberPlanInput } from '../../../src/join/plan.js';
import { runMember, type MemberRunInput } from '../../../src/join/run-member.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { fakeClient, type FakeClient } from '../../helpers/fake-client.js';

const INPUT: MemberPlanInput = {
  clusterName: 'gondor',
  federationName: 'fellowship',
  namespace: 'federation-system',
  hostContext: 'rivendell',
  memberServer: 'https://gondor.example:6443',
  secretName: 'gondor-bcdfg',
  rbacVersion: 'v1',
  credentials: { type: 'token' },
  kubeDns: { federationName: 'fellowship', federationsEntry: 'fellowship=example.com' },
};

const EXISTING_NS: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system', annotations: { owner: 'init' } } };

function setup(member: FakeClient, overrides: Partial<MemberRunInput> = {}) {
  const host = fakeClient('rivendell');
  const federation = fakeClient('fellowship');
  const lines: string[] = [];
  const input: MemberRunInput = {
    plan: planMember(INPUT),
    clients: { member, host, federation },
    serverDryRun: false,
    retain: false,
    deadline: 10_000,
    deps: { now: () => new Date(0), sleep: async () => {} },
    log: (line) => lines.push(line),
    ...overrides,
  };
  return { host, federation, lines, input };
}

describe('runMember', () => {
  it('applies every step and reports the Cluster', async () => {
    const member = fakeClient('gondor');
    const { federation, host, input } = setup(member);
    const outcome = await runMember(input);
    expect(outcome.ok).toBe(true);
    expect(outcome.clusterAction).toBe('created');
    expect(federation.objects.has('Cluster//gondor')).toBe(true);
    expect(host.objects.get('Secret/federation-system/gondor-bcdfg')?.data).toEqual({ 'ca.crt': 'Q0E=', namespace: 'ZmVkZXJhdGlvbi1zeXN0ZW0=', token: 'dG9r' });
    expect(member.objects.get('ConfigMap/kube-system/kube-dns')?.data).toEqual({ federations: 'fellowship=example.com' });
  });

  it('leaves an existing namespace exactly as it is', async () => {
    const member = fakeClient('gondor', [EXISTING_NS]);
    const { input, lines } = setup(member);
    await runMember(input);
    expect(member.objects.get('Namespace//federation-system')?.metadata.annotations).toEqual({ owner: 'init' });
    expect(lines[0]).toBe('namespace "federation-system" kept');
  });

  it('rolls back in reverse order only what this run created (not the existing namespace)', async () => {
    const member = fakeClient('gondor', [EXISTING_NS]);
    member.failCreate('ClusterRoleBinding', 403);
    const { input, lines } = setup(member);
    const outcome = await runMember(input);
    expect(outcome.ok).toBe(false);
    expect(outcome.rolledBack).toEqual([
      'clusterrole "federation-controller-manager:fellowship-gondor-rivendell"',
      'secret "federation-system/gondor-rivendell-token"',
      'serviceaccount "federation-system/gondor-rivendell"',
    ]);
    expect(lines.slice(-3)).toEqual([
      'rolled back: clusterrole "federation-controller-manager:fellowship-gondor-rivendell" deleted',
      'rolled back: secret "federation-system/gondor-rivendell-token" deleted',
      'rolled back: serviceaccount "federation-system/gondor-rivendell" deleted',
    ]);
    expect([...member.objects.keys()]).toEqual(['Namespace//federation-system']);
  });

  it('keeps what it created with retain', async () => {
    const member = fakeClient('gondor');
    member.failCreate('ClusterRole', 403);
    const { input } = setup(member, { retain: true });
    const outcome = await runMember(input);
    expect(outcome.rolledBack).toEqual([]);
    expect(outcome.retained).toEqual(['secret "federation-system/gondor-rivendell-token"', 'serviceaccount "federation-system/gondor-rivendell"', 'namespace "federation-system"']);
    expect(member.objects.size).toBe(3);
  });

  it('times out (exit 3) when no token controller fills the Secret, and rolls back', async () => {
    const member = fakeClient('gondor', [], { tokens: false });
    const { input } = setup(member, { deadline: 3_000 });
    const outcome = await runMember(input);
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect((outcome.error as TimeoutError).message).toBe(
      'timed out waiting for the token controller to fill secret "federation-system/gondor-rivendell-token" with a token and ca.crt',
    );
    expect((outcome.error as TimeoutError).exitCode).toBe(3);
    expect(member.objects.size).toBe(0);
  });

  it('server dry run: writes go with dryRun, objects in a namespace being created are not sent', async () => {
    const member = fakeClient('gondor');
    const { input, host, federation } = setup(member, { serverDryRun: true });
    const outcome = await runMember(input);
    expect(outcome.ok).toBe(true);
    expect(member.writes).toEqual([
      'POST (dry run) Namespace//federation-system',
      'POST (dry run) ClusterRole//federation-controller-manager:fellowship-gondor-rivendell',
      'POST (dry run) ClusterRoleBinding//federation-controller-manager:fellowship-gondor-rivendell',
      'POST (dry run) ConfigMap/kube-system/kube-dns',
    ]);
    expect(host.writes).toEqual(['POST (dry run) Secret/federation-system/gondor-bcdfg']);
    expect(federation.writes).toEqual(['POST (dry run) Cluster//gondor']);
    expect(member.objects.size + host.objects.size + federation.objects.size).toBe(0);
  });

  it('rolls back by name what it created without an answer: a lost answer adopted on retry, a create that committed then failed', async () => {
    const member = fakeClient('gondor');
    const lostAnswer = (client: FakeClient, error: () => Error): FakeClient =>
      Object.assign(Object.create(client) as FakeClient, {
        create: async (obj: K8sObject, o?: { dryRun?: boolean }) => {
          await client.create(obj, o);
          throw error();
        },
      });
    const { input, host, federation, lines } = setup(member);
    const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const forbidden = () => new KubeApiError(403, 'clusters.federation is forbidden', { reason: 'Forbidden' });
    const outcome = await runMember({ ...input, clients: { member, host: lostAnswer(host, reset), federation: lostAnswer(federation, forbidden) } });
    expect(outcome.ok).toBe(false);
    expect(lines).toContain('secret "federation-system/gondor-bcdfg" in the host cluster created');
    expect(outcome.rolledBack.slice(0, 2)).toEqual(['cluster "gondor" in the federation', 'secret "federation-system/gondor-bcdfg" in the host cluster']);
    expect(host.objects.size + federation.objects.size + member.objects.size).toBe(0);
  });

  it('merges kube-dns again from a fresh read when its update meets 409 Conflict', async () => {
    const member = fakeClient('gondor', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-dns', namespace: 'kube-system', resourceVersion: '1' }, data: { upstreamNameservers: '["1.1.1.1"]' } }]);
    let conflicts = 0;
    const busy = Object.assign(Object.create(member) as FakeClient, {
      patch: (...args: Parameters<FakeClient['patch']>) => {
        if (conflicts++ > 0) return member.patch(...args);
        // Someone else edits the ConfigMap between our read and our write.
        const live = member.objects.get('ConfigMap/kube-system/kube-dns') as K8sObject;
        member.objects.set('ConfigMap/kube-system/kube-dns', { ...live, metadata: { ...live.metadata, resourceVersion: '2' }, data: { ...(live.data as object), theirs: 'x' } });
        return Promise.reject(new KubeApiError(409, 'the object has been modified', { reason: 'Conflict' }));
      },
    });
    const { input } = setup(member);
    const outcome = await runMember({ ...input, clients: { ...input.clients, member: busy } });
    expect(outcome.ok).toBe(true);
    expect(member.objects.get('ConfigMap/kube-system/kube-dns')?.data).toMatchObject({ theirs: 'x', federations: 'fellowship=example.com', upstreamNameservers: '["1.1.1.1"]' });
  });
});
