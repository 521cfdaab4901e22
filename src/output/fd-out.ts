/**
 * stdout and stderr for a run. On a terminal they are Node's own streams. Otherwise (a pipe or a
 * file: scripts, CI) text goes straight to the file descriptor with a blocking write, which is
 * what Node's streams do for pipes and files on Linux anyway, without the cost of setting a
 * stream up (about 6 ms of every start whose output is piped).
 */
import { isatty } from 'node:tty';
import { writeSync } from 'node:fs';
import type { OutStream } from '../deps.js';

/** The stream's view of the terminal, for commander's help layout. */
export interface RunOut extends OutStream {
  /** Terminal width, when it is a terminal. */
  readonly columns?: number;
  hasColors?(): boolean;
}

/**
 * `fd` as an OutStream; `stream()` gives Node's stream for it, taken only on a terminal or when the
 * descriptor refuses a blocking write (a non-blocking pipe that is full): from then on every write
 * goes through the stream, so the order of the output is kept. A reader that has gone away (EPIPE)
 * gets nothing more, as with Node's streams.
 */
export function fdOut(fd: number, stream: () => NodeJS.WriteStream): RunOut {
  if (isatty(fd)) return stream();
  let fallback: NodeJS.WriteStream | undefined;
  let closed = false;
  return {
    isTTY: false,
    write(chunk: string): boolean {
      if (fallback) return fallback.write(chunk);
      if (closed) return false;
      const bytes = Buffer.from(chunk, 'utf8');
      let at = 0;
      try {
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return false;
        }
        if (code !== 'EAGAIN') throw err;
        fallback = stream();
        return fallback.write(bytes.subarray(at));
      }
      return true;
    },
  };
}
