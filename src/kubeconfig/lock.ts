import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../errors.js';

export interface LockOptions {
  sleep: (ms: number) => Promise<void>;
  randomBytes: (size: number) => Buffer;
  /** How long, in total sleep time, to wait for another writer before giving up. */
  waitBudgetMs: number;
}

const FIRST_DELAY_MS = 20;
const MAX_DELAY_MS = 400;

/**
 * Take `<file>.lock` for every file, in sorted order, the way kubectl does (create-exclusive,
 * mode 0), so kubectl and other kubefed runs never write the same files at once. Unlike kubectl
 * we wait a little for a busy lock, so that concurrent kubefed runs queue instead of failing.
 * Resolves to a function that releases every lock taken.
 */
export async function lockKubeconfigFiles(paths: readonly string[], options: LockOptions): Promise<() => Promise<void>> {
  const taken: string[] = [];
  const release = async (): Promise<void> => {
    for (const lock of taken.splice(0).reverse()) await unlink(lock).catch(() => undefined);
  };
  let slept = 0;
  let attempt = 0;
  try {
    // Sorted order means two writers never hold each other's locks while waiting: no deadlock.
    for (const path of [...new Set(paths)].sort()) {
      const lock = `${path}.lock`;
      await mkdir(dirname(lock), { recursive: true, mode: 0o755 }).catch((err: unknown) => {
        throw cannotLock(lock, err);
      });
      while (!(await tryCreateLock(lock))) {
        const delay = jitteredDelay(attempt++, options.randomBytes);
        if (slept + delay > options.waitBudgetMs) {
          throw new CliError(
            `kubeconfig ${path} is locked by another process (${lock} exists); retry, or remove the lock file if no kubectl or kubefed is running`,
          );
        }
        slept += delay;
        await options.sleep(delay);
      }
      taken.push(lock);
    }
  } catch (err) {
    await release();
    throw err;
  }
  return release;
}

async function tryCreateLock(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx', 0);
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotLock(lock, err);
  }
}

function cannotLock(lock: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new CliError(`cannot create the kubeconfig lock ${lock} (${code}); check that its directory is writable`, { cause: err });
}

/** Exponential backoff with ±50% jitter, so writers that collide do not retry in step. */
function jitteredDelay(attempt: number, randomBytes: (size: number) => Buffer): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  const fraction = randomBytes(2).readUInt16BE(0) / 0xffff;
  return Math.round(base * (0.5 + fraction));
}
