/**
 * Kills every running world when the test process exits or gets SIGINT/SIGTERM, synchronously,
 * before anything else can go wrong. (The process-group launcher also kills its group when the
 * test process vanishes without running any handler, e.g. on SIGKILL.)
 */
import { rmSync } from 'node:fs';

export interface Guarded {
  /** Synchronous and safe to call more than once. */
  killNow(): void;
  dir: string;
  keepDir: boolean;
}

const live = new Set<Guarded>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function killAll(): void {
  for (const world of live) {
    world.killNow();
    if (!world.keepDir) rmSync(world.dir, { recursive: true, force: true });
  }
  live.clear();
}

function onExit(): void {
  killAll();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // Our listener replaced the default action; when nobody else handles the signal, restore it
  // and deliver the signal again so the process ends as it would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

export function guard(world: Guarded): () => void {
  if (live.size === 0) install();
  live.add(world);
  return () => {
    live.delete(world);
    if (live.size === 0) uninstall();
  };
}
