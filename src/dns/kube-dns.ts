/**
 * The member cluster's `kube-system/kube-dns` ConfigMap: join adds this federation's
 * `federations` entry and, for CoreDNS, a `stubDomains` zone; unjoin takes them out again.
 *
 * Both directions are pure. Join records what it changed in one annotation on the ConfigMap (a
 * ledger keyed by federation), so that unjoin can put back the exact text it found when nobody
 * touched the ConfigMap in between, and otherwise removes only this federation's entries.
 */
import { CLUSTER_NAME_ANNOTATION, FEDERATION_NAME_ANNOTATION, KUBE_DNS_CONFIGMAP, KUBE_DNS_NAMESPACE } from '../constants.js';
import type { K8sObject, ObjectMeta, ObjectRef } from '../k8s/types.js';

/** The member's `kube-system/kube-dns` ConfigMap, where join adds the federation's entries. */
export const KUBE_DNS_REF: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', name: KUBE_DNS_CONFIGMAP, namespace: KUBE_DNS_NAMESPACE };

export const KUBE_DNS_LEDGER_ANNOTATION = 'federation.kubernetes.io/kube-dns-edits';

/** What one federation puts into kube-dns. */
export interface KubeDnsEntries {
  federationName: string;
  /** `<federation>=<zone>`, the value kube-dns reads from the `federations` key. */
  federationsEntry: string;
  /** CoreDNS federations only: the zone served by the federation's nameserver. */
  stubDomain?: { zone: string; nameserver: string };
}

interface KeyEdit {
  /** The value before this federation's edit; null when the key was absent. */
  before: string | null;
  /** The value this federation's edit left behind. */
  after: string;
}

interface FederationEdits {
  federations?: KeyEdit & { entry: string };
  stubDomains?: KeyEdit & { zone: string; servers: string[] };
}

interface Ledger {
  createdConfigMap: boolean;
  dataAbsent: boolean;
  annotationsAbsent: boolean;
  federations: Record<string, FederationEdits>;
}

type DataKey = 'federations' | 'stubDomains';
const DATA_KEYS: readonly DataKey[] = ['federations', 'stubDomains'];

export interface KubeDnsMerge {
  action: 'create' | 'update' | 'unchanged';
  /** The ConfigMap to create or replace (carries the existing resourceVersion). */
  object?: K8sObject;
  /** Human descriptions of what was added, e.g. `federations entry "fellowship=example.com"`. */
  added: string[];
  warnings: string[];
}

export interface KubeDnsUnmerge {
  action: 'update' | 'delete' | 'unchanged';
  object?: K8sObject;
  removed: string[];
}

/**
 * The entries the controller manager's annotations describe (src/dns/annotations.ts writes them): `federations` is
 * required; a CoreDNS federation also gets a stub domain for its zone.
 */
export function kubeDnsEntriesFrom(federationName: string, annotations: Readonly<Record<string, string>>): KubeDnsEntries | undefined {
  const federations = annotations.federations;
  if (!federations) return undefined;
  const [name, ...zoneParts] = federations.split('=');
  const entry = zoneParts.length > 0 ? `${name}=${stripDots(zoneParts.join('='))}` : federations;
  const zone = stripDots(annotations['dns-zone-name'] ?? '');
  const nameserver = annotations.nameserver ?? '';
  const coredns = annotations['dns-provider'] === 'coredns' && zone !== '' && nameserver !== '';
  return { federationName, federationsEntry: entry, ...(coredns ? { stubDomain: { zone, nameserver } } : {}) };
}

export function mergeKubeDns(existing: K8sObject | undefined, entries: KubeDnsEntries, clusterName: string): KubeDnsMerge {
  const data: Record<string, string> = { ...((existing?.data as Record<string, string> | undefined) ?? {}) };
  const ledger = readLedger(existing) ?? {
    createdConfigMap: existing === undefined,
    dataAbsent: existing !== undefined && existing.data === undefined,
    annotationsAbsent: existing !== undefined && existing.metadata.annotations === undefined,
    federations: {},
  };
  const record: FederationEdits = { ...ledger.federations[entries.federationName] };
  const added: string[] = [];
  const warnings: string[] = [];

  const current = data.federations;
  const list = current ? current.split(',') : [];
  if (!list.includes(entries.federationsEntry)) {
    const next = current ? `${current},${entries.federationsEntry}` : entries.federationsEntry;
    const before = record.federations ? record.federations.before : (current ?? null);
    record.federations = { before, after: next, entry: entries.federationsEntry };
    data.federations = next;
    added.push(`federations entry "${entries.federationsEntry}"`);
  }

  if (entries.stubDomain) {
    const { zone, nameserver } = entries.stubDomain;
    const text = data.stubDomains;
    const blank = text === undefined || text.trim() === '';
    const parsed = blank ? {} : readJsonObject(text);
    if (parsed === undefined) {
      warnings.push(`${KUBE_DNS_NAMESPACE}/${KUBE_DNS_CONFIGMAP} stubDomains is not a JSON object, so it was left as is; add "${zone}": ["${nameserver}"] to it by hand`);
    } else if (zone in parsed) {
      const servers = parsed[zone];
      if (!Array.isArray(servers) || !servers.includes(nameserver)) {
        warnings.push(`${KUBE_DNS_NAMESPACE}/${KUBE_DNS_CONFIGMAP} stubDomains already sends zone "${zone}" to ${JSON.stringify(parsed[zone])}; left as is`);
      }
    } else {
      const next = blank ? JSON.stringify({ [zone]: [nameserver] }) : insertJsonMember(text, zone, [nameserver]);
      const before = record.stubDomains ? record.stubDomains.before : (text ?? null);
      record.stubDomains = { before, after: next, zone, servers: [nameserver] };
      data.stubDomains = next;
      added.push(`stubDomains zone "${zone}"`);
    }
  }

  if (added.length === 0) return { action: 'unchanged', added, warnings };
  ledger.federations[entries.federationName] = record;
  const ledgerText = JSON.stringify(ledger);
  if (!existing) {
    const annotations = {
      [FEDERATION_NAME_ANNOTATION]: entries.federationName,
      [CLUSTER_NAME_ANNOTATION]: clusterName,
      [KUBE_DNS_LEDGER_ANNOTATION]: ledgerText,
    };
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: KUBE_DNS_CONFIGMAP, namespace: KUBE_DNS_NAMESPACE, annotations }, data };
    return { action: 'create', object, added, warnings };
  }
  const annotations = { ...existing.metadata.annotations, [KUBE_DNS_LEDGER_ANNOTATION]: ledgerText };
  return { action: 'update', object: { ...existing, metadata: { ...existing.metadata, annotations }, data }, added, warnings };
}

/**
 * Takes a federation's entries out again. With a ledger record: restore the recorded text when
 * the key still holds exactly what join wrote, else remove the entry by meaning. Without one
 * (a cluster joined by another tool), `fallback` names the entries to remove by meaning.
 */
export function unmergeKubeDns(existing: K8sObject | undefined, federationName: string, fallback?: KubeDnsEntries): KubeDnsUnmerge {
  const ledger = readLedger(existing);
  const record = ledger?.federations[federationName];
  const edits = record ?? (fallback ? fallbackEdits(fallback) : undefined);
  if (!existing || !edits) return { action: 'unchanged', removed: [] };
  const data: Record<string, string> = { ...((existing.data as Record<string, string> | undefined) ?? {}) };
  const removed: string[] = [];
  for (const key of DATA_KEYS) {
    const edit = edits[key];
    if (!edit) continue;
    const current = data[key] ?? null;
    const next = record && current === edit.after ? edit.before : removeByMeaning(key, current, edits);
    // Later joins recorded texts that include this federation's edit: take it out of them too.
    for (const [name, other] of Object.entries(record && ledger ? ledger.federations : {})) {
      const otherEdit = other[key];
      if (name === federationName || !otherEdit) continue;
      otherEdit.before = otherEdit.before === edit.after ? edit.before : removeByMeaning(key, otherEdit.before, edits);
      if (otherEdit.after === current && next !== null) otherEdit.after = next;
    }
    if (next === current) continue;
    if (next === null) delete data[key];
    else data[key] = next;
    removed.push(describeEdit(key, edits));
  }
  if (record) delete ledger?.federations[federationName];
  if (removed.length === 0 && !record) return { action: 'unchanged', removed };
  return finish(existing, data, ledger, removed);
}

/** What another tool's join (the original kubefed) added, to be removed by meaning. */
function fallbackEdits(entries: KubeDnsEntries): FederationEdits {
  const stub = entries.stubDomain;
  return {
    federations: { before: null, after: '', entry: entries.federationsEntry },
    ...(stub ? { stubDomains: { before: null, after: '', zone: stub.zone, servers: [stub.nameserver] } } : {}),
  };
}

function finish(existing: K8sObject, data: Record<string, string>, ledger: Ledger | undefined, removed: string[]): KubeDnsUnmerge {
  const annotations: Record<string, string> = { ...existing.metadata.annotations };
  const metadata: ObjectMeta = { ...existing.metadata, annotations };
  const object: K8sObject = { ...existing, metadata, data };
  if (ledger && Object.keys(ledger.federations).length > 0) {
    annotations[KUBE_DNS_LEDGER_ANNOTATION] = JSON.stringify(ledger);
    return { action: 'update', object, removed };
  }
  delete annotations[KUBE_DNS_LEDGER_ANNOTATION];
  if (ledger?.createdConfigMap && Object.keys(data).length === 0) return { action: 'delete', removed };
  if (ledger?.dataAbsent && Object.keys(data).length === 0) delete object.data;
  if (ledger?.annotationsAbsent && Object.keys(annotations).length === 0) delete metadata.annotations;
  return { action: 'update', object, removed };
}

function removeByMeaning(key: DataKey, value: string | null, edits: FederationEdits): string | null {
  if (value === null) return null;
  if (key === 'federations') {
    const list = value.split(',');
    const at = edits.federations ? list.indexOf(edits.federations.entry) : -1;
    if (at < 0) return value;
    list.splice(at, 1);
    return list.join(',');
  }
  const stub = edits.stubDomains;
  if (!stub) return value;
  const parsed = readJsonObject(value);
  if (!parsed || !(stub.zone in parsed) || !sameServers(parsed[stub.zone], stub.servers)) return value;
  // Someone edited the text since join, so its layout cannot be restored: compact JSON it is.
  delete parsed[stub.zone];
  return JSON.stringify(parsed);
}

function describeEdit(key: DataKey, edits: FederationEdits): string {
  if (key === 'federations') return `federations entry "${edits.federations?.entry}"`;
  return `stubDomains zone "${edits.stubDomains?.zone}"`;
}

function readLedger(configMap: K8sObject | undefined): Ledger | undefined {
  const text = configMap?.metadata.annotations?.[KUBE_DNS_LEDGER_ANNOTATION];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Ledger>;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.federations !== 'object' || parsed.federations === null) return undefined;
    return {
      createdConfigMap: parsed.createdConfigMap === true,
      dataAbsent: parsed.dataAbsent === true,
      annotationsAbsent: parsed.annotationsAbsent === true,
      federations: parsed.federations,
    };
  } catch {
    // A ledger someone mangled is ignored; unjoin then removes entries by meaning.
    return undefined;
  }
}

function stripDots(zone: string): string {
  return zone.replace(/\.+$/, '');
}

function readJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sameServers(value: unknown, servers: readonly string[]): boolean {
  return JSON.stringify(value) === JSON.stringify(servers);
}

/**
 * Adds `"key": value` before the object's closing brace, in the layout the text already uses
 * (the whitespace before its first member, a space after colons or not), so the user's
 * formatting survives and unjoin can put the original text back.
 */
function insertJsonMember(text: string, key: string, value: unknown): string {
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  const inner = text.slice(open + 1, close);
  const spaced = /"\s*:\s/.test(inner);
  const member = `${JSON.stringify(key)}:${spaced ? ' ' : ''}${JSON.stringify(value)}`;
  if (inner.trim() === '') return `${text.slice(0, open + 1)}${member}${text.slice(close)}`;
  const lead = /^\s*/.exec(inner)?.[0] ?? '';
  const end = open + 1 + inner.trimEnd().length;
  return `${text.slice(0, end)},${lead === '' && spaced ? ' ' : lead}${member}${text.slice(end)}`;
}
