/**
 * The discovery documents of a real kube-apiserver, recorded by `npm run discovery:record`
 * (test/real/discovery-record.ts) into fixtures/discovery.json. The emulator serves the same
 * groups, versions and resources from it, so a client that walks discovery (kubectl, kubefed
 * before deleting a namespace) sees the surface of the Kubernetes version the real tier runs.
 */
import recorded from './fixtures/discovery.json' with { type: 'json' };

/** One entry of an APIResourceList, as the server wrote it (subresources are entries too). */
export interface DiscoveryResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface DiscoveryGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion: { groupVersion: string; version: string };
}

export interface DiscoveryFixture {
  recordedFrom: string;
  /** /version, with the release stamp a build from modules lacks filled in by the recorder. */
  version: Record<string, string>;
  /** /api without serverAddressByClientCIDRs, which names the recording server. */
  api: { kind: 'APIVersions'; versions: string[] };
  apis: { kind: 'APIGroupList'; apiVersion: string; groups: DiscoveryGroup[] };
  /** Keyed by group version (`v1`, `apps/v1`). */
  resources: Record<string, { kind: 'APIResourceList'; apiVersion?: string; groupVersion: string; resources: DiscoveryResource[] }>;
}

export const discoveryFixture = recorded as DiscoveryFixture;
