import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../src/k8s/wait.js';

function fakeTime(start = 0, frozen = false) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      if (!frozen) now += ms;
    },
  };
}

/** A check that answers from a script: a value, undefined, or an Error to throw. */
function scripted<T>(answers: (T | undefined | Error)[]) {
  let calls = 0;
  return {
    calls: () => calls,
    check: async () => {
      const a = answers[Math.min(calls++, answers.length - 1)];
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

describe('pollUntil', () => {
  it('checks right away and returns without sleeping when the first check succeeds', async () => {
    const time = fakeTime();
    const s = scripted(['ready']);
    expect(await pollUntil(s.check, { intervalMs: 1000, deadline: 10_000, ...time })).toEqual({ timedOut: false, value: 'ready' });
    expect(time.sleeps).toEqual([]);
  });

  it('keeps polling through errors and undefined, ticking after each pause', async () => {
    const time = fakeTime();
    let ticks = 0;
    const s = scripted<number>([new Error('refused'), undefined, 0]);
    const result = await pollUntil(s.check, { intervalMs: 500, deadline: 10_000, ...time, onTick: () => ticks++ });
    // 0 is a value: only undefined means "not yet".
    expect(result).toEqual({ timedOut: false, value: 0 });
    expect(s.calls()).toBe(3);
    expect(time.sleeps).toEqual([500, 500]);
    expect(ticks).toBe(2);
  });

  it('times out at the deadline, returning the last error for the diagnosis', async () => {
    const time = fakeTime(1000);
    const refused = new Error('connection refused');
    const s = scripted<string>([undefined, refused]);
    const result = await pollUntil(s.check, { intervalMs: 400, deadline: 2000, ...time });
    expect(result).toEqual({ timedOut: true, lastError: refused });
    // The last pause is cut to what is left, and the final check happens at the deadline.
    expect(time.sleeps).toEqual([400, 400, 200]);
    expect(s.calls()).toBe(4);
  });

  it('backs off from intervalMs, doubling each pause up to maxIntervalMs', async () => {
    const time = fakeTime();
    const s = scripted<string>([undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'ready']);
    const result = await pollUntil(s.check, { intervalMs: 100, maxIntervalMs: 1000, deadline: 60_000, ...time });
    expect(result).toEqual({ timedOut: false, value: 'ready' });
    expect(time.sleeps).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('forgets an error once a later check returns normally', async () => {
    const time = fakeTime();
    const s = scripted<string>([new Error('blip'), undefined]);
    expect(await pollUntil(s.check, { intervalMs: 100, deadline: 250, ...time })).toEqual({ timedOut: true });
  });

  it('still times out with a frozen clock, by adding up its pauses', async () => {
    const time = fakeTime(5000, true);
    const s = scripted<string>([undefined]);
    const result = await pollUntil(s.check, { intervalMs: 300, deadline: 6000, ...time });
    expect(result.timedOut).toBe(true);
    expect(time.sleeps).toEqual([300, 300, 300, 100]);
  });
});
