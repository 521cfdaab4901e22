/**
 * init's keys, started as soon as init knows it needs them: they are made on the thread pool
 * while the rest of init's code loads and the pre-flight requests run.
 */
import { availableParallelism } from 'node:os';
import type { Deps } from '../deps.js';

export type KeyPromise = ReturnType<Deps['generateKeyPair']>;

/**
 * Starts `count` key generations on the thread pool, as many at a time as there are cores: the
 * main thread mostly waits for the server while they run (on 2 cores, two at a time measured
 * faster than one after another, npm run bench).
 */
export function startKeys(generate: () => KeyPromise, count: number, lanes = Math.max(1, availableParallelism())): KeyPromise[] {
  const started: KeyPromise[] = [];
  for (let i = 0; i < count; i++) {
    const previous = started[i - lanes];
    started.push(previous ? previous.then(generate, generate) : generate());
  }
  for (const key of started) key.catch(() => undefined); // surfaced when handed out
  return started;
}

/** Hands out the started keys in order, then new ones. */
export function handOut(started: KeyPromise[], generate: () => KeyPromise): Deps['generateKeyPair'] {
  return () => started.shift() ?? generate();
}
