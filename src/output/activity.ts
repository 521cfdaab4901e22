/**
 * What a run is waiting for: every request the clients send is reported here (as their
 * RequestObserver). At -v each request gets one line on stderr; without -v a request that keeps
 * the run waiting is named — by the spinner of the open step on a terminal, else by a line every
 * 10 s — so no wait is silent.
 */
import { STATUS_CODES } from 'node:http';
import type { OutStream } from '../deps.js';
import type { RequestEnd, RequestEvent, RequestObserver } from '../k8s/types.js';

/** Without a spinner, a waiting request is named after this long, and again each time as long. */
export const WAITING_LINE_EVERY_MS = 10_000;
/** The spinner names a request once it has waited this long. */
const SPINNER_NAMES_AFTER_MS = 1_000;
/** kubectl's level from which the full URL and the status text are printed. */
export const FULL_URL_LEVEL = 6;

/** How the progress lines cooperate (src/output/progress.ts). */
export interface ActivityDisplay {
  /** Close an open "message..." step line before a line of our own. */
  interrupt(): void;
  /** A spinner is showing `waiting()` itself. */
  spinning(): boolean;
  readonly quiet: boolean;
}

export interface Activity extends RequestObserver {
  /** 0: no request lines; 1–5: method, path, status and time; 6 and up: the full URL and status text. */
  verbosity: number;
  attach(display: ActivityDisplay): void;
  /** "waiting for rivendell to answer GET /api (12 s)", for the longest wait past `minMs`. */
  waiting(minMs?: number): string | undefined;
}

export interface ActivityOptions {
  stream: OutStream;
  /** ms clock for elapsed times. */
  now(): number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

interface InFlight {
  event: RequestEvent;
  started: number;
}

/** A request sent this soon after one that failed (a retry after its backoff) continues the same wait. */
const SAME_WAIT_GAP_MS = 6_000;

function errorCode(error: unknown): string {
  let cur: unknown = error;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'error';
}

/** The URL without credentials a server address could carry (user:password@). */
function safeUrl(url: string): URL {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u;
}

/** One request's line at the given level. */
export function requestLine(event: RequestEvent, end: RequestEnd, elapsedMs: number, level: number): string {
  const url = safeUrl(event.url);
  const target = level >= FULL_URL_LEVEL ? url.toString() : url.pathname;
  const ms = `${Math.round(elapsedMs)} ms`;
  let outcome = `failed: ${errorCode(end.error)} after ${ms}`;
  if (end.status !== undefined) {
    const text = STATUS_CODES[end.status];
    outcome = level >= FULL_URL_LEVEL ? `${end.status}${text ? ` ${text}` : ''} in ${ms}` : `${end.status} ${ms}`;
  }
  return `  ${event.method} ${target} ${outcome} (${event.context})`;
}

/** Whether a stderr line is a request line (tests that compare the other lines drop these). */
export const REQUEST_LINE = /^ {2}(GET|POST|PUT|PATCH|DELETE|HEAD) \S+ (\d{3} |failed: )/;

export function createActivity(options: ActivityOptions): Activity {
  const inFlight = new Set<InFlight>();
  let display: ActivityDisplay | undefined;
  let monitor: unknown;
  /** The current wait: since when requests have kept the run waiting, back to back. */
  let waitStarted = 0;
  let lastEnded = -Infinity;
  let lastFailed = false;
  /** When the last line of ours was written (or the wait started). */
  let lastLine = 0;
  const set = options.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
  const clear = options.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout));

  const oldest = (): InFlight | undefined => {
    let first: InFlight | undefined;
    for (const r of inFlight) if (!first || r.started < first.started) first = r;
    return first;
  };
  const describe = (r: InFlight, now: number): string =>
    `waiting for ${r.event.context || r.event.server} to answer ${r.event.method} ${safeUrl(r.event.url).pathname} (${Math.floor((now - waitStarted) / 1000)} s)`;

  const writeLine = (line: string): void => {
    display?.interrupt();
    options.stream.write(`${line}\n`);
    lastLine = options.now();
  };
  const check = (): void => {
    if (display?.quiet || display?.spinning()) return;
    const now = options.now();
    const r = oldest();
    if (r && now - lastLine >= WAITING_LINE_EVERY_MS) writeLine(`  ${describe(r, now)}`);
  };
  const startMonitor = (): void => {
    if (monitor !== undefined) return;
    const handle = set(check, 1000);
    (handle as { unref?: () => void } | undefined)?.unref?.();
    monitor = handle;
  };
  const stopMonitor = (): void => {
    if (monitor === undefined || inFlight.size > 0) return;
    clear(monitor);
    monitor = undefined;
  };

  const activity: Activity = {
    verbosity: 0,
    attach(d) {
      display = d;
    },
    waiting(minMs = SPINNER_NAMES_AFTER_MS) {
      const r = oldest();
      const now = options.now();
      return r && now - waitStarted >= minMs ? describe(r, now) : undefined;
    },
    started(event) {
      const started = options.now();
      if (inFlight.size === 0 && !(lastFailed && started - lastEnded <= SAME_WAIT_GAP_MS)) {
        waitStarted = started;
        lastLine = Math.max(lastLine, started);
      }
      const entry: InFlight = { event, started };
      inFlight.add(entry);
      startMonitor();
      return (end) => {
        inFlight.delete(entry);
        lastEnded = options.now();
        lastFailed = end.status === undefined || end.status === 429 || end.status >= 500;
        if (inFlight.size === 0) stopMonitor();
        if (activity.verbosity > 0) writeLine(requestLine(event, end, lastEnded - started, activity.verbosity));
      };
    },
  };
  return activity;
}
