import type { OutStream } from '../deps.js';

/** One named step: "Creating federation control plane service... done". */
export interface StepHandle {
  /** Mark one more poll of a wait (prints a dot, as the original did). */
  tick(): void;
  done(suffix?: string): void;
  fail(): void;
}

export interface Progress {
  step(message: string): StepHandle;
  info(line: string): void;
  warn(line: string): void;
}

export interface ProgressOptions {
  quiet: boolean;
  /** Animate a spinner: only on a terminal, never in CI or with NO_COLOR. */
  spinner: boolean;
  /** Injected for tests; defaults to setInterval. */
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void } | number;
  clearInterval?: (handle: unknown) => void;
}

const FRAMES = ['|', '/', '-', '\\'];

export function wantsSpinner(stream: OutStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** Progress lines on stderr in the original's format; a spinner only on a terminal. */
export function createProgress(stream: OutStream, options: ProgressOptions): Progress {
  let open = false; // a step line is waiting for its " done"
  const closeOpenLine = (): void => {
    if (open) {
      stream.write('\n');
      open = false;
    }
  };
  return {
    step(message: string): StepHandle {
      if (options.quiet) return { tick() {}, done() {}, fail() {} };
      closeOpenLine();
      stream.write(`${message}...`);
      open = true;
      let frame = 0;
      let timer: unknown;
      if (options.spinner) {
        const set = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
        const handle = set(() => {
          stream.write(`\b${FRAMES[frame++ % FRAMES.length]}`);
        }, 120);
        if (typeof handle === 'object' && handle?.unref) handle.unref();
        timer = handle;
        // A space, then the spinner's cell: each frame (and the final word) overwrites the cell only.
        stream.write(` ${FRAMES[0]}`);
      }
      const stop = (): void => {
        if (timer !== undefined) {
          (options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(timer);
          timer = undefined;
          stream.write('\b');
        }
      };
      return {
        tick() {
          if (!options.spinner) stream.write('.');
        },
        done(suffix = ' done') {
          stop();
          stream.write(options.spinner ? `${suffix.trimStart()}\n` : `${suffix}\n`);
          open = false;
        },
        fail() {
          stop();
          stream.write(options.spinner ? 'failed\n' : ' failed\n');
          open = false;
        },
      };
    },
    info(line: string) {
      if (options.quiet) return;
      closeOpenLine();
      stream.write(`${line}\n`);
    },
    warn(line: string) {
      closeOpenLine();
      stream.write(`WARNING: ${line}\n`);
    },
  };
}
