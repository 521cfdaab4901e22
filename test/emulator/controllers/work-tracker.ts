/**
 * Keeps count of the work the controllers have in flight, so that a test can wait until the
 * emulated cluster has reacted to everything it was told (`cluster.settle()`), instead of
 * sleeping for a guessed time.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface WorkTracker {
  /** Runs `fn` now; a promise it returns is awaited by `settle()`. Failures are recorded, never thrown. */
  run(label: string, fn: () => unknown): void;
  /** Runs `fn` after `ms`; `settle()` waits for it (use only for short, one-shot delays). */
  later(label: string, ms: number, fn: () => unknown): void;
  /** Counts a store change, so that `settle()` knows whether the cluster is still moving. */
  noteChange(): void;
  /** Resolves once nothing is in flight and no change happened for a few turns of the event loop. */
  settle(maxMs?: number): Promise<void>;
  /** Errors the controllers hit (for debugging a test that does not settle as expected). */
  readonly errors: { label: string; error: unknown }[];
  /** Stops timers; later work is dropped. */
  stop(): void;
}

export function createWorkTracker(): WorkTracker {
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const errors: { label: string; error: unknown }[] = [];
  let changes = 0;
  let stopped = false;

  function record(label: string, error: unknown): void {
    errors.push({ label, error });
  }

  function run(label: string, fn: () => unknown): void {
    if (stopped) return;
    let result: unknown;
    try {
      result = fn();
    } catch (error) {
      record(label, error);
      return;
    }
    if (result instanceof Promise) {
      const tracked = result.catch((error: unknown) => record(label, error)).finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  }

  function later(label: string, ms: number, fn: () => unknown): void {
    if (stopped) return;
    let release: () => void = () => {};
    const waiting = new Promise<void>((resolve) => (release = resolve));
    inFlight.add(waiting);
    const timer = setTimeout(() => {
      timers.delete(timer);
      inFlight.delete(waiting);
      run(label, fn);
      release();
    }, ms);
    timers.set(timer, () => {
      inFlight.delete(waiting);
      release();
    });
  }

  async function settle(maxMs = 20_000): Promise<void> {
    const started = performance.now();
    let quietRounds = 0;
    while (quietRounds < 3) {
      if (performance.now() - started > maxMs) throw new Error(`emulator did not settle within ${maxMs} ms`);
      const before = changes;
      if (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      await nextTurn();
      quietRounds = inFlight.size === 0 && changes === before ? quietRounds + 1 : 0;
    }
  }

  return {
    run,
    later,
    noteChange: () => void changes++,
    settle,
    errors,
    stop() {
      stopped = true;
      for (const [timer, release] of timers) {
        clearTimeout(timer);
        release();
      }
      timers.clear();
    },
  };
}
