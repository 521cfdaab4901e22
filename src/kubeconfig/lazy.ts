import type { KubeconfigDoc, LoadedFile, MergedEntry } from './model.js';
import { parseKubeconfigEntry, parseKubeconfigText } from './parse.js';
import { type ListKey, type ScannedKubeconfig, type ScannedList, scanKubeconfig } from './scan.js';

type Named = { name: string };

/**
 * A file the scanner accepted: its lists' entries are read one by one as they are looked up, and
 * the whole document (`doc`, for writers) only when first asked for. The scan guarantees that
 * both read exactly as js-yaml reads the whole file, and that the whole file reads without error.
 */
export class ScannedFile implements LoadedFile {
  declare readonly doc: KubeconfigDoc;
  private readonly sources = new Map<ListKey, EntrySource<Named>>();

  constructor(
    readonly path: string,
    private readonly text: string,
    private readonly scanned: ScannedKubeconfig,
    /** The document without the scanned lists' entries. */
    readonly skeleton: KubeconfigDoc,
  ) {
    // An own, enumerable property, like a parsed file's `doc`; read once, then kept.
    Object.defineProperty(this, 'doc', {
      enumerable: true,
      configurable: true,
      get: () => {
        const doc = parseKubeconfigText(this.text, this.path);
        Object.defineProperty(this, 'doc', { value: doc, enumerable: true, configurable: false, writable: false });
        return doc;
      },
    });
  }

  source(key: ListKey): EntrySource<Named> {
    let source = this.sources.get(key);
    if (!source) {
      const list = this.scanned.lists[key];
      source = list ? new ScannedSource(this, key, list) : new ArraySource<Named>(this.path, this.skeleton[key]);
      this.sources.set(key, source);
    }
    return source;
  }

  entryText(list: ScannedList, index: number): string {
    return this.text.slice(list.starts[index], list.ends[index]);
  }
}

/** The file's document: from the scanner when it can vouch for the text, from js-yaml otherwise. */
export function readKubeconfigText(text: string, path: string): LoadedFile {
  const scanned = scanKubeconfig(text);
  if (scanned !== undefined) {
    let skeleton: KubeconfigDoc | undefined;
    try {
      skeleton = parseKubeconfigText(scanned.skeleton, path);
    } catch {
      // The whole file is read below, and reports the problem with its own line numbers.
    }
    if (skeleton !== undefined) return new ScannedFile(path, text, scanned, skeleton);
  }
  return { path, doc: parseKubeconfigText(text, path) };
}

/** The current-context a file sets, without reading its lists. */
export function currentContextOf(file: LoadedFile): unknown {
  return (file instanceof ScannedFile ? file.skeleton : file.doc)['current-context'];
}

/** One file's list of one kind: its names in order, and each entry read when asked for. */
export interface EntrySource<T> {
  readonly origin: string;
  readonly count: number;
  name(index: number): string;
  /** The index of the first entry with this name, or -1. */
  find(name: string): number;
  entry(index: number): T;
}

export function entrySource(file: LoadedFile, key: ListKey): EntrySource<Named> {
  return file instanceof ScannedFile ? file.source(key) : new ArraySource<Named>(file.path, file.doc[key]);
}

class ArraySource<T extends Named> implements EntrySource<T> {
  private readonly list: readonly T[];
  private index: Map<string, number> | undefined;

  constructor(
    readonly origin: string,
    list: readonly T[] | null | undefined,
  ) {
    this.list = list ?? [];
  }

  get count(): number {
    return this.list.length;
  }

  name(index: number): string {
    return this.list[index].name;
  }

  find(name: string): number {
    if (!this.index) {
      this.index = new Map();
      for (const [i, entry] of this.list.entries()) if (!this.index.has(entry.name)) this.index.set(entry.name, i);
    }
    return this.index.get(name) ?? -1;
  }

  entry(index: number): T {
    return this.list[index];
  }
}

class ScannedSource implements EntrySource<Named> {
  private readonly read: (Named | undefined)[] = [];

  constructor(
    private readonly file: ScannedFile,
    private readonly key: ListKey,
    private readonly list: ScannedList,
  ) {}

  get origin(): string {
    return this.file.path;
  }

  get count(): number {
    return this.list.names.length;
  }

  name(index: number): string {
    return this.list.names[index];
  }

  find(name: string): number {
    return this.list.byName.get(name) ?? -1;
  }

  entry(index: number): Named {
    let entry = this.read[index];
    if (entry === undefined) {
      const parsed = parseKubeconfigEntry(this.file.entryText(this.list, index));
      // Never expected; should the entry's own text read otherwise, the whole document decides.
      entry = parsed !== undefined && parsed.name === this.list.names[index] ? (parsed as Named) : (this.file.doc[this.key] as Named[])[index];
      this.read[index] = entry;
    }
    return entry;
  }
}

/**
 * The merged view of one kind (kubectl's rule: the first file that defines a name wins) over the
 * files' lists. `get` and `has` read only the entry asked for; anything that walks the whole map
 * (iteration, `size`, changes) first fills it in file order, as an eagerly built map would be.
 */
export class MergedEntries<T extends Named> extends Map<string, MergedEntry<T>> {
  private complete = false;
  private readonly found = new Map<string, MergedEntry<T>>();

  constructor(private readonly sources: readonly EntrySource<Named>[]) {
    super();
  }

  override get(name: string): MergedEntry<T> | undefined {
    if (this.complete) return super.get(name);
    const known = this.found.get(name);
    if (known !== undefined) return known;
    for (const source of this.sources) {
      const index = source.find(name);
      if (index >= 0) return this.remember(name, source, index);
    }
    return undefined;
  }

  override has(name: string): boolean {
    if (this.complete) return super.has(name);
    return this.found.has(name) || this.sources.some((source) => source.find(name) >= 0);
  }

  override get size(): number {
    this.fill();
    return super.size;
  }

  override keys(): MapIterator<string> {
    this.fill();
    return super.keys();
  }

  override values(): MapIterator<MergedEntry<T>> {
    this.fill();
    return super.values();
  }

  override entries(): MapIterator<[string, MergedEntry<T>]> {
    this.fill();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, MergedEntry<T>]> {
    return this.entries();
  }

  override forEach(callback: (value: MergedEntry<T>, key: string, map: Map<string, MergedEntry<T>>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(callback, thisArg);
  }

  override set(name: string, value: MergedEntry<T>): this {
    this.fill();
    return super.set(name, value);
  }

  override delete(name: string): boolean {
    this.fill();
    return super.delete(name);
  }

  override clear(): void {
    this.fill();
    super.clear();
  }

  private remember(name: string, source: EntrySource<Named>, index: number): MergedEntry<T> {
    const merged: MergedEntry<T> = { entry: source.entry(index) as T, origin: source.origin };
    this.found.set(name, merged);
    return merged;
  }

  /** Every name, in file order, each with the first file's entry (those already read kept). */
  private fill(): this {
    if (this.complete) return this;
    this.complete = true;
    for (const source of this.sources) {
      for (let index = 0; index < source.count; index++) {
        const name = source.name(index);
        if (super.has(name)) continue;
        super.set(name, this.found.get(name) ?? this.remember(name, source, index));
      }
    }
    return this;
  }
}
