import type { ClusterClient, ObjectRef } from './types.js';

export interface PollOptions {
  /** Pause between checks (the first pause, when `maxIntervalMs` is given). */
  intervalMs: number;
  /** When given, each pause doubles the previous one up to this (backoff from `intervalMs`). */
  maxIntervalMs?: number;
  /** Give up once this time (ms since epoch) is reached. */
  deadline: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Called after each pause, before the next check (a spinner's heartbeat). */
  onTick?(): void;
}

/**
 * How a poll ended.
 * - `timedOut: false` — `value` is what the check returned (never undefined).
 * - `timedOut: true` — the deadline passed first; `value` is undefined.
 * `lastError` is what the most recent check threw, if it threw (a check that later returns
 * normally clears it), so a timeout can say why: "connection refused", "403 Forbidden"…
 */
export type PollResult<T> = { timedOut: false; value: T; lastError?: unknown } | { timedOut: true; value?: undefined; lastError?: unknown };

/**
 * Calls `check` right away and then every `intervalMs` (doubling up to `maxIntervalMs`) until it returns something other than
 * undefined or the deadline passes. Errors thrown by `check` do not end the poll.
 * Time is measured with `now()`, and also by adding up the pauses, so a frozen test clock
 * still times out after the pauses have covered the time until the deadline.
 */
export async function pollUntil<T>(check: () => Promise<T | undefined>, opts: PollOptions): Promise<PollResult<T>> {
  const start = opts.now();
  const budget = opts.deadline - start;
  let slept = 0;
  let lastError: unknown;
  let interval = opts.intervalMs;
  for (;;) {
    try {
      const value = await check();
      lastError = undefined;
      if (value !== undefined) return { timedOut: false, value };
    } catch (e) {
      lastError = e;
    }
    const elapsed = Math.max(opts.now() - start, slept);
    const remaining = budget - elapsed;
    if (remaining <= 0) return lastError === undefined ? { timedOut: true } : { timedOut: true, lastError };
    // At least 1 ms, so the pauses add up even with a zero interval and a frozen clock.
    const pause = Math.max(1, Math.min(interval, remaining));
    if (opts.maxIntervalMs !== undefined) interval = Math.min(interval * 2, opts.maxIntervalMs);
    await opts.sleep(pause);
    slept += pause;
    opts.onTick?.();
  }
}

/** Polls until the object is NotFound (a deletion finished); `value` is true then. */
export function pollUntilGone(client: Pick<ClusterClient, 'get'>, ref: ObjectRef, opts: PollOptions): Promise<PollResult<true>> {
  return pollUntil(async () => ((await client.get(ref)) === undefined ? true : undefined), opts);
}
