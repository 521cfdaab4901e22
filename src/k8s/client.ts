import https from 'node:https';
import type * as K8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '../constants.js';
import type { ResolvedContext } from '../kubeconfig/model.js';
import { isApiExceptionLike, kubeApiErrorFromResponse, tagWithServer, toKubeApiError, UnservedKindError } from './api-error.js';
import { toKubeConfigOptions, type KubeConfigOptions } from './kube-options.js';
import { withRetry } from './retry.js';
import { sendHttp, type HttpResponse } from './transport.js';
import type { ApiGroupInfo, ClientOptions, ClusterClient, K8sObject, ObjectRef, PatchType } from './types.js';

type K8sModule = typeof K8s;
type Action = 'create' | 'read' | 'replace' | 'patch' | 'delete' | 'list';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

const specOf = (ref: { apiVersion: string; kind: string; name?: string; namespace?: string }) => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: { name: ref.name, namespace: ref.namespace },
});

/**
 * KubernetesObjectApi with two changes: successful answers are returned as the server's JSON
 * (its typed models drop fields they do not know and rewrite timestamps, and we compare and print
 * what the server holds), and request bodies can be sent verbatim (its serializer runs patches
 * through the object model, which cannot carry a JSON patch or patch directives).
 */
function defineObjectApi(k8s: K8sModule) {
  return class ObjectApi extends k8s.KubernetesObjectApi {
    constructor(
      configuration: K8s.Configuration,
      kc: K8s.KubeConfig,
      private readonly server: string,
    ) {
      super(configuration);
      this.setDefaultNamespace(kc);
    }

    protected override async processResponse<T extends K8s.KubernetesObject>(response: K8s.ResponseContext, type?: string): Promise<T> {
      if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
        const text = await response.body.text();
        return (text.trim() === '' ? {} : JSON.parse(text)) as T;
      }
      return super.processResponse<T>(response, type);
    }

    /** Resolves the resource by discovery (cached per client) and builds the request path. */
    async pathFor(ref: { apiVersion: string; kind: string; name?: string; namespace?: string }, action: Action): Promise<string> {
      let served: unknown;
      try {
        served = await this.resource(ref.apiVersion, ref.kind);
      } catch (e) {
        if (!(isApiExceptionLike(e) && e.code === 404)) throw e;
      }
      if (!served) throw new UnservedKindError(ref.apiVersion, ref.kind, this.server);
      return this.specUriPath(specOf(ref), action);
    }

    async sendBody<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, contentType: string, query: Record<string, string>): Promise<T> {
      const ctx = this.configuration.baseServer.makeRequestContext(path, method as K8s.HttpMethod);
      ctx.setHeaderParam('Accept', 'application/json');
      ctx.setHeaderParam('Content-Type', contentType);
      for (const [k, v] of Object.entries(query)) ctx.setQueryParam(k, v);
      ctx.setBody(JSON.stringify(body));
      return this.requestPromise(ctx) as Promise<T>;
    }
  };
}

/**
 * With static TLS material the connections can be kept alive and shared; an exec plugin or
 * auth provider may hand out client certificates, and a proxy needs its own agent, so those get
 * the per-request agents client-node builds.
 */
async function sharedAgent(kc: K8s.KubeConfig, opts: KubeConfigOptions): Promise<https.Agent | undefined> {
  const cluster = opts.clusters[0];
  const user = opts.users[0];
  if (cluster.proxyUrl || user.exec || user.authProvider || cluster.server.startsWith('http:')) return undefined;
  const tls: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  const agentOptions = { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername };
  return new https.Agent({
    ...Object.fromEntries(Object.entries(agentOptions).filter(([, v]) => v !== undefined)),
    keepAlive: true,
    // Idle sockets are closed after 5 s (as Node's global agent does), well before servers and
    // load balancers drop them, so a request rarely lands on a socket the server already closed.
    timeout: 5_000,
  });
}

function stringHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Builds the client for one kubeconfig context. Loads @kubernetes/client-node on first use. */
export async function createClusterClient(ctx: ResolvedContext, options: ClientOptions = {}): Promise<ClusterClient> {
  const k8s = await import('@kubernetes/client-node');
  const kcOptions = await toKubeConfigOptions(ctx);
  const server = kcOptions.clusters[0].server;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kcOptions);
  const agent = await sharedAgent(kc, kcOptions);
  const timeoutMs = options.requestTimeoutMs;

  const httpApi = k8s.wrapHttpLibrary({
    async send(request) {
      const body = request.getBody();
      const res = await sendHttp({
        url: request.getUrl(),
        method: request.getHttpMethod(),
        headers: request.getHeaders(),
        body: typeof body === 'string' ? body : undefined,
        agent: agent ?? (request.getAgent() as https.Agent | undefined),
        timeoutMs,
      });
      return new k8s.ResponseContext(res.status, res.headers, {
        text: async () => res.body,
        binary: async () => Buffer.from(res.body),
      });
    },
  });
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(server, {}),
    authMethods: { default: kc },
    httpApi,
  });
  const api = new (defineObjectApi(k8s))(configuration, kc, server);

  const normalize = (e: unknown): unknown => tagWithServer(toKubeApiError(e, server), server);
  const call = <T>(idempotent: boolean, fn: () => Promise<T>): Promise<T> => {
    const once = () => fn().catch((e: unknown) => Promise.reject(normalize(e)));
    // Without an injected sleep there is no way to wait between attempts: try once.
    if (!options.sleep) return once();
    return withRetry(once, {
      idempotent,
      deadline: options.now ? options.deadline : undefined,
      now: options.now ?? (() => 0),
      sleep: options.sleep,
      random: options.random,
      maxAttempts: options.maxAttempts,
    });
  };
  const writeQuery = (o?: { dryRun?: boolean }): Record<string, string> =>
    o?.dryRun ? { fieldManager: FIELD_MANAGER, dryRun: 'All' } : { fieldManager: FIELD_MANAGER };

  const rawRequest = async (path: string): Promise<HttpResponse> => {
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    return sendHttp({
      url: `${server}${path.startsWith('/') ? path : `/${path}`}`,
      method: 'GET',
      headers: { Accept: 'application/json, */*', ...stringHeaders(opts.headers) },
      agent: agent ?? (opts.agent as https.Agent | undefined),
      auth: opts.auth ?? undefined,
      timeoutMs,
    });
  };
  const rawJson = async <T>(path: string): Promise<T> => {
    const res = await rawRequest(path);
    if (res.status < 200 || res.status > 299) throw kubeApiErrorFromResponse(res.status, res.body, res.headers, server);
    return JSON.parse(res.body) as T;
  };

  return {
    contextName: ctx.name,
    server,
    get: (ref) =>
      call(true, async () => {
        await api.pathFor(ref, 'read');
        try {
          return (await api.read({ ...specOf(ref), metadata: { name: ref.name, namespace: ref.namespace } })) as K8sObject;
        } catch (e) {
          if (isApiExceptionLike(e) && e.code === 404) return undefined;
          throw e;
        }
      }),
    list: (apiVersion, kind, o = {}) =>
      call(true, async () => {
        await api.pathFor({ apiVersion, kind }, 'list');
        const list = (await api.list(apiVersion, kind, o.namespace, undefined, undefined, undefined, undefined, o.labelSelector)) as {
          items?: K8sObject[];
        };
        // List items come without apiVersion and kind.
        return (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
      }),
    create: (obj, o) =>
      call(false, async () => api.sendBody<K8sObject>('POST', await api.pathFor(refOf(obj), 'create'), obj, 'application/json', writeQuery(o))),
    replace: (obj, o) =>
      call(true, async () => api.sendBody<K8sObject>('PUT', await api.pathFor(refOf(obj), 'replace'), obj, 'application/json', writeQuery(o))),
    patch: (ref, patch, type, o) =>
      call(true, async () => api.sendBody<K8sObject>('PATCH', await api.pathFor(ref, 'patch'), patch, PATCH_CONTENT_TYPES[type], writeQuery(o))),
    delete: (ref, o = {}) =>
      call(true, async (): Promise<'deleted' | 'not-found'> => {
        try {
          await api.pathFor(ref, 'delete');
          await api.delete(specOf(ref), undefined, o.dryRun ? 'All' : undefined, undefined, undefined, o.propagationPolicy);
          return 'deleted';
        } catch (e) {
          // A kind the server does not serve has no objects to delete either.
          if ((isApiExceptionLike(e) && e.code === 404) || e instanceof UnservedKindError) return 'not-found';
          throw e;
        }
      }),
    groups: () =>
      call(true, async (): Promise<ApiGroupInfo[]> => {
        const core = await rawJson<{ versions?: string[] }>('/api');
        const apis = await rawJson<{ groups?: { name: string; versions?: { version: string }[]; preferredVersion?: { version: string } }[] }>('/apis');
        const coreVersions = core.versions ?? [];
        return [
          { name: '', preferredVersion: coreVersions[0], versions: coreVersions },
          ...(apis.groups ?? []).map((g) => ({
            name: g.name,
            preferredVersion: g.preferredVersion?.version,
            versions: (g.versions ?? []).map((v) => v.version),
          })),
        ];
      }),
    rawGet: (path) =>
      call(true, async () => {
        const res = await rawRequest(path);
        return { status: res.status, body: res.body };
      }),
  };
}

function refOf(obj: K8sObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata?.name, namespace: obj.metadata?.namespace };
}
