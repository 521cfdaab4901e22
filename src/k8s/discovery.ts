import { isOutOfTime, isUnreachable } from './retry.js';
import type { ApiGroupInfo, ClusterClient } from './types.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** RBAC versions the manifests can be written for, most preferred first. */
const KNOWN_RBAC_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];

/**
 * One retry on top of the client's own: discovery decides what init creates, so a blip must not
 * decide it. Not when the server is out of reach or the command out of time.
 */
async function fetchGroups(client: ClusterClient): Promise<ApiGroupInfo[]> {
  try {
    return await client.groups();
  } catch (e) {
    // Out of time, or nothing answers (the client has already tried again): no second round.
    if (isOutOfTime(e) || isUnreachable(e)) throw e;
    return client.groups();
  }
}

/**
 * The RBAC version to write ClusterRoles and bindings in: the server's preferred version when we
 * know it, else the first version the server lists that we know, else undefined (no RBAC: the
 * caller falls back as the original did). A discovery failure is retried once, then rethrown.
 */
export async function discoverRbacVersion(client: ClusterClient): Promise<string | undefined> {
  const groups = await fetchGroups(client);
  const rbac = groups.find((g) => g.name === RBAC_GROUP);
  if (!rbac) return undefined;
  if (rbac.preferredVersion && KNOWN_RBAC_VERSIONS.includes(rbac.preferredVersion)) return rbac.preferredVersion;
  return rbac.versions.find((v) => KNOWN_RBAC_VERSIONS.includes(v));
}
