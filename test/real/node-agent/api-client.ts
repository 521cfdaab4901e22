/**
 * A small HTTPS client for one real API server, authenticated with the cluster's admin client
 * certificate: JSON requests that fail with the server's `Status` (code and reason, like the
 * emulator's StatusErrorShape), and watch streams read line by line.
 */
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ResourceType, StatusErrorShape, StoredObject } from '../../emulator/contracts.js';

/** What the node agent needs to reach a cluster (a RealCluster of the harness has all of it). */
export interface ClusterAccess {
  name: string;
  server: string;
  caPem: string;
  adminCertPem: string;
  adminKeyPem: string;
}

export class ApiError extends Error implements StatusErrorShape {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RawWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: StoredObject & { code?: number; reason?: string; message?: string };
}

export interface WatchStream {
  /** Resolves when the server ends the stream (or `abort` was called); rejects on a broken connection. */
  readonly done: Promise<void>;
  abort(): void;
}

export interface ApiClient {
  /** Sends a request; a non-2xx answer throws an ApiError carrying the server's Status. */
  call<T = StoredObject>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
  watch(path: string, onEvent: (event: RawWatchEvent) => void): WatchStream;
  close(): void;
}

const CALL_TIMEOUT_MS = 30_000;

/** `/api/v1/namespaces/ns/pods/name/status` and the like. */
export function pathFor(type: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  let path = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  if (type.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${type.resource}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

function statusError(code: number, text: string, what: string): ApiError {
  try {
    const status = JSON.parse(text) as { reason?: string; message?: string };
    return new ApiError(code, status.reason ?? '', `${what}: ${status.message ?? text}`);
  } catch {
    return new ApiError(code, '', `${what}: ${code} ${text.slice(0, 200)}`);
  }
}

export function createApiClient(cluster: ClusterAccess): ApiClient {
  const url = new URL(cluster.server);
  const agent = new Agent({ keepAlive: true, ca: cluster.caPem, cert: cluster.adminCertPem, key: cluster.adminKeyPem });
  const base = (method: string, path: string, headers: Record<string, string>): RequestOptions => ({
    host: url.hostname,
    port: Number(url.port || 443),
    servername: url.hostname === '127.0.0.1' ? undefined : url.hostname,
    method,
    path,
    agent,
    // Named, as a kubelet names itself, so a record of kubefed's own requests can leave these out.
    headers: { Accept: 'application/json', 'User-Agent': 'kubefed-node-agent', ...headers },
  });

  function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = payload === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) };
    const what = `${method} ${path}`;
    return new Promise<T>((resolve, reject) => {
      const req = request(base(method, path, headers), (res) => {
        readAll(res).then((text) => {
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) return reject(statusError(code, text, what));
          resolve((text ? JSON.parse(text) : {}) as T);
        }, reject);
      });
      req.setTimeout(CALL_TIMEOUT_MS, () => req.destroy(new Error(`${what}: no answer within ${CALL_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  function watch(path: string, onEvent: (event: RawWatchEvent) => void): WatchStream {
    let aborted = false;
    let abort = () => {};
    const done = new Promise<void>((resolve, reject) => {
      const req = request(base('GET', path, {}), (res) => {
        const code = res.statusCode ?? 0;
        if (code !== 200) return void readAll(res).then((text) => reject(statusError(code, text, `watch ${path}`)), reject);
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line && !aborted) onEvent(JSON.parse(line) as RawWatchEvent);
          }
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
        res.on('error', (error) => (aborted ? resolve() : reject(error)));
      });
      req.on('error', (error) => (aborted ? resolve() : reject(error)));
      req.end();
      abort = () => {
        aborted = true;
        req.destroy();
        resolve();
      };
    });
    return { done, abort: () => abort() };
  }

  return { call, watch, close: () => agent.destroy() };
}
