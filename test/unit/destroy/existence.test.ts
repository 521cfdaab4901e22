import { describe, expect, it } from 'vitest';
import { checkFederationExists } from '../../../src/destroy/existence.js';
import type { HostInventory } from '../../../src/destroy/plan.js';
import { resolveFromKubeconfig } from '../../../src/destroy/resolve.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { FILE, kubeconfigAfterInit, loadedFrom } from './kubeconfig-fixture.js';

const owned = (federation: string | undefined): Record<string, unknown> =>
  federation ? { annotations: { 'federation.alpha.kubernetes.io/federation-name': federation } } : {};
const namespace = (federation?: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fed-ns', ...owned(federation) } });
const deployment = (name: string, federation?: string): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'fed-ns', ...owned(federation) } });

/** Targets of `kubefed destroy <name> --host-cluster-context=rivendell --federation-system-namespace=fed-ns`. */
function targets(federationName: string, doc = kubeconfigAfterInit()) {
  return resolveFromKubeconfig(
    { federationName, hostClusterContext: 'rivendell', federationSystemNamespace: 'fed-ns' },
    { paths: [FILE], explicit: false },
    loadedFrom(doc),
  );
}

const check = (federationName: string, inventory: HostInventory, doc = kubeconfigAfterInit()) => () => checkFederationExists(inventory, targets(federationName, doc), federationName);

describe('checkFederationExists', () => {
  it.each([
    ['the namespace does not exist', { objects: [] }, '(the namespace does not exist)'],
    ['it holds nobody', { namespace: namespace(), objects: [deployment('web')] }, '(it holds no federation)'],
  ])('nothing of the federation and no other one: nothing to destroy (%s)', (_case, inventory, why) => {
    expect(check('fellowshp', inventory)()).toEqual({
      found: false,
      message: `federation "fellowshp" not found: nothing in namespace fed-ns of context rivendell belongs to it ${why}; nothing to destroy`,
    });
  });

  it.each([
    ['it holds another federation', { namespace: namespace('fellowship'), objects: [deployment('apiserver', 'fellowship')] }, '(it holds federation "fellowship")'],
    ['it holds two others', { namespace: namespace(), objects: [deployment('apiserver', 'shire'), deployment('b-apiserver', 'fellowship')] }, '(it holds federations "fellowship", "shire")'],
  ])('a name the namespace does not hold while it holds another federation is an error: %s', (_case, inventory, why) => {
    expect(check('fellowshp', inventory)).toThrow(`federation "fellowshp" not found: nothing in namespace fed-ns of context rivendell belongs to it ${why}`);
  });

  it('any object of the federation is enough, the namespace alone too', () => {
    const after = kubeconfigAfterInit();
    const doc = { ...after, contexts: after.contexts?.filter((c) => c.name !== 'fellowship') };
    expect(check('fellowship', { namespace: namespace('fellowship'), objects: [] }, doc)()).toEqual({ found: true });
    expect(check('fellowship', { namespace: namespace(), objects: [deployment('controller-manager', 'fellowship')] }, doc)()).toEqual({ found: true });
  });

  it('the kubeconfig entries init wrote for it are enough: removing them is what is left to do', () => {
    expect(check('fellowship', { objects: [] })()).toEqual({ found: true });
    // A same-named context init did not write for it is not.
    expect(check('fellowship', { objects: [] }, kubeconfigAfterInit(null))()).toMatchObject({ found: false });
  });
});
