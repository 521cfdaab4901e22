/**
 * At most `limit` of the tasks given to the returned function run at once; the others wait their
 * turn, in the order they were given. Each call answers with its own task's result or error.
 */
export function bounded(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiting task, or is freed.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** `task` for every item, at most `limit` at once, started in the order given; results in that order. */
export function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = bounded(Math.max(1, limit));
  return Promise.all(items.map((item, index) => run(() => task(item, index))));
}
