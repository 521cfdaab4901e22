/**
 * A record of the HTTP exchanges made in this process, taken from Node's `http` diagnostics
 * channels: every request kubefed sends (through client-node or its own transport) and what came
 * back — status, the `Status` reason, and the body for the differential check to project. Only
 * requests carrying kubefed's User-Agent are kept, so a node agent's watches in the same process
 * are not mistaken for kubefed's.
 */
import dc from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

export interface Exchange {
  method: string;
  /** scheme://host:port the request went to. */
  origin: string;
  /** Path and query as sent. */
  path: string;
  status: number;
  /** The response body, parsed when it is JSON. */
  body: unknown;
}

interface Pending {
  request: ClientRequest;
  done: Promise<Exchange>;
}

export interface Recording {
  /** Exchanges that finished so far, in the order they were sent. */
  take(): Promise<Exchange[]>;
  stop(): void;
}

function originOf(request: ClientRequest): string {
  const secure = (request as unknown as { agent?: { protocol?: string } }).agent?.protocol === 'https:' || Boolean((request.socket as { encrypted?: boolean } | null)?.encrypted);
  return `${secure ? 'https' : 'http'}://${request.host}:${String((request as unknown as { socket?: { remotePort?: number } }).socket?.remotePort ?? '')}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
}

/** Starts recording requests whose User-Agent `keep` accepts. */
export function recordRequests(keep: (userAgent: string) => boolean): Recording {
  const pending: Pending[] = [];
  const byRequest = new Map<ClientRequest, (response: IncomingMessage | Error) => void>();
  const onStart = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    const ua = String(request.getHeader('user-agent') ?? '');
    if (!keep(ua)) return;
    const done = new Promise<Exchange>((resolve) => {
      byRequest.set(request, (response) => {
        const base = { method: request.method, origin: originOf(request), path: request.path };
        if (response instanceof Error) return resolve({ ...base, status: 0, body: String((response as { code?: string }).code ?? response.message) });
        // The consumer may have set an encoding: chunks are then strings.
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
        response.on('end', () => resolve({ ...base, status: response.statusCode ?? 0, body: parse(Buffer.concat(chunks).toString('utf8')) }));
        response.on('error', () => resolve({ ...base, status: response.statusCode ?? 0, body: 'aborted' }));
      });
    });
    pending.push({ request, done });
  };
  const onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    byRequest.get(request)?.(response);
    byRequest.delete(request);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as { request: ClientRequest; error: Error };
    byRequest.get(request)?.(error);
    byRequest.delete(request);
  };
  dc.subscribe('http.client.request.start', onStart);
  dc.subscribe('http.client.response.finish', onResponse);
  dc.subscribe('http.client.request.error', onError);
  return {
    async take() {
      const taken = pending.splice(0);
      return Promise.all(taken.map((p) => p.done));
    },
    stop() {
      dc.unsubscribe('http.client.request.start', onStart);
      dc.unsubscribe('http.client.response.finish', onResponse);
      dc.unsubscribe('http.client.request.error', onError);
    },
  };
}
