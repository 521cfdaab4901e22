import { isAscii } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { MergedEntries, currentContextOf, entrySource, readKubeconfigText } from './lazy.js';
import type { KubeconfigPaths, LoadedFile, LoadedKubeconfig } from './model.js';
import { defaultWriteTarget } from './paths.js';

export type { LoadedFile, LoadedKubeconfig, MergedEntry } from './model.js';

export interface LoadOptions {
  /**
   * The writer passes true: a `--kubeconfig` file that does not exist yet is simply the file to
   * create. Readers leave it false, so a mistyped path is reported instead of read as empty.
   */
  allowMissingExplicit?: boolean;
}

/** Read every file of the precedence list that exists and merge them the way kubectl does. */
export function loadKubeconfig(pathsResult: KubeconfigPaths, options: LoadOptions = {}): LoadedKubeconfig {
  const files: LoadedFile[] = [];
  for (const path of pathsResult.paths) {
    const file = readKubeconfigFile(path);
    if (file === undefined) {
      if (pathsResult.explicit && !options.allowMissingExplicit) {
        throw new UsageError(`kubeconfig file ${path} does not exist; pass an existing file to --kubeconfig`);
      }
      continue;
    }
    files.push(file);
  }
  return mergeKubeconfigFiles(pathsResult, files);
}

/**
 * Pauses between reads of a file being rewritten: about a second in all. A writer descheduled
 * between its truncate and its write (a busy machine) leaves the file empty for that long, so an
 * empty file gets the whole window too: only a file that stays empty is an empty kubeconfig.
 */
const REREAD_DELAYS_MS = [5, 10, 20, 40, 80, 150, 200, 250, 250];

/**
 * kubectl rewrites a kubeconfig in place (truncate, then write), so a read racing it can see an
 * empty or a cut-off file: a context seems to have vanished, or the YAML is broken. A read counts
 * when the file's size afterwards is what was read and the text parses; otherwise the file is
 * read again, briefly and a bounded number of times. A file that stays empty is an empty
 * kubeconfig (as for kubectl), one that stays unparsable is reported.
 */
function readKubeconfigFile(path: string): LoadedFile | undefined {
  for (let attempt = 0; ; attempt++) {
    const read = readIfPresent(path);
    if (read === undefined) return undefined;
    const { text } = read;
    const last = attempt >= REREAD_DELAYS_MS.length;
    const settled = sizeOf(path) === read.size;
    if (last || (settled && text.trim() !== '')) {
      try {
        return readKubeconfigText(text, path);
      } catch (err) {
        if (last) throw err;
      }
    }
    pause(REREAD_DELAYS_MS[attempt]);
  }
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/** Loading is synchronous, so is the wait between reads (it happens only while a file changes). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** `--credentials-kubeconfig`: one file that must exist, reported under its own flag (read once). */
export function loadCredentialsKubeconfig(pathsResult: KubeconfigPaths): LoadedKubeconfig {
  const loaded = loadKubeconfig(pathsResult, { allowMissingExplicit: true });
  if (loaded.files.length === 0) {
    throw new UsageError(`credentials kubeconfig ${pathsResult.paths[0]} does not exist; pass an existing file to --credentials-kubeconfig`);
  }
  return loaded;
}

/**
 * Pure merge: the first file that defines a name wins, and so does the first non-empty
 * current-context. Each entry remembers its file, so that an edit goes back where it came from.
 * The maps read an entry only when it is looked up (see lazy.ts).
 */
export function mergeKubeconfigFiles(pathsResult: KubeconfigPaths, files: readonly LoadedFile[]): LoadedKubeconfig {
  const exists = (path: string): boolean => files.some((file) => file.path === path);
  const loaded: LoadedKubeconfig = {
    paths: [...pathsResult.paths],
    explicit: pathsResult.explicit,
    ...(pathsResult.from ? { from: pathsResult.from } : {}),
    files: [...files],
    clusters: new MergedEntries(files.map((file) => entrySource(file, 'clusters'))),
    users: new MergedEntries(files.map((file) => entrySource(file, 'users'))),
    contexts: new MergedEntries(files.map((file) => entrySource(file, 'contexts'))),
    writeTarget: defaultWriteTarget(pathsResult.paths, pathsResult.explicit, exists),
  };
  for (const file of files) {
    const current = currentContextOf(file);
    if (loaded.currentContext === undefined && typeof current === 'string' && current !== '') {
      loaded.currentContext = current;
    }
  }
  return loaded;
}

/**
 * The file's text as UTF-8. ASCII (nearly every kubeconfig) reads the same as Latin-1, which Node
 * keeps outside the JavaScript heap for a big file: a 10,000-context file then costs the garbage
 * collector nothing.
 */
function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** The file's text and its size in bytes (counted from the bytes read, not from the text). */
function readIfPresent(path: string): { text: string; size: number } | undefined {
  try {
    const bytes = readFileSync(path);
    return { text: decodeText(bytes), size: bytes.length };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') throw new UsageError(`kubeconfig ${path} is a directory, not a file; point to a kubeconfig file`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UsageError(`kubeconfig ${path} cannot be read (permission denied); check the file's permissions`);
    }
    throw err;
  }
}
