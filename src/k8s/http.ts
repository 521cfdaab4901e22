/**
 * The HTTP side of one cluster client: every request goes out through sendHttp (our deadlines,
 * our User-Agent), and the discovery documents (/api, /apis and each group version's resource
 * list) are fetched once and shared by everything that asks — client-node's generic object API
 * resolving a path, the RBAC discovery of init and join, the namespace contents destroy checks.
 */
import type https from 'node:https';
import { kubeApiErrorFromResponse } from './api-error.js';
import type { RequestObserver } from './types.js';
import { sendHttp, type HttpResponse, type RequestLimits } from './transport.js';

export interface HttpSettings {
  readonly server: string;
  /** The kubeconfig context, as request observers name the cluster. */
  readonly context?: string;
  /** A keep-alive agent carrying the TLS material, when it is static (see client.ts). */
  readonly agent?: https.Agent;
  /** --request-timeout: the limit of one request; 0 or undefined means none. */
  readonly timeoutMs?: number;
  /** The command's --timeout deadline (ms since epoch, on `now`'s clock): no request runs past it. */
  readonly deadline?: number;
  now?(): number;
  /** Told when each request goes out and how it ended (verbose lines, progress). */
  readonly observer?: RequestObserver;
}

/** Connecting and the TLS handshake take at most this long, whatever --request-timeout says. */
export const CONNECT_LIMIT_MS = 10_000;
/**
 * Once the deadline has passed, a request (a rollback's delete, a timeout's diagnosis) still gets
 * this long, so what failed can be cleaned up and explained; it is never retried.
 */
export const AFTER_DEADLINE_MS = 2_000;

/** The limits of a request sent now: --request-timeout's, within what is left of the run. */
export function requestLimits(settings: Pick<HttpSettings, 'timeoutMs' | 'deadline' | 'now'>): RequestLimits {
  const request = settings.timeoutMs && settings.timeoutMs > 0 ? settings.timeoutMs : undefined;
  const connect = Math.min(CONNECT_LIMIT_MS, request ?? Infinity);
  const limits: RequestLimits = { connectMs: connect, tlsMs: connect, headersMs: request, totalMs: request };
  if (settings.deadline === undefined || !settings.now) return limits;
  const left = settings.deadline - settings.now();
  return { ...limits, runLeftMs: left > 0 ? left : Math.min(AFTER_DEADLINE_MS, request ?? Infinity) };
}

export interface HttpRequestParts {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly agent?: https.Agent;
  readonly auth?: string;
}

export interface ClusterHttp {
  /** Sends one request; a GET of a discovery document is answered from the cache once it succeeded. */
  send(request: HttpRequestParts): Promise<HttpResponse>;
  /** A discovery document as JSON (cached); a non-2xx answer throws its KubeApiError. */
  discovery<T>(path: string, auth: () => Promise<Omit<HttpRequestParts, 'url' | 'method' | 'body'>>): Promise<T>;
}

const DISCOVERY_PATH = /^\/(api(\/[^/]+)?|apis(\/[^/]+){0,2})\/?$/;

/** Whether the path is a discovery document rather than an object or a list. */
export function isDiscoveryPath(path: string): boolean {
  return DISCOVERY_PATH.test(path);
}

export function createClusterHttp(settings: HttpSettings): ClusterHttp {
  // Only answers that succeeded are kept: a failed discovery is asked again on the next call.
  const cache = new Map<string, Promise<HttpResponse>>();
  const sendOver = async (request: HttpRequestParts): Promise<HttpResponse> => {
    const done = settings.observer?.started({ context: settings.context ?? '', server: settings.server, method: request.method, url: request.url });
    try {
      const res = await sendHttp({ ...request, agent: settings.agent ?? request.agent, limits: requestLimits(settings) });
      done?.({ status: res.status });
      return res;
    } catch (error) {
      done?.({ error });
      throw error;
    }
  };
  // With a keep-alive agent, a fresh client has no connection yet, and requests sent together
  // would each open one: a full TLS handshake each, on both sides. The first request goes alone;
  // the others go once it is answered (or has failed), over its connection, or with its TLS session.
  let firstContact: Promise<void> | undefined;
  const sendNow = (request: HttpRequestParts): Promise<HttpResponse> => {
    if (!settings.agent) return sendOver(request);
    if (firstContact) return firstContact.then(() => sendOver(request));
    const answer = sendOver(request);
    firstContact = answer.then(
      () => undefined,
      () => undefined,
    );
    return answer;
  };
  const send = (request: HttpRequestParts): Promise<HttpResponse> => {
    const path = new URL(request.url).pathname;
    if (request.method !== 'GET' || !isDiscoveryPath(path)) return sendNow(request);
    let answer = cache.get(path);
    if (!answer) {
      answer = sendNow(request).then((res) => {
        if (res.status < 200 || res.status > 299) cache.delete(path);
        return res;
      });
      answer.catch(() => cache.delete(path));
      cache.set(path, answer);
    }
    return answer;
  };
  return {
    send,
    async discovery<T>(path: string, auth: () => Promise<Omit<HttpRequestParts, 'url' | 'method' | 'body'>>): Promise<T> {
      const res = await send({ ...(await auth()), url: `${settings.server}${path}`, method: 'GET' });
      if (res.status < 200 || res.status > 299) throw kubeApiErrorFromResponse(res.status, res.body, res.headers, settings.server);
      return JSON.parse(res.body) as T;
    },
  };
}
