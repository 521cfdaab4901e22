import { isDeepStrictEqual } from 'node:util';
import type { KubeconfigDoc, LoadedKubeconfig, MergedEntry, NamedCluster, NamedContext, NamedUser, RawMap } from './model.js';

/** What a command wants changed in the kubeconfig. */
export interface KubeconfigEdit {
  clusters?: NamedCluster[];
  users?: NamedUser[];
  contexts?: NamedContext[];
  remove?: { clusters?: string[]; users?: string[]; contexts?: string[] };
  /** A name sets current-context; null clears it. */
  currentContext?: string | null;
}

/** The documents to write (only those that change) and what happened to each entry. */
export interface KubeconfigEditPlan {
  files: Map<string, KubeconfigDoc>;
  added: string[];
  updated: string[];
  kept: string[];
  removed: string[];
  conflicts: string[];
}

type NamedEntry = RawMap & { name: string };

interface Kind {
  list: 'clusters' | 'users' | 'contexts';
  inner: 'cluster' | 'user' | 'context';
  merged(loaded: LoadedKubeconfig): Map<string, MergedEntry<NamedEntry>>;
}

const KINDS: readonly Kind[] = [
  { list: 'clusters', inner: 'cluster', merged: (l) => l.clusters },
  { list: 'users', inner: 'user', merged: (l) => l.users },
  { list: 'contexts', inner: 'context', merged: (l) => l.contexts },
];

/**
 * Plan an edit without touching the disk, following kubectl: an existing stanza is changed in
 * the file it came from, a new one goes to the write target, and everything else in every file
 * is left exactly as it was read.
 */
export function planKubeconfigEdit(loaded: LoadedKubeconfig, edit: KubeconfigEdit, options: { overwrite: boolean }): KubeconfigEditPlan {
  const docs = new WorkingDocs(loaded);
  const plan: KubeconfigEditPlan = { files: new Map(), added: [], updated: [], kept: [], removed: [], conflicts: [] };
  const removedNames = new Map<Kind, Set<string>>();
  for (const kind of KINDS) removedNames.set(kind, removeEntries(loaded, docs, kind, edit.remove?.[kind.list] ?? [], plan));
  for (const kind of KINDS) {
    const entries = (edit[kind.list] ?? []) as NamedEntry[];
    assertUniqueNames(kind, entries);
    for (const entry of entries) {
      const existing = removedNames.get(kind)?.has(entry.name) ? undefined : kind.merged(loaded).get(entry.name);
      upsertEntry(docs, kind, withoutUndefined(entry), existing, loaded.writeTarget, options.overwrite, plan);
    }
  }
  if (edit.currentContext !== undefined) applyCurrentContext(loaded, docs, edit.currentContext, plan);
  plan.files = docs.changedFiles();
  return plan;
}

function removeEntries(loaded: LoadedKubeconfig, docs: WorkingDocs, kind: Kind, names: readonly string[], plan: KubeconfigEditPlan): Set<string> {
  const removed = new Set<string>();
  for (const name of names) {
    // A name shadowed by an earlier file would reappear in the merged view, so remove it everywhere.
    for (const file of loaded.files) {
      if (!(file.doc[kind.list] ?? []).some((item) => item.name === name)) continue;
      const doc = docs.edit(file.path);
      doc[kind.list] = (doc[kind.list] as NamedEntry[]).filter((item) => item.name !== name) as never;
      removed.add(name);
    }
    if (removed.has(name)) plan.removed.push(`${kind.inner} "${name}"`);
  }
  return removed;
}

function upsertEntry(
  docs: WorkingDocs,
  kind: Kind,
  entry: NamedEntry,
  existing: MergedEntry<NamedEntry> | undefined,
  writeTarget: string,
  overwrite: boolean,
  plan: KubeconfigEditPlan,
): void {
  const label = `${kind.inner} "${entry.name}"`;
  if (existing === undefined) {
    const doc = docs.edit(writeTarget);
    doc[kind.list] = [...((doc[kind.list] ?? []) as NamedEntry[]), entry] as never;
    plan.added.push(label);
    return;
  }
  if (hasSameContent(existing.entry, entry, kind.inner)) {
    plan.kept.push(label);
    return;
  }
  if (!overwrite) {
    plan.conflicts.push(label);
    return;
  }
  const list = docs.edit(existing.origin)[kind.list] as NamedEntry[];
  const index = list.findIndex((item) => item.name === entry.name);
  // The inner map is replaced wholesale; keys next to it that we do not know are kept.
  list[index] = { ...list[index], ...entry };
  plan.updated.push(label);
}

/** Equal when the inner maps match and every other key the new entry sets matches too. */
function hasSameContent(existing: NamedEntry, wanted: NamedEntry, inner: string): boolean {
  return Object.keys(wanted).every((key) => {
    if (key === inner) return isDeepStrictEqual(existing[key] ?? {}, wanted[key] ?? {});
    return isDeepStrictEqual(existing[key], wanted[key]);
  });
}

function applyCurrentContext(loaded: LoadedKubeconfig, docs: WorkingDocs, value: string | null, plan: KubeconfigEditPlan): void {
  if (value === null) {
    // As kubectl: clear it in the first file that sets it.
    const file = loaded.files.find((f) => typeof f.doc['current-context'] === 'string' && f.doc['current-context'] !== '');
    if (!file) return;
    const doc = docs.edit(file.path);
    plan.removed.push(`current-context "${doc['current-context']}"`);
    delete doc['current-context'];
    return;
  }
  const label = `current-context "${value}"`;
  if (docs.peek(loaded.writeTarget)?.['current-context'] === value) {
    plan.kept.push(label);
    return;
  }
  docs.edit(loaded.writeTarget)['current-context'] = value;
  plan.updated.push(label);
}

function assertUniqueNames(kind: Kind, entries: readonly NamedEntry[]): void {
  const names = entries.map((entry) => entry.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new Error(`kubeconfig edit lists ${kind.inner} "${duplicate}" twice`);
}

/** Values left undefined by the caller are absent keys, not something to compare or write. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutUndefined(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: RawMap = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = withoutUndefined(item);
  return out as T;
}

/** Copies of the loaded documents, made on first edit, so the loaded view is never mutated. */
class WorkingDocs {
  private readonly copies = new Map<string, KubeconfigDoc>();
  constructor(private readonly loaded: LoadedKubeconfig) {}

  peek(path: string): KubeconfigDoc | undefined {
    return this.copies.get(path) ?? this.loaded.files.find((file) => file.path === path)?.doc;
  }

  edit(path: string): KubeconfigDoc {
    let copy = this.copies.get(path);
    if (!copy) {
      const original = this.loaded.files.find((file) => file.path === path)?.doc;
      copy = original ? structuredClone(original) : { apiVersion: 'v1', kind: 'Config' };
      this.copies.set(path, copy);
    }
    return copy;
  }

  /** In precedence order, so writes and reports are stable. */
  changedFiles(): Map<string, KubeconfigDoc> {
    const out = new Map<string, KubeconfigDoc>();
    for (const path of this.loaded.paths) {
      const doc = this.copies.get(path);
      if (doc) out.set(path, doc);
    }
    return out;
  }
}
