/**
 * The discovery documents kubectl and client-node read before any object call: /api, /apis,
 * /apis/<group>, the APIResourceList of each group version, and /version.
 */
import type { ResourceType } from './contracts.js';
import { apiVersionOf, kubernetesVersion, type EmulatedResourceType } from './registry.js';
import type { DiscoveryRoute } from './server-route.js';
import { pathNotFound } from './status.js';

/** What the recorded real server reports (kubectl picks its client version by it). */
export const EMULATED_VERSION = kubernetesVersion();

function groupsOf(types: readonly ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of types) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    groups.set(t.group, versions);
  }
  return groups;
}

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

function resourceEntries(t: EmulatedResourceType): object[] {
  // Recorded from a real server: announced word for word, subresources the emulator does not
  // serve included, as a client walking discovery must see the same surface.
  if (t.discovery) return t.discovery;
  const main: Record<string, unknown> = {
    name: t.resource,
    singularName: t.kind.toLowerCase(),
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
  };
  if (t.shortNames?.length) main.shortNames = t.shortNames;
  const subs = (t.subresources ?? []).map((sub) => ({
    name: `${t.resource}/${sub}`,
    singularName: '',
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: ['get', 'patch', 'update'],
  }));
  return [main, ...subs];
}

export function discoveryDocument(types: readonly ResourceType[], route: DiscoveryRoute, serverAddress: string): Record<string, unknown> {
  switch (route.kind) {
    case 'api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
    case 'apis':
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groupsOf(types)].map(([group, versions]) => groupDocument(group, versions)),
      };
    case 'group': {
      const versions = groupsOf(types).get(route.group);
      if (!versions) throw pathNotFound();
      return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(route.group, versions) };
    }
    case 'resources': {
      const served = types.filter((t) => t.group === route.group && t.version === route.version);
      if (served.length === 0) throw pathNotFound();
      return {
        kind: 'APIResourceList',
        // The core group's list is written by the legacy handler, which leaves apiVersion out.
        ...(route.group === '' ? {} : { apiVersion: 'v1' }),
        groupVersion: apiVersionOf(served[0]),
        resources: served.flatMap((t) => resourceEntries(t as EmulatedResourceType)),
      };
    }
  }
}
