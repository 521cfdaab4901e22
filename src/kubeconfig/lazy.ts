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

  /** The text of the named entry of a scanned list, or undefined. */
  entryText(list: ScannedList, name: string): string | undefined {
    const range = list.range(name);
    return range && this.text.slice(range[0], range[1]);
  }
}

/**
 * Below this size js-yaml reads the whole file in a few milliseconds, less than the scanner's
 * start-up (compiling its regular expressions), so the scanner is for bigger files only.
 */
export const SCAN_FROM_CHARS = 64 * 1024;

/** The file's document: from the scanner when it can vouch for the text, from js-yaml otherwise. */
export function readKubeconfigText(text: string, path: string, scanFrom = SCAN_FROM_CHARS): LoadedFile {
  const scanned = text.length < scanFrom ? undefined : scanKubeconfig(text);
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

/** One file's list of one kind: an entry by name (the first with it), and all of them in order. */
export interface EntrySource<T> {
  readonly origin: string;
  get(name: string): T | undefined;
  has(name: string): boolean;
  all(): readonly T[];
}

export function entrySource(file: LoadedFile, key: ListKey): EntrySource<Named> {
  return file instanceof ScannedFile ? file.source(key) : new ArraySource<Named>(file.path, file.doc[key]);
}

class ArraySource<T extends Named> implements EntrySource<T> {
  private readonly list: readonly T[];
  private index: Map<string, T> | undefined;

  constructor(
    readonly origin: string,
    list: readonly T[] | null | undefined,
  ) {
    this.list = list ?? [];
  }

  get(name: string): T | undefined {
    if (!this.index) {
      this.index = new Map();
      for (const entry of this.list) if (!this.index.has(entry.name)) this.index.set(entry.name, entry);
    }
    return this.index.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  all(): readonly T[] {
    return this.list;
  }
}

/** A scanned list: an entry looked up is read from its own text; all of them from the document. */
class ScannedSource implements EntrySource<Named> {
  private readonly read = new Map<string, Named>();

  constructor(
    private readonly file: ScannedFile,
    private readonly key: ListKey,
    private readonly list: ScannedList,
  ) {}

  get origin(): string {
    return this.file.path;
  }

  get(name: string): Named | undefined {
    if (!this.list.has(name)) return undefined;
    let entry = this.read.get(name);
    if (entry === undefined) {
      const text = this.file.entryText(this.list, name);
      const parsed = text === undefined ? undefined : parseKubeconfigEntry(text);
      // Never expected; should the entry's own text read otherwise, the whole document decides.
      entry = parsed !== undefined && parsed.name === name ? (parsed as Named) : this.all().find((item) => item.name === name);
      if (entry === undefined) return undefined;
      this.read.set(name, entry);
    }
    return entry;
  }

  has(name: string): boolean {
    return this.list.has(name);
  }

  all(): readonly Named[] {
    return (this.file.doc[this.key] ?? []) as Named[];
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
      const entry = source.get(name);
      if (entry !== undefined) return this.remember(name, source, entry);
    }
    return undefined;
  }

  override has(name: string): boolean {
    if (this.complete) return super.has(name);
    return this.found.has(name) || this.sources.some((source) => source.has(name));
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

  private remember(name: string, source: EntrySource<Named>, entry: Named): MergedEntry<T> {
    const merged: MergedEntry<T> = { entry: entry as T, origin: source.origin };
    this.found.set(name, merged);
    return merged;
  }

  /** Every name, in file order, each with the first file's entry (those already read kept). */
  private fill(): this {
    if (this.complete) return this;
    this.complete = true;
    for (const source of this.sources) {
      for (const entry of source.all()) {
        if (super.has(entry.name)) continue;
        super.set(entry.name, this.found.get(entry.name) ?? this.remember(entry.name, source, entry));
      }
    }
    return this;
  }
}
