/**
 * Records what a real kube-apiserver announces — `/version`, `/api`, `/apis` and the
 * APIResourceList of every group version — as the emulator's discovery fixture
 * (`test/emulator/fixtures/discovery.json`), from which the emulator builds the API surface it
 * serves. `npm run discovery:record` rewrites the fixture from the pinned control plane; the
 * real tier's discovery test fails while the fixture differs from what the server says.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiscoveryFixture } from '../emulator/discovery-fixture.js';
import { createApiClient, type ClusterAccess } from './node-agent/api-client.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_PATH = resolve(repoRoot, 'test/emulator/fixtures/discovery.json');

/** The placeholder a kube-apiserver built from its Go modules (no release ldflags) reports. */
const UNSTAMPED = /^v0\.0\.0-master/;

/** The k8s.io/kubernetes version control-plane/go.mod pins, e.g. `v1.37.2`. */
export function pinnedKubernetesVersion(): string {
  const goMod = readFileSync(resolve(repoRoot, 'control-plane/go.mod'), 'utf8');
  const found = /^\s*(?:require\s+)?k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+\S*)/m.exec(goMod);
  if (!found) throw new Error('control-plane/go.mod pins no k8s.io/kubernetes version');
  return found[1];
}

/**
 * The server's /version with the release build's stamp where a build from modules has none:
 * gitVersion is the pinned module version (what a released binary of it reports), the commit
 * and date are left blank rather than invented.
 */
function versionInfo(reported: Record<string, string>, pinned: string): Record<string, string> {
  if (!UNSTAMPED.test(reported.gitVersion ?? '')) return reported;
  return { ...reported, gitVersion: pinned, gitCommit: '', gitTreeState: 'clean', buildDate: '' };
}

interface GroupList {
  groups: { name: string; versions: { groupVersion: string }[] }[];
}

export async function recordDiscovery(cluster: ClusterAccess): Promise<DiscoveryFixture> {
  const client = createApiClient(cluster);
  try {
    const pinned = pinnedKubernetesVersion();
    const version = versionInfo(await client.call<Record<string, string>>('GET', '/version'), pinned);
    // serverAddressByClientCIDRs names the recording server's port; each server fills in its own.
    const { serverAddressByClientCIDRs: _address, ...api } = await client.call<{ versions: string[]; serverAddressByClientCIDRs?: unknown }>('GET', '/api');
    const apis = await client.call<GroupList & Record<string, unknown>>('GET', '/apis');
    const groupVersions = [...api.versions, ...apis.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    const resources: DiscoveryFixture['resources'] = {};
    for (const gv of groupVersions) {
      const path = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
      resources[gv] = await client.call<DiscoveryFixture['resources'][string]>('GET', path);
    }
    return {
      recordedFrom: `kube-apiserver ${pinned}, by npm run discovery:record`,
      version,
      api: api as DiscoveryFixture['api'],
      apis: apis as unknown as DiscoveryFixture['apis'],
      resources,
    };
  } finally {
    client.close();
  }
}

export function fixtureText(fixture: DiscoveryFixture): string {
  return `${JSON.stringify(fixture, null, 2)}\n`;
}

export function writeFixture(fixture: DiscoveryFixture): void {
  writeFileSync(FIXTURE_PATH, fixtureText(fixture));
}
