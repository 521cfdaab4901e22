import { describe, expect, it } from 'vitest';
import { INVENTORY_KINDS, planHostDeletion, type HostInventory } from '../../../src/destroy/plan.js';
import { CONTROL_PLANE } from '../../../src/federation/catalogue.js';
import { planInit, planObjects } from '../../../src/init/plan.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { COREDNS_CONF, memoryIo, resolveOk } from '../init/helpers.js';
import { factsWith } from '../init/plan-fixtures.js';

const key = (o: { kind: string; name: string }): string => `${o.kind}/${o.name}`;

/** The host after init ran with these options: what init created, in a namespace it made or found. */
function hostAfterInit(objects: K8sObject[], namespaceExists: boolean, rbacVersion: string | undefined): HostInventory {
  const created = objects.find((o) => o.kind === 'Namespace');
  const namespace = created ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system' } };
  expect(Boolean(created)).toBe(!namespaceExists);
  return { namespace, rbacVersion, objects: objects.filter((o) => o.kind !== 'Namespace') };
}

describe('the control-plane catalogue: destroy deletes exactly what init creates', () => {
  it.each([
    { name: 'CoreDNS, RBAC, a new namespace', values: { dnsProviderConfig: 'coredns.conf' }, facts: { rbacVersion: 'v1', namespaceExists: false } },
    { name: 'no RBAC, an existing namespace', values: {}, facts: { rbacVersion: undefined, namespaceExists: true } },
    { name: 'external etcd (no claim)', values: { etcdServers: 'https://etcd.example:2379' }, facts: { rbacVersion: 'v1beta1', namespaceExists: false } },
    { name: 'no persistent storage', values: { etcdPersistentStorage: 'false' }, facts: { rbacVersion: 'v1', namespaceExists: false } },
  ])('$name', ({ values, facts }) => {
    const options = resolveOk(values, memoryIo({ '/work/coredns.conf': COREDNS_CONF }));
    const created = planObjects(planInit(options, factsWith(facts)));
    const steps = planHostDeletion(hostAfterInit(created, facts.namespaceExists, facts.rbacVersion), {
      federationName: 'fellowship',
      namespace: 'federation-system',
      keepData: false,
    });
    const deleted = steps.flatMap((s) => s.decisions.filter((d) => d.action === 'delete').map((d) => key(d.ref)));
    expect(deleted.sort()).toEqual(created.map((o) => key({ kind: o.kind, name: o.metadata.name })).sort());
    // Whatever destroy does not delete, it found missing or kept on purpose (the namespace it did not make).
    const others = steps.flatMap((s) => s.decisions.filter((d) => d.action !== 'delete' && d.action !== 'gone'));
    expect(others.map((d) => `${key(d.ref)} ${d.action}`)).toEqual(facts.namespaceExists ? ['Namespace/federation-system keep'] : []);
  });

  it('lists every kind init can create, so destroy finds each of them', () => {
    const listed = new Set(INVENTORY_KINDS.map((k) => k.kind));
    for (const entry of CONTROL_PLANE) if (entry.kind !== 'Namespace') expect(listed, entry.kind).toContain(entry.kind);
  });
});
