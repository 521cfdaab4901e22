/**
 * The HTTP side of one cluster client: every request goes out through sendHttp (our deadlines,
 * our User-Agent), and the discovery documents (/api, /apis and each group version's resource
 * list) are fetched once and shared by everything that asks — client-node's generic object API
 * resolving a path, the RBAC discovery of init and join, the namespace contents destroy checks.
 */
import type https from 'node:https';
import { kubeApiErrorFromResponse } from './api-error.js';
import { sendHttp, type HttpResponse } from './transport.js';

export interface HttpSettings {
  readonly server: string;
  /** A keep-alive agent carrying the TLS material, when it is static (see client.ts). */
  readonly agent?: https.Agent;
  readonly timeoutMs?: number;
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
  const sendNow = (request: HttpRequestParts): Promise<HttpResponse> =>
    sendHttp({ ...request, agent: settings.agent ?? request.agent, timeoutMs: settings.timeoutMs });
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
