import { isAbsolute, join, resolve } from 'node:path';
import type { KubeconfigPaths } from './model.js';

export type { KubeconfigPaths } from './model.js';

export interface KubeconfigPathInput {
  /** The value of `--kubeconfig`, if given. */
  explicit?: string;
  /** The value of `$KUBECONFIG`, if set. */
  envValue?: string;
  homeDir: string;
  /** Separator of `$KUBECONFIG` entries; the platform's `path.delimiter` in production. */
  delimiter?: string;
  /** When given, relative entries are made absolute against it, as kubectl does with its working directory. */
  cwd?: string;
}

/**
 * The kubeconfig loading precedence, as kubectl has it: `--kubeconfig` alone, else every
 * `$KUBECONFIG` entry, else `~/.kube/config`.
 */
export function resolveKubeconfigPaths(input: KubeconfigPathInput): KubeconfigPaths {
  const absolute = (p: string): string => (input.cwd !== undefined && !isAbsolute(p) ? resolve(input.cwd, p) : p);
  if (input.explicit !== undefined && input.explicit !== '') {
    return { paths: [absolute(input.explicit)], explicit: true };
  }
  const entries = splitEnvValue(input.envValue ?? '', input.delimiter ?? ':').map(absolute);
  const unique = [...new Set(entries)];
  if (unique.length > 0) return { paths: unique, explicit: false, from: '$KUBECONFIG' };
  return { paths: [join(input.homeDir, '.kube', 'config')], explicit: false, from: 'default' };
}

function splitEnvValue(value: string, delimiter: string): string[] {
  // Empty entries ("a::b", a trailing ":") mean nothing to kubectl, so they are dropped.
  return value.split(delimiter).filter((entry) => entry !== '');
}

/**
 * The file that receives new stanzas and a new current-context (kubectl's GetDefaultFilename):
 * the `--kubeconfig` file; a single entry as is; otherwise the first file that exists, and when
 * none exists, the last one in the list.
 */
export function defaultWriteTarget(paths: readonly string[], explicit: boolean, exists: (path: string) => boolean): string {
  if (paths.length === 0) throw new Error('defaultWriteTarget needs at least one kubeconfig path');
  if (explicit || paths.length === 1) return paths[0];
  return paths.find((p) => exists(p)) ?? paths[paths.length - 1];
}
