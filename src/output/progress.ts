import type { OutStream } from '../deps.js';
import type { Activity } from './activity.js';

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
  /** The run's requests: the spinner names the one it waits for; request and waiting lines close an open step line. */
  activity?: Activity;
  /** Injected for tests; defaults to setInterval. */
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void } | number;
  clearInterval?: (handle: unknown) => void;
}

const FRAMES = ['|', '/', '-', '\\'];
/** Back to the start of the line, and erase it: the spinner redraws its whole line. */
const REDRAW = '\r\x1b[K';

export function wantsSpinner(stream: OutStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/**
 * Progress lines on stderr in the original's format; a spinner only on a terminal, naming the
 * request the step waits for ("waiting for rivendell to answer GET /api (12 s)"). A step line
 * that another line interrupted is written again with its result: "message... done".
 */
export function createProgress(stream: OutStream, options: ProgressOptions): Progress {
  /** The step whose line waits for its " done", and whether another line broke into it. */
  let open: { message: string; interrupted: boolean } | undefined;
  let spinning = false;
  const closeOpenLine = (): void => {
    if (open && !open.interrupted) {
      stream.write(spinning ? `${REDRAW}${open.message}...\n` : '\n');
      open.interrupted = true;
    }
  };
  options.activity?.attach({ interrupt: closeOpenLine, spinning: () => spinning && open !== undefined && !open.interrupted, quiet: options.quiet });
  return {
    step(message: string): StepHandle {
      if (options.quiet) return { tick() {}, done() {}, fail() {} };
      closeOpenLine();
      const current = { message, interrupted: false };
      open = current;
      let frame = 0;
      let timer: unknown;
      if (options.spinner) {
        const draw = (): void => {
          if (current.interrupted) return;
          const waiting = options.activity?.waiting();
          stream.write(`${REDRAW}${message}... ${FRAMES[frame++ % FRAMES.length]}${waiting ? ` ${waiting}` : ''}`);
        };
        const set = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
        const handle = set(draw, 120);
        if (typeof handle === 'object' && handle?.unref) handle.unref();
        timer = handle;
        spinning = true;
        draw();
      } else {
        stream.write(`${message}...`);
      }
      const end = (word: string): void => {
        if (timer !== undefined) {
          (options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(timer);
          timer = undefined;
        }
        if (options.spinner) stream.write(`${current.interrupted ? '' : REDRAW}${message}... ${word}\n`);
        else stream.write(current.interrupted ? `${message}... ${word}\n` : ` ${word}\n`);
        spinning = false;
        if (open === current) open = undefined;
      };
      return {
        tick() {
          if (!options.spinner && !current.interrupted) stream.write('.');
        },
        done(suffix = ' done') {
          end(suffix.trimStart());
        },
        fail() {
          end('failed');
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
