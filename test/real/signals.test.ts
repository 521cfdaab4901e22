/**
 * A test process that is interrupted leaves no part of its real world running: SIGINT runs the
 * exit guard, and even SIGKILL (no handler at all) ends the world through its launcher.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { leftovers } from './leftovers.js';
import { delay, isAlive } from './process-group.js';

const repoRoot = resolve(import.meta.dirname, '../..');

interface Held {
  pid: number;
  dir: string;
  pids: number[];
}

/** Starts a child vitest that holds a world; resolves once the world is up, with the child's facts. */
async function holdWorldInChild(): Promise<{ held: Held; child: ReturnType<typeof spawn>; output: () => string; scratch: string }> {
  const scratch = tempDir('kubefed-real-child-');
  const out = join(scratch, 'held.json');
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/real/fixtures/vitest.child.config.ts'], {
    cwd: repoRoot,
    env: { ...process.env, KUBEFED_REAL_CHILD_OUT: out },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk) => (text += chunk));
  child.stderr.on('data', (chunk) => (text += chunk));
  const deadline = Date.now() + 180_000;
  while (!existsSync(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the child never reported a running world:\n${text}`);
    }
    await delay(200);
  }
  return { held: JSON.parse(readFileSync(out, 'utf8')) as Held, child, output: () => text, scratch };
}

describe.each([
  { signal: 'SIGINT' as const, handled: true },
  { signal: 'SIGKILL' as const, handled: false },
])('a test process that gets $signal', ({ signal, handled }) => {
  it('leaves no process of its world behind', async () => {
    const { held, child, output, scratch } = await holdWorldInChild();
    try {
      expect(held.pids.length).toBe(4); // launcher, etcd, kube-apiserver, kube-controller-manager
      expect(held.pids.every(isAlive)).toBe(true);
      process.kill(held.pid, signal);
      const left = await leftovers(held.pids, held.dir);
      expect(left, output()).toEqual({ alive: [], mentioning: [] });
      // Only the handler can remove the folder; after SIGKILL nothing runs in the test process.
      // The handler kills the group first and removes the folder after, so give it a moment.
      if (handled) {
        for (let waited = 0; existsSync(held.dir) && waited < 10_000; waited += 100) await delay(100);
        expect(existsSync(held.dir)).toBe(false);
      }
    } finally {
      child.kill('SIGKILL');
      if (isAlive(held.pid)) process.kill(held.pid, 'SIGKILL'); // a worker that outlived its parent
      rmSync(held.dir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
