import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { VERSION } from '../version.js';

export const CLIENT_USER_AGENT = `kubefed/${VERSION}`;

/**
 * The limits of one request, in milliseconds; undefined means none. Each phase has its own:
 * the TCP connection, the TLS handshake (from the connection), the response headers and the
 * whole exchange (both from the start). `runLeftMs` is what is left of the command's --timeout:
 * no phase runs past it, and a timeout it caused says the run is out of time.
 */
export interface RequestLimits {
  connectMs?: number;
  tlsMs?: number;
  headersMs?: number;
  totalMs?: number;
  runLeftMs?: number;
}

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  /** user:password for basic authentication. */
  auth?: string;
  /** A whole-request limit (headers and body); the shorthand for `limits.headersMs` and `limits.totalMs`. */
  timeoutMs?: number;
  limits?: RequestLimits;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Where a request was when it ran out of time. */
export type RequestPhase = 'connect' | 'tls' | 'headers' | 'body';

const PHASE_WAIT: Record<RequestPhase, string> = {
  connect: 'no connection',
  tls: 'no TLS handshake',
  headers: 'no answer',
  body: 'no complete answer',
};

/** Milliseconds as people read them: "300 ms", "10 s", "1.5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * A request that ran out of time. `code` is ETIMEDOUT, as Node's own socket timeouts, so the
 * retry policy treats both alike; `runDeadline` says the command's --timeout, not
 * --request-timeout, cut it short.
 */
export class RequestTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  readonly method: string;
  readonly url: string;
  readonly phase: RequestPhase;
  /** How long the phase was allowed. */
  readonly waitedMs: number;
  readonly runDeadline: boolean;
  /** "GET /api". */
  readonly request: string;
  /** "no TLS handshake within 10 s". */
  readonly wait: string;
  constructor(init: { method: string; url: string; phase: RequestPhase; waitedMs: number; runDeadline: boolean }) {
    const request = `${init.method} ${new URL(init.url).pathname}`;
    const wait = `${PHASE_WAIT[init.phase]} within ${formatMs(init.waitedMs)}`;
    super(`${request} got ${wait}`);
    this.request = request;
    this.wait = wait;
    this.name = 'RequestTimeoutError';
    this.method = init.method;
    this.url = init.url;
    this.phase = init.phase;
    this.waitedMs = init.waitedMs;
    this.runDeadline = init.runDeadline;
  }
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

const finite = (ms: number | undefined): number => (ms !== undefined && ms > 0 ? ms : Infinity);

/**
 * One HTTP exchange over node:http(s). The whole body is read as text; transport failures reject
 * with Node's own error (its `code` tells refused from reset from TLS trouble), and a phase that
 * outlives its limit rejects with RequestTimeoutError.
 */
export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  const isHttp = req.url.startsWith('http:');
  const lib = isHttp ? http : https;
  const headers: Record<string, string> = { 'User-Agent': CLIENT_USER_AGENT, ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
  const limits: RequestLimits = { headersMs: req.timeoutMs, totalMs: req.timeoutMs, ...req.limits };
  const runLeft = req.limits?.runLeftMs ?? Infinity;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (runLeft <= 0) {
      reject(new RequestTimeoutError({ method: req.method, url: req.url, phase: 'connect', waitedMs: 0, runDeadline: true }));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let phaseStarted = started;
    const request = lib.request(req.url, { method: req.method, headers, agent: req.agent, auth: req.auth }, (res) => {
      arm('body');
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        settled = true;
        clear();
        resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    function clear(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    }
    function fail(e: unknown): void {
      settled = true;
      clear();
      reject(e);
    }
    /** Starts the clock of a phase: its own limit, within the whole request's and the run's. */
    function arm(phase: RequestPhase): void {
      clear();
      if (settled) return; // a late socket event after the request ended
      const now = Date.now();
      phaseStarted = phase === 'connect' || phase === 'tls' ? now : started;
      const own = { connect: finite(limits.connectMs), tls: finite(limits.tlsMs), headers: finite(limits.headersMs), body: finite(limits.totalMs) }[phase];
      const phaseLeft = own - (now - phaseStarted);
      const totalLeft = finite(limits.totalMs) - (now - started);
      const runLeftNow = runLeft - (now - started);
      const ms = Math.min(phaseLeft, totalLeft, runLeftNow);
      if (ms === Infinity) return;
      const runDeadline = runLeftNow <= Math.min(phaseLeft, totalLeft);
      // What the phase was allowed, counted from its own start.
      const allowedMs = Math.max(0, ms) + (now - phaseStarted);
      timer = setTimeout(() => {
        timer = undefined;
        request.destroy(new RequestTimeoutError({ method: req.method, url: req.url, phase, waitedMs: allowedMs, runDeadline }));
      }, Math.max(0, ms));
    }
    request.on('socket', (socket: Socket) => {
      if (!socket.connecting) {
        arm('headers'); // a kept-alive connection
        return;
      }
      arm('connect');
      socket.once('connect', () => arm(isHttp ? 'headers' : 'tls'));
      if (!isHttp) socket.once('secureConnect', () => arm('headers'));
    });
    request.on('error', fail);
    arm('connect');
    request.end(req.body);
  });
}
