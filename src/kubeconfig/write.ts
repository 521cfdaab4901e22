import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { chmod, mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../errors.js';
import { planKubeconfigEdit, type KubeconfigEdit, type KubeconfigEditPlan } from './edit.js';
import { loadKubeconfig } from './load.js';
import { lockKubeconfigFiles } from './lock.js';
import type { KubeconfigPaths } from './model.js';
import { serializeKubeconfig } from './parse.js';

export interface UpdateKubeconfigOptions {
  overwrite: boolean;
  /** Waits between lock attempts; tests pass one that does not really wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of lock jitter and temporary file names. */
  randomBytes?: (size: number) => Buffer;
  /** Total time to wait for a lock held by someone else; 5 s unless given. */
  lockWaitMs?: number;
}

const DEFAULT_LOCK_WAIT_MS = 5000;

/**
 * The one function that writes kubeconfig files: lock every file of the precedence list,
 * re-read them under the lock (another writer may have changed them since the caller read),
 * plan the edit, refuse conflicting names unless overwriting, then write each changed file
 * atomically. Resolves to the plan that was written.
 */
export async function updateKubeconfig(
  pathsResult: KubeconfigPaths,
  edit: KubeconfigEdit,
  options: UpdateKubeconfigOptions,
): Promise<KubeconfigEditPlan> {
  const randomBytes = options.randomBytes ?? cryptoRandomBytes;
  const release = await lockKubeconfigFiles(pathsResult.paths, {
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    randomBytes,
    waitBudgetMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
  });
  try {
    const loaded = loadKubeconfig(pathsResult, { allowMissingExplicit: true });
    const plan = planKubeconfigEdit(loaded, edit, { overwrite: options.overwrite });
    if (plan.conflicts.length > 0) {
      throw new CliError(
        `kubeconfig already has ${plan.conflicts.join(', ')} pointing elsewhere; pass --overwrite to replace them, or choose another name`,
      );
    }
    for (const [path, doc] of plan.files) await writeFileAtomically(path, serializeKubeconfig(doc), randomBytes);
    return plan;
  } finally {
    await release();
  }
}

/**
 * Write to a temporary file next to the target and rename it over the target, so a reader never
 * sees half a file. New files are private (0600, as kubectl creates them); an existing file keeps
 * its mode. A symlinked kubeconfig is written through to the file it points to.
 */
export async function writeFileAtomically(path: string, text: string, randomBytes: (size: number) => Buffer): Promise<void> {
  const { target, mode } = await describeTarget(path);
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw cannotWrite(path, err);
  }
}

function cannotWrite(path: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new CliError(`cannot write kubeconfig ${path} (${code}); check that the file and its directory are writable`, { cause: err });
}

async function describeTarget(path: string): Promise<{ target: string; mode?: number }> {
  try {
    const target = await realpath(path);
    return { target, mode: (await stat(target)).mode & 0o7777 };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { target: path };
    throw cannotWrite(path, err);
  }
}
