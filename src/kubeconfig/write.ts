import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
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
    const readOnly = await findReadOnlyKubeconfig(plan.files.keys());
    if (readOnly !== undefined) throw new CliError(readOnly);
    for (const [path, doc] of plan.files) await writeFileAtomically(path, serializeKubeconfig(doc), randomBytes);
    return plan;
  } finally {
    await release();
  }
}

/**
 * The first of `paths` that exists and that this user may not write, as a message; kubectl
 * writes a kubeconfig in place and so fails on such a file, where our rename would silently
 * replace it. init asks before anything is sent; the writer asks again under the lock.
 */
export async function findReadOnlyKubeconfig(paths: Iterable<string>): Promise<string | undefined> {
  for (const path of paths) {
    let target: string;
    try {
      target = await realpath(path);
    } catch {
      continue; // a file still to be created: the lock in its directory tells whether that is possible
    }
    try {
      await access(target, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      const mode = ((await stat(target)).mode & 0o7777).toString(8).padStart(4, '0');
      const fix = code === 'EROFS' ? 'its file system is read-only: pass a writable file to --kubeconfig' : `make it writable (chmod u+w ${path}), or pass another file to --kubeconfig`;
      return `kubeconfig ${path} is not writable (${code}, mode ${mode}); ${fix}`;
    }
  }
  return undefined;
}

/**
 * Write to a temporary file next to the target and rename it over the target, so a reader never
 * sees half a file. New files are private (0600, as kubectl creates them); an existing file keeps
 * its mode and its owner. When the owner cannot be given to the new file (only root may give a
 * file away), the file is rewritten in place instead, as kubectl does, which keeps the owner. A
 * symlinked kubeconfig is written through to the file it points to.
 */
export async function writeFileAtomically(path: string, text: string, randomBytes: (size: number) => Buffer): Promise<void> {
  const { target, existing } = await describeTarget(path);
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      if (existing !== undefined && !(await keepOwner(handle, existing))) {
        await handle.close().catch(() => undefined);
        await unlink(temp);
        await writeInPlace(target, text);
        return;
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
    if (existing !== undefined) await chmod(temp, existing.mode);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw cannotWrite(path, err);
  }
}

/** Gives the new file the old one's owner and group; false when that is not allowed. */
async function keepOwner(handle: FileHandle, existing: Existing): Promise<boolean> {
  const mine = await handle.stat();
  if (mine.uid === existing.uid && mine.gid === existing.gid) return true;
  try {
    await handle.chown(existing.uid, existing.gid);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES') return false;
    throw err;
  }
}

async function writeInPlace(target: string, text: string): Promise<void> {
  const handle = await open(target, 'r+');
  try {
    await handle.truncate(0);
    await handle.write(text, 0, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function cannotWrite(path: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new CliError(`cannot write kubeconfig ${path} (${code}); check that the file and its directory are writable`, { cause: err });
}

interface Existing {
  mode: number;
  uid: number;
  gid: number;
}

async function describeTarget(path: string): Promise<{ target: string; existing?: Existing }> {
  try {
    const target = await realpath(path);
    const info = await stat(target);
    return { target, existing: { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid } };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { target: path };
    throw cannotWrite(path, err);
  }
}
