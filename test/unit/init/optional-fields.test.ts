import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/k8s/types.js';
import { optionalFieldsToClear } from '../../../src/federation/objects/optional-fields.js';

const deployment = (podSpec: Record<string, unknown>, annotations: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'controller-manager', annotations },
  spec: { template: { spec: podSpec } },
});

describe('optionalFieldsToClear', () => {
  it('clears what this run no longer sets: node selector, pull secrets, service account, CoreDNS annotations', () => {
    const desired = deployment({ containers: [] }, { federations: 'f=z' });
    const live = deployment(
      { containers: [], nodeSelector: { zone: 'a' }, imagePullSecrets: [{ name: 'p' }], serviceAccountName: 'sa', serviceAccount: 'sa' },
      { federations: 'f=z', 'dns-provider': 'coredns', 'dns-zone-name': 'z', nameserver: '1.2.3.4:53' },
    );
    expect(optionalFieldsToClear(desired, live)).toEqual([
      ['spec', 'template', 'spec', 'nodeSelector'],
      ['spec', 'template', 'spec', 'imagePullSecrets'],
      ['spec', 'template', 'spec', 'serviceAccountName'],
      ['spec', 'template', 'spec', 'serviceAccount'],
      ['metadata', 'annotations', 'dns-provider'],
      ['metadata', 'annotations', 'dns-zone-name'],
      ['metadata', 'annotations', 'nameserver'],
    ]);
  });

  it('removes only the node-selector keys that are no longer wanted, and keeps what is still set', () => {
    const desired = deployment({ nodeSelector: { zone: 'a' }, serviceAccountName: 'sa' }, { 'dns-provider': 'coredns', 'dns-zone-name': 'z', nameserver: 'n' });
    const live = deployment({ nodeSelector: { zone: 'a', disk: 'ssd' }, serviceAccountName: 'sa' });
    expect(optionalFieldsToClear(desired, live)).toEqual([['spec', 'template', 'spec', 'nodeSelector', 'disk'], ['spec', 'template', 'spec', 'imagePullSecrets']]);
  });

  it('has nothing to say about other kinds', () => {
    expect(optionalFieldsToClear({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'apiserver' } }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'apiserver' } })).toEqual([]);
  });
});
