/**
 * The reads destroy makes before its first delete: what the host holds in the federation's
 * namespace, and the Clusters the federation API server knows. A host that cannot be read ends
 * the run with nothing deleted; a federation API server that cannot be read is reported to the
 * caller, who needs --force to go on without it.
 */
import { APISERVER_NAME, FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { describeError } from '../describe-error.js';
import { CliError } from '../errors.js';
import { discoverRbacVersion, RBAC_GROUP } from '../k8s/discovery.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';
import { INVENTORY_KINDS, type HostInventory } from './plan.js';

export async function readHostInventory(host: ClusterClient, namespace: string): Promise<HostInventory> {
  try {
    const ns = await host.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
    if (!ns) return { objects: [] };
    const rbacVersion = await discoverRbacVersion(host);
    const kinds = INVENTORY_KINDS.flatMap((k) => (k.apiVersion ? [{ ...k, apiVersion: k.apiVersion }] : rbacVersion ? [{ ...k, apiVersion: `${RBAC_GROUP}/${rbacVersion}` }] : []));
    const lists = await Promise.all(kinds.map((k) => host.list(k.apiVersion, k.kind, { namespace })));
    // The list answers leave out kind and apiVersion on some servers; the plan matches on kind.
    const objects = lists.flatMap((items, i) => items.map((o) => ({ ...o, apiVersion: kinds[i].apiVersion, kind: kinds[i].kind })));
    return { namespace: ns, rbacVersion, objects };
  } catch (err) {
    const described = describeError(err);
    throw new CliError(`could not read the federation's objects in the host cluster (context "${host.contextName}", namespace "${namespace}"): ${described.message}; nothing was deleted`, {
      exitCode: described.exitCode,
      hint: described.details.join('\n') || undefined,
    });
  }
}

/** The federation API server runs when init's apiserver Deployment (any version's name) is there. */
export function federationApiServerDeployed(inventory: HostInventory, federationName: string): boolean {
  return inventory.objects.some(
    (o) =>
      o.kind === 'Deployment' &&
      (o.metadata.name === APISERVER_NAME || o.metadata.name === `${federationName}-${APISERVER_NAME}`) &&
      o.metadata.annotations?.[FEDERATION_NAME_ANNOTATION] === federationName,
  );
}

export type ClusterListing =
  | { readonly clusters: readonly K8sObject[]; readonly federation?: ClusterClient; readonly problem?: undefined }
  | { readonly clusters?: undefined; readonly federation?: undefined; readonly problem: string };

/** The federation's Clusters (sorted by name) and the client that listed them, or why they could not be listed. */
export async function listFederationClusters(connect: (() => Promise<ClusterClient>) | undefined, contextName: string): Promise<ClusterListing> {
  if (!connect) return { problem: `cannot reach the federation API server: context "${contextName}" is not in kubeconfig` };
  try {
    const federation = await connect();
    const clusters = await federation.list('federation/v1beta1', 'Cluster');
    return { federation, clusters: [...clusters].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)) };
  } catch (err) {
    return { problem: `cannot reach the federation API server (context "${contextName}"): ${describeError(err).message}` };
  }
}
