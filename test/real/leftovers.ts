/** Checks that a stopped world left no process behind. */
import { readdirSync, readFileSync } from 'node:fs';
import { delay, isAlive } from './process-group.js';

/** Pids of live processes whose command line mentions `text` (e.g. the world's folder). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // exited while we looked
    }
    if (cmdline.includes(text) && isAlive(Number(entry))) found.push(Number(entry));
  }
  return found;
}

/** Waits up to `boundMs` for every pid to be gone and nothing to mention `dir`; returns what is left. */
export async function leftovers(pids: number[], dir: string, boundMs = 15_000): Promise<{ alive: number[]; mentioning: number[] }> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    const mentioning = processesMentioning(dir);
    if ((alive.length === 0 && mentioning.length === 0) || Date.now() > deadline) return { alive, mentioning };
    await delay(100);
  }
}
