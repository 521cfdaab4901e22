import { describe, expect, it } from 'vitest';
import { createApplier } from '../../../src/k8s/apply.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { grantedSecrets, secretRules, updateSecretAccess } from '../../../src/federation/secret-access.js';
import { fakeClient } from '../../helpers/fake-client.js';

const NS = 'federation-system';
const ROLE = 'federation-system:federation-controller-manager';

function role(rules: unknown[]): K8sObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: ROLE, namespace: NS, annotations: { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' } }, rules };
}

function memberSecret(name: string, cluster: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace: NS, annotations: { 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': cluster } },
  };
}

const liveRules = async (client: ReturnType<typeof fakeClient>) =>
  (await client.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: ROLE, namespace: NS }))?.rules;

describe('the controller manager\'s Secrets rules', () => {
  it('no member: no rule at all, never a rule with an empty resourceNames list (which would mean every Secret)', () => {
    expect(secretRules([])).toEqual([]);
    expect(secretRules(['', ''])).toEqual([]);
  });

  it('members: get only, by name, sorted and without repeats', () => {
    expect(secretRules(['rohan-x', 'gondor-y', 'rohan-x'])).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['gondor-y', 'rohan-x'] }]);
  });

  it("reads the granted names, and tells an older init's unrestricted rule apart", () => {
    expect(grantedSecrets(role(secretRules(['a'])))).toEqual({ names: ['a'], unrestricted: false });
    expect(grantedSecrets(role([{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'] }]))).toEqual({ names: [], unrestricted: true });
    expect(grantedSecrets(undefined)).toEqual({ names: [], unrestricted: false });
  });
});

describe('updateSecretAccess', () => {
  it('adds and removes names, keeping the Role\'s other rules; the last name removed leaves no Secrets rule', async () => {
    const other = { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] };
    const host = fakeClient('rivendell', [role([other])]);
    const applier = createApplier();
    expect(await updateSecretAccess(applier, host, NS, { add: ['gondor-a'] })).toBe('updated');
    expect(await updateSecretAccess(applier, host, NS, { add: ['gondor-a'] })).toBe('unchanged');
    await Promise.all([updateSecretAccess(applier, host, NS, { add: ['rohan-b'] }), updateSecretAccess(applier, host, NS, { add: ['isengard-c'] })]);
    expect(await liveRules(host)).toEqual([other, ...secretRules(['gondor-a', 'isengard-c', 'rohan-b'])]);
    await updateSecretAccess(applier, host, NS, { remove: ['gondor-a', 'rohan-b', 'isengard-c'] });
    expect(await liveRules(host)).toEqual([other]);
  });

  it("replaces an older init's rule for every Secret by the names of the members joined so far, plus the new one", async () => {
    const host = fakeClient('rivendell', [
      role([{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'] }]),
      memberSecret('gondor-old', 'gondor'),
      { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'federation-ca', namespace: NS, annotations: { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' } } },
    ]);
    expect(await updateSecretAccess(createApplier(), host, NS, { add: ['rohan-new'] })).toBe('updated');
    expect(await liveRules(host)).toEqual(secretRules(['gondor-old', 'rohan-new']));
  });

  it('a host without the Role (no RBAC) is left alone', async () => {
    const host = fakeClient('rivendell', []);
    expect(await updateSecretAccess(createApplier(), host, NS, { add: ['gondor-a'] })).toBe('no role');
    expect(host.writes).toEqual([]);
  });

  it('a client dry run sends nothing', async () => {
    const host = fakeClient('rivendell', [role([])]);
    expect(await updateSecretAccess(createApplier({ dryRun: 'client' }), host, NS, { add: ['gondor-a'] })).toBe('updated');
    expect(host.writes).toEqual([]);
  });

  it('grants that arrive while a write is under way go together in the next write, each told its own result', async () => {
    const host = fakeClient('rivendell', [role(secretRules(['gondor-a']))]);
    const applier = createApplier();
    const names = ['rohan-b', 'gondor-a', 'isengard-c', 'dale-d', 'rohan-b'];
    const results = await Promise.all(names.map((name) => updateSecretAccess(applier, host, NS, { add: [name] })));
    // The first goes alone; the four that queued behind it share one read and one write.
    expect(host.calls.filter((c) => c.startsWith('replace'))).toHaveLength(2);
    expect(results).toEqual(['updated', 'unchanged', 'updated', 'updated', 'unchanged']);
    expect(await liveRules(host)).toEqual(secretRules(['dale-d', 'gondor-a', 'isengard-c', 'rohan-b']));
  });

  it('a shared write that fails is tried again for each change alone, so only the failing one fails', async () => {
    const host = fakeClient('rivendell', [role([])]);
    const applier = createApplier();
    const first = updateSecretAccess(applier, host, NS, { add: ['first'] });
    const replace = host.replace.bind(host);
    // The Role refuses any write that names "bad".
    host.replace = async (object, o) => {
      const listed = JSON.stringify(object.rules ?? []);
      if (listed.includes('"bad"')) throw new Error('refused');
      return replace(object, o);
    };
    const rest = ['ok-1', 'bad', 'ok-2'].map((name) => updateSecretAccess(applier, host, NS, { add: [name] }));
    const settled = await Promise.allSettled([first, ...rest]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await liveRules(host)).toEqual(secretRules(['first', 'ok-1', 'ok-2']));
  });
});
