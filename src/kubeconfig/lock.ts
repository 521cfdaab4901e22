import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { dropLock, holdLock } from '../run-state.js';

export interface LockOptions {
  sleep: (ms: number) => Promise<void>;
  randomBytes: (size: number) => Buffer;
  /** How long, in total sleep time, to wait for another writer before giving up. */
  waitBudgetMs: number;
  /** Who takes the lock (written into the lock file); this process by default. */
  owner?: LockOwner;
  /** Whether a process of this host is still running; `process.kill(pid, 0)` by default. */
  isRunning?: (pid: number) => boolean;
}

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

const FIRST_DELAY_MS = 20;
const MAX_DELAY_MS = 400;
/** Our lock files say who holds them: `kubefed pid=<pid> host=<host>`. kubectl's are empty. */
const OWNER_LINE = /^kubefed pid=(\d+) host=(\S+)\s*$/;

/**
 * Take `<file>.lock` for every file, in sorted order, the way kubectl does (create-exclusive), so
 * kubectl and other kubefed runs never write the same files at once. Unlike kubectl we wait a
 * little for a busy lock, so that concurrent kubefed runs queue instead of failing; and our lock
 * file names its owner, so a lock left by a kubefed that was killed (its process is gone) is
 * recognised as stale and taken over. An empty lock file (kubectl's) is always respected.
 * Resolves to a function that releases every lock taken.
 */
export async function lockKubeconfigFiles(paths: readonly string[], options: LockOptions): Promise<() => Promise<void>> {
  const owner = options.owner ?? { pid: process.pid, host: hostname() };
  const isRunning = options.isRunning ?? processIsRunning;
  const taken: string[] = [];
  const release = async (): Promise<void> => {
    for (const lock of taken.splice(0).reverse()) {
      dropLock(lock);
      await unlink(lock).catch(() => undefined);
    }
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
      while (!(await tryCreateLock(lock, owner))) {
        if (await removeIfStale(lock, owner, isRunning)) continue;
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

function ownerText(owner: LockOwner): string {
  return `kubefed pid=${owner.pid} host=${owner.host}\n`;
}

/**
 * Creates the lock file with its owner line in one step: the line is written to a private file
 * first, which is then hard-linked to the lock name — a link fails with EEXIST exactly as kubectl's
 * create-exclusive open does, and a process killed at any point never leaves an empty lock of ours.
 */
async function tryCreateLock(lock: string, owner: LockOwner): Promise<boolean> {
  const draft = join(dirname(lock), `.${basename(lock)}.${owner.pid}.${process.hrtime.bigint()}`);
  try {
    await writeFile(draft, ownerText(owner), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    throw cannotLock(lock, err);
  }
  try {
    await link(draft, lock);
    // Known before anything else can happen, so a signal from here on releases it.
    holdLock(lock);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: create-exclusive, then write the owner line.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createThenWrite(lock, owner);
    throw cannotLock(lock, err);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

async function createThenWrite(lock: string, owner: LockOwner): Promise<boolean> {
  try {
    await writeFile(lock, ownerText(owner), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotLock(lock, err);
  }
  holdLock(lock);
  return true;
}

/**
 * A lock is stale when it names a kubefed process of this host that no longer runs. It is removed
 * only if it still says the same when we remove it. Anything else — kubectl's empty lock, an
 * unreadable one, one from another host or of a live process — is left alone.
 */
async function removeIfStale(lock: string, self: LockOwner, isRunning: (pid: number) => boolean): Promise<boolean> {
  const text = await readFile(lock, 'utf8').catch(() => undefined);
  const match = text === undefined ? null : OWNER_LINE.exec(text);
  if (!match) return false;
  const pid = Number(match[1]);
  if (match[2] !== self.host || pid === self.pid || isRunning(pid)) return false;
  const again = await readFile(lock, 'utf8').catch(() => undefined);
  if (again !== text) return false;
  await unlink(lock).catch(() => undefined);
  return true;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
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
