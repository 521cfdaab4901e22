import { KubeApiError } from './api-error.js';

export interface RetryOptions {
  /** GET, PUT, PATCH and DELETE may be repeated; a POST only when it cannot have reached the server. */
  idempotent: boolean;
  /** Stop retrying when the next attempt would start after this time (ms since epoch). */
  deadline?: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Jitter source in [0, 1); without it every backoff is the full step. */
  random?(): number;
  /** Attempts in total, the first included. Default 6. */
  maxAttempts?: number;
  /** Called before each sleep, for verbose output. */
  onRetry?(info: { attempt: number; delayMs: number; error: unknown }): void;
}

export const DEFAULT_MAX_ATTEMPTS = 6;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;
/** A Retry-After above this is not worth waiting for in a command-line run. */
const MAX_RETRY_AFTER_MS = 60_000;

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT_ONLY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
/** The request never left the client, so even a POST is safe to repeat. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED']);
/**
 * Nothing listens there: worth a second look (an API server restarting) but not a long wait, so
 * a wrong address fails within a second.
 */
export const REFUSED_MAX_ATTEMPTS = 2;

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isSocketHangUp(e: unknown): boolean {
  return e instanceof Error && /socket hang up/i.test(e.message);
}

/** Nothing answers at the address (refused, unknown host, no route): trying again soon will not help. */
export function isUnreachable(e: unknown): boolean {
  const code = errorCode(e);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A request the command's --timeout cut short: nothing should try again. */
export function isOutOfTime(e: unknown): boolean {
  return (e as { runDeadline?: unknown } | null)?.runDeadline === true;
}

/**
 * Whether `e` is worth another attempt, the wait the server asked for, if any, and a lower cap on
 * the attempts for this kind of failure, if it has one.
 */
export function classifyForRetry(e: unknown, idempotent: boolean): { retry: boolean; retryAfterMs?: number; maxAttempts?: number } {
  if (e instanceof KubeApiError) {
    const retryAfterMs = e.retryAfterSeconds === undefined ? undefined : e.retryAfterSeconds * 1000;
    // 429 means the server turned the request away before acting on it.
    if (e.status === 429) return { retry: true, retryAfterMs };
    return { retry: idempotent && RETRYABLE_STATUS.has(e.status), retryAfterMs };
  }
  // The command's --timeout is spent: another attempt would have no time at all.
  if (isOutOfTime(e)) return { retry: false };
  const code = errorCode(e);
  if (code && NEVER_SENT_CODES.has(code)) return { retry: true, maxAttempts: REFUSED_MAX_ATTEMPTS };
  if (!idempotent) return { retry: false };
  return { retry: (code !== undefined && IDEMPOTENT_ONLY_CODES.has(code)) || isSocketHangUp(e) };
}

/** Exponential backoff (200 ms doubling, capped at 5 s), scaled into [50 %, 100 %] by the jitter source. */
export function backoffDelay(attempt: number, random?: () => number): number {
  const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  if (!random) return step;
  return Math.round(step * (0.5 + random() / 2));
}

/**
 * Runs `fn`, repeating it on throttling, server errors and dropped connections as `classifyForRetry`
 * allows, until it succeeds, the attempts run out or the deadline would be passed. The last error
 * is rethrown unchanged.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  // Failures of a kind with its own cap (a refused connection) are counted apart from the others.
  let cappedFailures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const verdict = classifyForRetry(e, opts.idempotent);
      if (verdict.maxAttempts !== undefined) cappedFailures++;
      if (!verdict.retry || attempt >= maxAttempts || cappedFailures >= (verdict.maxAttempts ?? Infinity)) throw e;
      const backoff = backoffDelay(attempt, opts.random);
      const delayMs =
        verdict.retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(verdict.retryAfterMs, MAX_RETRY_AFTER_MS));
      if (opts.deadline !== undefined && opts.now() + delayMs > opts.deadline) throw e;
      opts.onRetry?.({ attempt, delayMs, error: e });
      await opts.sleep(delayMs);
    }
  }
}
