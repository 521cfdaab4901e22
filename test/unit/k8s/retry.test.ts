import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { backoffDelay, classifyForRetry, isOutOfTime, withRetry, type RetryOptions } from '../../../src/k8s/retry.js';

/** A clock that only moves when the code under test sleeps. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** fn that fails with the given errors in turn, then resolves 'ok'. */
function failing(errors: unknown[]) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (errors.length > 0) throw errors.shift();
    return 'ok';
  };
  return { fn, calls: () => calls };
}

const apiError = (status: number, retryAfterSeconds?: number) =>
  new KubeApiError(status, `status ${status}`, { reason: 'X', retryAfterSeconds });
const netError = (code: string, message = code) => Object.assign(new Error(message), { code });

function opts(time: ReturnType<typeof fakeTime>, extra: Partial<RetryOptions> = {}): RetryOptions {
  return { idempotent: true, now: time.now, sleep: time.sleep, ...extra };
}

describe('withRetry', () => {
  it('retries a 429 and returns the later success', async () => {
    const time = fakeTime();
    const f = failing([apiError(429)]);
    await expect(withRetry(f.fn, opts(time))).resolves.toBe('ok');
    expect(f.calls()).toBe(2);
    expect(time.sleeps).toEqual([200]);
  });

  it('waits as long as Retry-After asks', async () => {
    const time = fakeTime();
    const f = failing([apiError(429, 3), apiError(503, 1)]);
    await expect(withRetry(f.fn, opts(time))).resolves.toBe('ok');
    // 3 s asked, then 1 s asked but the backoff step (400 ms) is smaller, so 1 s.
    expect(time.sleeps).toEqual([3000, 1000]);
  });

  it('backs off exponentially, capped at 5 s, and gives up after maxAttempts', async () => {
    const time = fakeTime();
    const errors = Array.from({ length: 10 }, () => apiError(503));
    const f = failing(errors);
    await expect(withRetry(f.fn, opts(time, { maxAttempts: 7 }))).rejects.toMatchObject({ status: 503 });
    expect(f.calls()).toBe(7);
    expect(time.sleeps).toEqual([200, 400, 800, 1600, 3200, 5000]);
  });

  it('makes six attempts by default', async () => {
    const time = fakeTime();
    const f = failing(Array.from({ length: 10 }, () => netError('ECONNRESET')));
    await expect(withRetry(f.fn, opts(time))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(f.calls()).toBe(6);
  });

  it('scales each backoff into 50–100 % with the injected random source', async () => {
    const time = fakeTime();
    const randoms = [0, 0.5, 0.999];
    const f = failing([apiError(500), apiError(502), apiError(504)]);
    await withRetry(f.fn, opts(time, { random: () => randoms.shift() ?? 0 }));
    expect(time.sleeps).toEqual([100, 300, 800]);
  });

  it('does not retry a POST on a 500 (it may have been acted on)', async () => {
    const time = fakeTime();
    const f = failing([apiError(500)]);
    await expect(withRetry(f.fn, opts(time, { idempotent: false }))).rejects.toMatchObject({ status: 500 });
    expect(f.calls()).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('gives a refused connection two attempts in all (200 ms apart), whatever maxAttempts says', async () => {
    const time = fakeTime();
    const refused = failing(Array.from({ length: 10 }, () => netError('ECONNREFUSED')));
    await expect(withRetry(refused.fn, opts(time, { maxAttempts: 10 }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(refused.calls()).toBe(2);
    expect(time.sleeps).toEqual([200]);
  });

  it('never retries a request the command deadline cut short', async () => {
    const time = fakeTime();
    const cut = Object.assign(netError('ETIMEDOUT'), { runDeadline: true });
    const f = failing([cut]);
    await expect(withRetry(f.fn, opts(time))).rejects.toBe(cut);
    expect(f.calls()).toBe(1);
    expect(isOutOfTime(cut)).toBe(true);
    expect(isOutOfTime(netError('ETIMEDOUT'))).toBe(false);
  });

  it('retries a POST on 429 and on a refused connection, not on a reset one', async () => {
    const time = fakeTime();
    const ok = failing([apiError(429), netError('ECONNREFUSED')]);
    await expect(withRetry(ok.fn, opts(time, { idempotent: false }))).resolves.toBe('ok');
    expect(ok.calls()).toBe(3);
    const reset = failing([netError('ECONNRESET', 'socket hang up')]);
    await expect(withRetry(reset.fn, opts(time, { idempotent: false }))).rejects.toThrow('socket hang up');
    expect(reset.calls()).toBe(1);
  });

  it('stops when the next attempt would start after the deadline, rethrowing the last error', async () => {
    const time = fakeTime(0);
    const f = failing([apiError(503), apiError(503), apiError(503, 0), apiError(503)]);
    // 200 + 400 fit in 700 ms; the third pause (800 ms) would end after the deadline.
    const err = await withRetry(f.fn, opts(time, { deadline: 700 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).retryAfterSeconds).toBe(0);
    expect(f.calls()).toBe(3);
    expect(time.sleeps).toEqual([200, 400]);
  });

  it('does not retry errors that will not go away', async () => {
    const time = fakeTime();
    for (const e of [apiError(404), apiError(409), apiError(403), apiError(422), netError('ERR_TLS_CERT_ALTNAME_INVALID'), new Error('boom')]) {
      const f = failing([e]);
      await expect(withRetry(f.fn, opts(time))).rejects.toBe(e);
      expect(f.calls()).toBe(1);
    }
    expect(time.sleeps).toEqual([]);
  });

  it('reports each retry before sleeping', async () => {
    const time = fakeTime();
    const seen: string[] = [];
    const f = failing([netError('EPIPE'), netError('ETIMEDOUT')]);
    await withRetry(f.fn, opts(time, { onRetry: (i) => seen.push(`${i.attempt}:${i.delayMs}:${(i.error as { code: string }).code}`) }));
    expect(seen).toEqual(['1:200:EPIPE', '2:400:ETIMEDOUT']);
  });
});

describe('classifyForRetry', () => {
  it.each([
    [apiError(429), true, true],
    [apiError(429), false, true],
    [apiError(503), true, true],
    [apiError(503), false, false],
    [apiError(501), true, false],
    [netError('ECONNREFUSED'), false, true],
    [netError('ECONNRESET'), true, true],
    [netError('EPIPE'), false, false],
    [new Error('socket hang up'), true, true],
    [Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } }), true, true],
    [netError('SELF_SIGNED_CERT_IN_CHAIN'), true, false],
  ])('%s (idempotent %s) → retry %s', (err, idempotent, retry) => {
    expect(classifyForRetry(err, idempotent).retry).toBe(retry);
  });

  it('passes on the Retry-After of a 503', () => {
    expect(classifyForRetry(apiError(503, 2), true)).toEqual({ retry: true, retryAfterMs: 2000 });
  });
});

describe('backoffDelay', () => {
  it('doubles from 200 ms up to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });
});
