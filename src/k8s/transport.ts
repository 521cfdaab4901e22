import http from 'node:http';
import https from 'node:https';
import { VERSION } from '../version.js';

export const CLIENT_USER_AGENT = `kubefed/${VERSION}`;

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  /** user:password for basic authentication. */
  auth?: string;
  /** Abort when the socket is idle this long; 0 or undefined means never. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function timeoutError(ms: number, url: string): Error {
  return Object.assign(new Error(`the request to ${url} timed out after ${ms} ms`), { code: 'ETIMEDOUT' });
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * One HTTP exchange over node:http(s). The whole body is read as text; transport failures reject
 * with Node's own error (its `code` tells refused from reset from TLS trouble).
 */
export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  const lib = req.url.startsWith('http:') ? http : https;
  const headers: Record<string, string> = { 'User-Agent': CLIENT_USER_AGENT, ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const request = lib.request(req.url, { method: req.method, headers, agent: req.agent, auth: req.auth }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('error', reject);
    if (req.timeoutMs && req.timeoutMs > 0) {
      const ms = req.timeoutMs;
      request.setTimeout(ms, () => request.destroy(timeoutError(ms, req.url)));
    }
    request.end(req.body);
  });
}
