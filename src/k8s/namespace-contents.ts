/**
 * What a namespace holds that is not ours, asked before deleting it: deleting a namespace takes
 * everything inside along, so it is ours to delete only when nothing foreign is left. Every
 * namespaced resource type the server offers through discovery is looked at (a fixed list of
 * kinds misses the user's PersistentVolumeClaims, Jobs, custom resources…), and when any of them
 * cannot be listed the answer is "cannot tell": the caller then keeps the namespace.
 */
import { describeError } from '../describe-error.js';
import type { ClusterClient, K8sObject } from './types.js';
import { SA_NAME_ANNOTATION, SA_TOKEN_TYPE } from './well-known.js';

export type NamespaceContents =
  | { readonly known: true; readonly foreign: readonly K8sObject[] }
  | { readonly known: false; readonly reason: string };

/** An object of the caller's deleted earlier in the same run; what Kubernetes made for it may still be there. */
export interface DeletedObject {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
}

export interface OurObjects {
  /** The caller's own objects (annotated for its federation or cluster). */
  isOurs(obj: K8sObject): boolean;
  readonly deleted?: readonly DeletedObject[];
}

interface ListableType {
  readonly apiVersion: string;
  readonly kind: string;
  /** `persistentvolumeclaims`, `jobs.batch`: how the user would name the type. */
  readonly resource: string;
}


export async function findForeignObjects(client: ClusterClient, namespace: string, ours: OurObjects): Promise<NamespaceContents> {
  let types: ListableType[];
  try {
    types = await discoverListableTypes(client);
  } catch (err) {
    return { known: false, reason: `could not read the API server's resource types: ${describeError(err).message}` };
  }
  const listOne = (type: ListableType) =>
    client.list(type.apiVersion, type.kind, { namespace }).then(
      (items) => ({ type, items }),
      (error: unknown) => ({ type, items: [] as K8sObject[], error }),
    );
  // The client looks each group version up once and remembers it: one list first, then the rest of that version at once.
  const byVersion = new Map<string, ListableType[]>();
  for (const type of types) byVersion.set(type.apiVersion, [...(byVersion.get(type.apiVersion) ?? []), type]);
  const perVersion = await Promise.all(
    [...byVersion.values()].map(async ([first, ...rest]) => [await listOne(first), ...(await Promise.all(rest.map(listOne)))]),
  );
  const lists = perVersion.flat();
  const failed = lists.filter((l) => 'error' in l);
  if (failed.length > 0) {
    const first = failed[0] as { type: ListableType; error: unknown };
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more types)` : '';
    return { known: false, reason: `could not list ${first.type.resource}${more}: ${describeError(first.error).message}` };
  }
  return { known: true, foreign: classify(lists.flatMap((l) => l.items), ours) };
}

/** `persistentvolumeclaim "data", pod "report-x7k2p", role "reader" and 2 more`. */
export function describeObjects(objects: readonly K8sObject[], shown = 3): string {
  const names = objects.slice(0, shown).map((o) => `${o.kind.toLowerCase()} "${o.metadata.name}"`);
  const rest = objects.length - names.length;
  return rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
}

/**
 * The preferred version of every group, and in it each namespaced type that can be listed and
 * deleted (what a namespace deletion would take along). Subresources and Events are left out:
 * Events are the cluster's record of what happened, not anybody's data.
 */
async function discoverListableTypes(client: ClusterClient): Promise<ListableType[]> {
  const groups = await client.groups();
  const versions = groups.flatMap((g) => {
    const version = g.preferredVersion ?? g.versions[0];
    return version ? [{ group: g.name, version }] : [];
  });
  const lists = await Promise.all(
    versions.map(async ({ group, version }) => {
      const apiVersion = group === '' ? version : `${group}/${version}`;
      return (await client.resources(apiVersion)).map((r) => ({ ...r, group, apiVersion }));
    }),
  );
  const seen = new Set<string>();
  const types: ListableType[] = [];
  for (const r of lists.flat()) {
    if (!r.name || !r.kind || r.name.includes('/') || r.namespaced !== true) continue;
    const verbs = r.verbs ?? [];
    if (!verbs.includes('list') || !(verbs.includes('delete') || verbs.includes('deletecollection'))) continue;
    if ((r.group === '' && r.kind === 'Event') || r.group === 'events.k8s.io') continue;
    const key = `${r.apiVersion}/${r.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    types.push({ apiVersion: r.apiVersion, kind: r.kind, resource: r.group === '' ? r.name : `${r.name}.${r.group}` });
  }
  return types;
}

/** The listed objects that are neither ours, nor owned by ours, nor made by Kubernetes, nor being deleted. */
function classify(objects: readonly K8sObject[], ours: OurObjects): K8sObject[] {
  const deleted = ours.deleted ?? [];
  const ourUids = new Set(deleted.flatMap((d) => (d.uid ? [d.uid] : [])));
  const ourObjects = new Set(objects.filter((o) => ours.isOurs(o)));
  for (const o of ourObjects) if (o.metadata.uid) ourUids.add(o.metadata.uid);
  const deletedByName = new Set(deleted.map((d) => `${d.kind}/${d.name}`));
  const ownedByUs = (o: K8sObject): boolean => {
    const refs = (o.metadata.ownerReferences ?? []) as { uid?: string; kind?: string; name?: string }[];
    return refs.length > 0 && refs.every((r) => (r.uid !== undefined && ourUids.has(r.uid)) || (r.uid === undefined && deletedByName.has(`${r.kind}/${r.name}`)));
  };
  // What our objects own is ours too, down the chain (Deployment → ReplicaSet → Pod).
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of objects) {
      if (ourObjects.has(o) || !ownedByUs(o)) continue;
      ourObjects.add(o);
      if (o.metadata.uid) ourUids.add(o.metadata.uid);
      grew = true;
    }
  }
  const live = (kind: string, name: string): K8sObject | undefined => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const ourOrDeleted = (kind: string, name: string): boolean => {
    const found = live(kind, name);
    return found ? ourObjects.has(found) : deletedByName.has(`${kind}/${name}`);
  };
  const madeByKubernetes = (o: K8sObject): boolean => {
    const name = o.metadata.name;
    if (o.kind === 'ServiceAccount' && name === 'default') return true;
    if (o.kind === 'ConfigMap' && name === 'kube-root-ca.crt') return true;
    if (o.kind === 'Secret' && o.type === SA_TOKEN_TYPE) {
      // The token controller's Secrets: `default-token-*` before Kubernetes 1.24, and those of our ServiceAccounts.
      const sa = o.metadata.annotations?.[SA_NAME_ANNOTATION] ?? '';
      return (sa === 'default' && name.startsWith('default-token-')) || (sa !== '' && sa !== 'default' && ourOrDeleted('ServiceAccount', sa));
    }
    // The endpoints controller's object for a Service of ours (removed with it, a moment later).
    if (o.kind === 'Endpoints' && o.apiVersion === 'v1') return ourOrDeleted('Service', name);
    return false;
  };
  return objects.filter((o) => !ourObjects.has(o) && !o.metadata.deletionTimestamp && !madeByKubernetes(o));
}
