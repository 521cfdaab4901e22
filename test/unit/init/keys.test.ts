import { describe, expect, it } from 'vitest';
import type { KeyPairPem } from '../../../src/deps.js';
import { handOut, startKeys } from '../../../src/init/keys.js';

/** Key generations the test finishes by hand, in any order. */
function controlledGenerator() {
  const pending: { n: number; resolve: (key: KeyPairPem) => void; reject: (err: Error) => void }[] = [];
  let made = 0;
  const generate = () =>
    new Promise<KeyPairPem>((resolve, reject) => {
      const n = made++;
      pending.push({ n, resolve, reject });
    });
  const finish = (n: number, err?: Error) => {
    const at = pending.findIndex((p) => p.n === n);
    const [job] = pending.splice(at, 1);
    if (err) job.reject(err);
    else job.resolve({ privateKeyPem: `private-${n}`, publicKeyPem: `public-${n}` });
  };
  return { generate, finish, started: () => made, running: () => pending.map((p) => p.n) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('startKeys: init keys on the thread pool', () => {
  it('runs as many at a time as there are lanes, and a lane that finishes starts the next key at once', async () => {
    const g = controlledGenerator();
    startKeys(g.generate, 4, 2);
    expect(g.running()).toEqual([0, 1]);
    // The second key finishes first: its lane takes the third key while the first still runs.
    g.finish(1);
    await tick();
    expect(g.running()).toEqual([0, 2]);
    g.finish(2);
    await tick();
    expect(g.running()).toEqual([0, 3]);
    g.finish(3);
    g.finish(0);
    await tick();
    expect(g.started()).toBe(4);
  });

  it('fills the promises in the order the keys finish, so the first handed out is the first made', async () => {
    const g = controlledGenerator();
    const keys = startKeys(g.generate, 3, 3);
    g.finish(2);
    g.finish(0);
    g.finish(1);
    expect((await Promise.all(keys)).map((k) => k.privateKeyPem)).toEqual(['private-2', 'private-0', 'private-1']);
  });

  it('never starts more than asked, with more lanes than keys', async () => {
    const g = controlledGenerator();
    startKeys(g.generate, 2, 8);
    expect(g.running()).toEqual([0, 1]);
  });

  it('a failed generation surfaces when its key is handed out, and the lane goes on with the next key', async () => {
    const g = controlledGenerator();
    const keys = startKeys(g.generate, 3, 1);
    g.finish(0, new Error('no entropy'));
    await tick();
    expect(g.running()).toEqual([1]);
    g.finish(1);
    await tick();
    g.finish(2);
    const take = handOut(keys, g.generate);
    await expect(take()).rejects.toThrow('no entropy');
    expect((await take()).privateKeyPem).toBe('private-1');
    expect((await take()).privateKeyPem).toBe('private-2');
  });

  it('hands out the started keys, then generates new ones', async () => {
    const g = controlledGenerator();
    const take = handOut(startKeys(g.generate, 1, 1), g.generate);
    g.finish(0);
    expect((await take()).privateKeyPem).toBe('private-0');
    const extra = take();
    expect(g.started()).toBe(2);
    g.finish(1);
    expect((await extra).privateKeyPem).toBe('private-1');
  });
});
