import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { KubeconfigPaths, LoadedFile, LoadedKubeconfig, MergedEntry } from './model.js';
import { parseKubeconfigText } from './parse.js';
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
    const text = readIfPresent(path);
    if (text === undefined) {
      if (pathsResult.explicit && !options.allowMissingExplicit) {
        throw new UsageError(`kubeconfig file ${path} does not exist; pass an existing file to --kubeconfig`);
      }
      continue;
    }
    files.push({ path, doc: parseKubeconfigText(text, path) });
  }
  return mergeKubeconfigFiles(pathsResult, files);
}

/** `--credentials-kubeconfig`: one file that must exist, reported under its own flag. */
export function loadCredentialsKubeconfig(pathsResult: KubeconfigPaths): LoadedKubeconfig {
  const [path] = pathsResult.paths;
  if (readIfPresent(path) === undefined) {
    throw new UsageError(`credentials kubeconfig ${path} does not exist; pass an existing file to --credentials-kubeconfig`);
  }
  return loadKubeconfig(pathsResult);
}

/**
 * Pure merge: the first file that defines a name wins, and so does the first non-empty
 * current-context. Each entry remembers its file, so that an edit goes back where it came from.
 */
export function mergeKubeconfigFiles(pathsResult: KubeconfigPaths, files: readonly LoadedFile[]): LoadedKubeconfig {
  const exists = (path: string): boolean => files.some((file) => file.path === path);
  const loaded: LoadedKubeconfig = {
    paths: [...pathsResult.paths],
    explicit: pathsResult.explicit,
    ...(pathsResult.from ? { from: pathsResult.from } : {}),
    files: [...files],
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    writeTarget: defaultWriteTarget(pathsResult.paths, pathsResult.explicit, exists),
  };
  for (const { path, doc } of files) {
    addFirst(loaded.clusters, doc.clusters, path);
    addFirst(loaded.users, doc.users, path);
    addFirst(loaded.contexts, doc.contexts, path);
    const current = doc['current-context'];
    if (loaded.currentContext === undefined && typeof current === 'string' && current !== '') {
      loaded.currentContext = current;
    }
  }
  return loaded;
}

function addFirst<T extends { name: string }>(
  target: Map<string, MergedEntry<T>>,
  list: readonly T[] | null | undefined,
  origin: string,
): void {
  for (const entry of list ?? []) {
    if (!target.has(entry.name)) target.set(entry.name, { entry, origin });
  }
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
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
