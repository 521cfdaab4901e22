/**
 * What the run is doing right now, for main.ts's signal handler: in words, for the line it prints
 * when a signal stops the run ("stopped by SIGINT while creating …"), and the kubeconfig lock
 * files held, which it removes. Commands note each step as it starts; nothing else reads it.
 * Kept free of heavy imports: main.ts loads it at every start.
 */
import { unlinkSync } from 'node:fs';

let current: string | undefined;

export function noteStep(text: string): void {
  current = text;
}

export function currentStep(): string | undefined {
  return current;
}

/** Every lock file this process holds right now (src/kubeconfig/lock.ts adds and drops them). */
const heldLocks = new Set<string>();

export function holdLock(path: string): void {
  heldLocks.add(path);
}

export function dropLock(path: string): void {
  heldLocks.delete(path);
}

/**
 * Removes every lock file this process holds, synchronously: for a signal handler, which cannot
 * wait for the run to unwind. Returns the lock files removed.
 */
export function releaseHeldLocksNow(): string[] {
  const removed: string[] = [];
  for (const lock of heldLocks) {
    try {
      unlinkSync(lock);
      removed.push(lock);
    } catch {
      // Already gone.
    }
  }
  heldLocks.clear();
  return removed;
}
