/** The process group on its own, with ordinary programs: needs no control-plane build. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { isAlive, ProcessGroup } from './process-group.js';

function groupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** A log file's text; empty while the launched shell has not created it yet. */
function textOf(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

describe('ProcessGroup', () => {
  it('runs everything in one group of its own and stops it with SIGTERM', async () => {
    const dir = tempDir('kubefed-pg-');
    const group = new ProcessGroup(`kubefed-pg-test:${dir}`, 2000);
    try {
      const a = await group.launch({ argv: ['sleep', '300'], logFile: join(dir, 'a.log') });
      const b = await group.launch({ argv: ['sh', '-c', 'echo "$GREETING"; exec sleep 300'], logFile: join(dir, "b's.log"), env: { GREETING: "it's here" } });
      expect(group.pids()).toEqual([group.pgid, a, b]);
      expect([a, b].map(groupOf)).toEqual([group.pgid, group.pgid]);
      expect(group.pgid).not.toBe(groupOf(process.pid));
      // The shell writes its line after it starts; stop only once it has.
      const log = join(dir, "b's.log");
      for (let waited = 0; textOf(log) === '' && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await group.stop(5000);
      // SIGTERM was enough: stop() did not run into its 5 s SIGKILL bound.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(group.pids().filter(isAlive)).toEqual([]);
      expect(readFileSync(log, 'utf8')).toBe("it's here\n");
      await expect(group.launch({ argv: ['true'], logFile: join(dir, 'c.log') })).rejects.toThrow('stopped');
    } finally {
      group.killNow();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGKILLs what ignores SIGTERM once the grace period is over', async () => {
    const dir = tempDir('kubefed-pg-');
    const group = new ProcessGroup(`kubefed-pg-test:${dir}`, 500);
    try {
      const log = join(dir, 'stubborn.log');
      await group.launch({ argv: ['bash', '-c', "trap '' TERM; echo ready; while :; do sleep 0.05; done"], logFile: log });
      // A SIGTERM that arrives before the trap is set would end it at once: wait for the trap.
      for (let waited = 0; textOf(log) === '' && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await group.stop(5000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(group.pids().filter(isAlive)).toEqual([]);
    } finally {
      group.killNow();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
