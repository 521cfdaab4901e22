import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockKubeconfigFiles, type LockOptions } from '../../../src/kubeconfig/lock.js';
import { releaseHeldLocksNow } from '../../../src/run-state.js';
import { seededRandom } from '../../helpers/deps.js';

const ME = { pid: 4242, host: 'bree' };

function setup(): { file: string; lock: string; options: (running?: number[]) => LockOptions } {
  const file = join(mkdtempSync(join(tmpdir(), 'kubefed-lock-')), 'config');
  writeFileSync(file, 'apiVersion: v1\nkind: Config\n');
  return {
    file,
    lock: `${file}.lock`,
    options: (running = []) => ({ sleep: async () => undefined, randomBytes: seededRandom('lock'), waitBudgetMs: 200, owner: ME, isRunning: (pid) => running.includes(pid) }),
  };
}

const busy = (file: string): string =>
  `kubeconfig ${file} is locked by another process (${file}.lock exists); retry, or remove the lock file if no kubectl or kubefed is running`;

describe('the kubeconfig lock', () => {
  it('writes its owner into the lock file it creates, and removes it on release', async () => {
    const { file, lock, options } = setup();
    const release = await lockKubeconfigFiles([file], options());
    expect(readFileSync(lock, 'utf8')).toBe('kubefed pid=4242 host=bree\n');
    expect(readdirSync(dirname(file)).sort()).toEqual(['config', 'config.lock']);
    await release();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose kubefed process of this host is gone', async () => {
    const { file, lock, options } = setup();
    writeFileSync(lock, 'kubefed pid=99 host=bree\n');
    const release = await lockKubeconfigFiles([file], options());
    expect(readFileSync(lock, 'utf8')).toBe('kubefed pid=4242 host=bree\n');
    await release();
  });

  it.each([
    ['kubectl (empty)', ''],
    ['a kubefed that still runs', 'kubefed pid=77 host=bree\n'],
    ['a kubefed of another host', 'kubefed pid=99 host=rivendell\n'],
    ['anything else', 'garbage\n'],
  ])('waits for, then gives up on, a lock held by %s', async (_who, text) => {
    const { file, lock, options } = setup();
    writeFileSync(lock, text);
    await expect(lockKubeconfigFiles([file], options([77]))).rejects.toThrow(busy(file));
    expect(readFileSync(lock, 'utf8')).toBe(text);
  });

  it('releases every lock it holds at once, for a signal handler', async () => {
    const { file, lock, options } = setup();
    const other = setup();
    await lockKubeconfigFiles([file, other.file], options());
    expect(releaseHeldLocksNow().sort()).toEqual([lock, other.lock].sort());
    expect(existsSync(lock) || existsSync(other.lock)).toBe(false);
    expect(releaseHeldLocksNow()).toEqual([]);
  });
});
