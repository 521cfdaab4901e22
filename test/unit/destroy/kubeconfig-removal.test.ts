import { describe, expect, it } from 'vitest';
import { planKubeconfigRemoval } from '../../../src/destroy/kubeconfig-removal.js';
import { planKubeconfigEdit } from '../../../src/kubeconfig/edit.js';
import { kubeconfigAfterInit, loadedFrom, FILE } from './kubeconfig-fixture.js';

const input = (doc = kubeconfigAfterInit(), recorded = true) => ({ loaded: loadedFrom(doc), federationName: 'fellowship', federationContextName: 'fellowship', recorded });

describe('planKubeconfigRemoval', () => {
  it("removes init's context, cluster, user and basic-auth user, and clears current-context that pointed at it", () => {
    const removal = planKubeconfigRemoval(input());
    expect(removal.entries).toEqual(['context "fellowship"', 'cluster "fellowship"', 'user "fellowship"', 'user "fellowship-basic-auth"', 'current-context "fellowship"']);
    expect(removal.edit).toEqual({ remove: { contexts: ['fellowship'], clusters: ['fellowship'], users: ['fellowship', 'fellowship-basic-auth'] }, currentContext: null });
  });

  it('leaves the file with exactly the other entries once applied', () => {
    const loaded = loadedFrom(kubeconfigAfterInit());
    const edit = planKubeconfigRemoval({ ...input(), loaded }).edit;
    const doc = planKubeconfigEdit(loaded, edit ?? {}, { overwrite: false }).files.get(FILE);
    expect(doc?.contexts?.map((c) => c.name)).toEqual(['rivendell', 'gondor']);
    expect(doc?.clusters?.map((c) => c.name)).toEqual(['rivendell', 'gondor']);
    expect(doc?.users?.map((u) => u.name)).toEqual(['rivendell', 'gondor']);
    expect(doc?.['current-context']).toBeUndefined();
  });

  it('keeps current-context when it points elsewhere', () => {
    const doc = { ...kubeconfigAfterInit(), 'current-context': 'gondor' };
    const removal = planKubeconfigRemoval(input(doc));
    expect(removal.edit?.currentContext).toBeUndefined();
    expect(removal.entries).not.toContain('current-context "fellowship"');
  });

  it('keeps a cluster or user another context still uses', () => {
    const doc = kubeconfigAfterInit();
    doc.contexts = [...(doc.contexts ?? []), { name: 'fellowship-readonly', context: { cluster: 'fellowship', user: 'rivendell' } }];
    expect(planKubeconfigRemoval(input(doc)).edit?.remove).toEqual({ contexts: ['fellowship'], clusters: [], users: ['fellowship', 'fellowship-basic-auth'] });
  });

  it('has nothing to remove when the context is gone already', () => {
    const doc = kubeconfigAfterInit();
    doc.contexts = doc.contexts?.filter((c) => c.name !== 'fellowship');
    expect(planKubeconfigRemoval(input(doc))).toEqual({ entries: [] });
  });

  it('leaves a context kubefed init did not record for this federation, saying how to remove it', () => {
    expect(planKubeconfigRemoval(input(kubeconfigAfterInit(null), false))).toEqual({
      entries: [],
      skipped:
        'context "fellowship" was not written by kubefed init for federation "fellowship", so it stays with its cluster and user (kubectl config delete-context removes it)',
    });
  });
});
