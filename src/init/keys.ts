/**
 * init's keys, started as soon as init knows it needs them: they are made on the thread pool
 * while the rest of init's code loads and the pre-flight requests run.
 */
import { availableParallelism } from 'node:os';
import type { Deps } from '../deps.js';

export type KeyPromise = ReturnType<Deps['generateKeyPair']>;
type KeyPair = Awaited<KeyPromise>;

/**
 * Starts `count` key generations on the thread pool, as many at a time as there are cores (on 2
 * cores, two at a time measured faster than one after another, npm run bench). A lane that
 * finishes starts the next key at once, so a slow key (RSA generation time varies a lot) holds
 * up only its own lane. The promises are filled in the order keys finish: the first one handed
 * out (the CA's) is the first key made.
 */
export function startKeys(generate: () => KeyPromise, count: number, lanes = Math.max(1, availableParallelism())): KeyPromise[] {
  const settle: { resolve: (key: KeyPair) => void; reject: (err: unknown) => void }[] = [];
  const keys = Array.from({ length: count }, () => new Promise<KeyPair>((resolve, reject) => settle.push({ resolve, reject })));
  let started = 0;
  let finished = 0;
  const lane = async (): Promise<void> => {
    while (started < count) {
      started++;
      try {
        const key = await generate();
        settle[finished++].resolve(key);
      } catch (err) {
        settle[finished++].reject(err);
      }
    }
  };
  for (let i = 0; i < Math.min(lanes, count); i++) void lane();
  for (const key of keys) key.catch(() => undefined); // surfaced when handed out
  return keys;
}

/** Hands out the started keys in order, then new ones. */
export function handOut(started: KeyPromise[], generate: () => KeyPromise): Deps['generateKeyPair'] {
  return () => started.shift() ?? generate();
}
