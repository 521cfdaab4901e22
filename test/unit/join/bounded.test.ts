import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../src/join/bounded.js';

describe('mapBounded', () => {
  it('runs at most `limit` tasks at once, starts them in order, and answers in the order given', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const task = (n: number) => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      return new Promise<number>((resolve) => gates.set(n, () => (running--, resolve(n * 10))));
    };
    const items = Array.from({ length: 12 }, (_, i) => i);
    const all = mapBounded(items, 8, task);
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Finish the newest running task first, each time: later items take the freed places, results keep the given order.
    while (gates.size > 0) {
      const newest = Math.max(...gates.keys());
      const release = gates.get(newest) as () => void;
      gates.delete(newest);
      release();
      await tick();
    }
    expect(await all).toEqual(items.map((n) => n * 10));
    expect(most).toBe(8);
    expect(started).toEqual(items);
  });

  it('one failing task rejects the whole, the others still run', async () => {
    const ran: number[] = [];
    await expect(mapBounded([1, 2, 3], 2, async (n) => {
      ran.push(n);
      if (n === 2) throw new Error('two');
      return n;
    })).rejects.toThrow('two');
    expect(ran).toEqual([1, 2, 3]);
  });
});
