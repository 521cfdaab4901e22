/**
 * The cluster client: a thin wrapper over @kubernetes/client-node's public API. Its kubeconfig
 * auth (KubeConfig.loadFromOptions, applyToHTTPSOptions) signs every request; its generic object
 * API (KubernetesObjectApi) turns each call into a path — resolved by discovery — and a query.
 * Our own code adds only what client-node has no answer for: deadlines and retries, the mapping
 * of errors to KubeApiError, one discovery cache (http.ts), and exact JSON on the wire: the object
 * API runs bodies and answers through its typed models, which drop fields they do not know,
 * rewrite timestamps and cannot carry a JSON patch, so the body we give is sent as is and the
 * server's answer is returned as the server wrote it. Only ever loaded through lazy-factory.ts.
 */
import https from 'node:https';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import { dirname } from 'node:path';
import type * as K8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '../constants.js';
import type { ResolvedContext } from '../kubeconfig/model.js';
import { isApiExceptionLike, KubeApiError, tagWithServer, toKubeApiError, UnservedKindError } from './api-error.js';
import { runExecPlugin, type ExecConfig } from './exec-credential.js';
import { createClusterHttp, isDiscoveryPath, requestLimits } from './http.js';
import { checkTlsMaterial, toKubeConfigOptions, type KubeConfigOptions } from './kube-options.js';
import { refOf } from './refs.js';
import { withRetry } from './retry.js';
import type { HttpResponse } from './transport.js';
import type { ApiGroupInfo, ApiResourceInfo, ClientOptions, ClusterClient, K8sObject, PatchType } from './types.js';

type K8sModule = typeof import('./client-node-parts.js');

/** The object a path is built from: only its type, name and namespace. */
const header = (ref: { apiVersion: string; kind: string; name?: string; namespace?: string }) => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: { name: ref.name ?? '', ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }) },
});


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
  const material = Object.fromEntries(Object.entries({ ca: tls.ca, cert: tls.cert, key: tls.key }).filter(([, v]) => v !== undefined));
  const agentOptions = { ...oneSecureContext(material), rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername };
  return new https.Agent({
    ...Object.fromEntries(Object.entries(agentOptions).filter(([, v]) => v !== undefined)),
    keepAlive: true,
    // Idle sockets are closed after 5 s (as Node's global agent does), well before servers and
    // load balancers drop them, so a request rarely lands on a socket the server already closed.
    timeout: 5_000,
  });
}

/**
 * One TLS context for every connection of a client: the CA, certificate and key are parsed once,
 * not at each connection the agent opens. Material the context refuses is left to each connection,
 * whose error names the server (checkTlsMaterial has already vetted what it can).
 */
function oneSecureContext(material: SecureContextOptions): { secureContext: SecureContext } | SecureContextOptions {
  try {
    return { secureContext: createSecureContext(material) };
  } catch {
    return material;
  }
}

/**
 * An exec plugin is run here, once per client, under the request's limits; its credentials
 * replace the exec entry, so client-node never runs the plugin itself.
 */
async function withExecCredentials(
  opts: KubeConfigOptions,
  options: ClientOptions,
  limits: { totalMs?: number; runLeftMs?: number },
  baseDir: string | undefined,
): Promise<KubeConfigOptions> {
  const user = opts.users[0];
  if (!user.exec) return opts;
  const { exec, ...rest } = user;
  const credentials = await runExecPlugin(exec as ExecConfig, {
    userName: user.name,
    baseDir,
    // client-node passed kubefed's whole environment; so do we, from Deps when a command built the client.
    env: options.env ?? process.env,
    timeoutMs: Math.min(limits.totalMs ?? Infinity, limits.runLeftMs ?? Infinity),
  });
  return { ...opts, users: [{ ...rest, ...Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined)) }] };
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
  const k8s = await import('./client-node-parts.js');
  const timing = { timeoutMs: options.requestTimeoutMs, deadline: options.now ? options.deadline : undefined, now: options.now };
  const fromKubeconfig = await toKubeConfigOptions(ctx);
  checkTlsMaterial(ctx, fromKubeconfig);
  const kcOptions = await withExecCredentials(fromKubeconfig, options, requestLimits(timing), ctx.origin.user && dirname(ctx.origin.user));
  const server = kcOptions.clusters[0].server;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kcOptions);
  const agent = await sharedAgent(kc, kcOptions);
  const http = createClusterHttp({ server, context: ctx.name, agent, observer: options.observer, ...timing });
  const baseServer = new k8s.ServerConfiguration(server, {});

  /** Headers and agent of the kubeconfig's auth, for requests client-node does not build. */
  const authNow = async () => {
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    return { headers: { Accept: 'application/json, */*', ...stringHeaders(opts.headers) }, agent: opts.agent as https.Agent | undefined, auth: opts.auth ?? undefined };
  };
  // Static TLS material (the shared agent) comes with static credentials: the kubeconfig's auth
  // is worked out once, not for every request (client-node would decode the certificates and
  // build an agent each time, only for the shared agent to be used).
  const auth = agent ? once(authNow) : authNow;
  const authentication: K8s.SecurityAuthentication = agent ? await fixedAuthentication(kc, baseServer) : kc;
  // client-node resolves a kind's path from its group version's resource list; one cache for
  // every object call of this client, so the list is parsed once, not at each call.
  const resourceLists: Record<string, K8s.V1APIResourceList> = {};
  class ObjectApi extends k8s.KubernetesObjectApi {
    constructor(configuration: K8s.Configuration) {
      super(configuration);
      this.apiVersionResourceCache = resourceLists;
    }
  }

  /** One call of the generic object API; `body`, when given, is what goes on the wire. */
  const objectCall = async (call: (api: ObjectApi) => Promise<unknown>, body?: unknown): Promise<K8sObject> => {
    let answer: HttpResponse | undefined;
    const httpApi = k8s.wrapHttpLibrary({
      async send(request) {
        const url = request.getUrl();
        const discovery = isDiscoveryPath(new URL(url).pathname);
        const sent = request.getBody();
        const res = await http.send({
          url,
          method: request.getHttpMethod(),
          headers: request.getHeaders(),
          body: !discovery && body !== undefined ? JSON.stringify(body) : typeof sent === 'string' ? sent : undefined,
          agent: request.getAgent() as https.Agent | undefined,
        });
        if (!discovery) answer = res;
        // The answer we return is the server's text (`answer`); client-node's typed copy of a
        // success would go unused, so it is given an empty object to parse.
        return toResponseContext(k8s, discovery || res.status < 200 || res.status > 299 ? res : { ...res, body: '' });
      },
    });
    await call(new ObjectApi(k8s.createConfiguration({ baseServer, authMethods: { default: authentication }, httpApi })));
    return (answer && answer.body.trim() !== '' ? JSON.parse(answer.body) : {}) as K8sObject;
  };

  const resources = (apiVersion: string): Promise<ApiResourceInfo[]> =>
    http
      .discovery<{ resources?: ApiResourceInfo[] }>(apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`, auth)
      .then((list) => list.resources ?? []);
  /** The kind must be served, else the context points at the wrong server (or the API is not installed). */
  const requireServed = async (ref: { apiVersion: string; kind: string }): Promise<void> => {
    const served = await resources(ref.apiVersion).then(
      (list) => list.some((r) => r.kind === ref.kind && !r.name.includes('/')),
      (e: unknown) => {
        // The group version itself is not served.
        if (e instanceof KubeApiError && e.status === 404) return false;
        throw e;
      },
    );
    if (!served) throw new UnservedKindError(ref.apiVersion, ref.kind, server);
  };

  const call = <T>(idempotent: boolean, fn: () => Promise<T>): Promise<T> => {
    const once = () => fn().catch((e: unknown) => Promise.reject(tagWithServer(toKubeApiError(e, server), server)));
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
  const dryRun = (o?: { dryRun?: boolean }): string | undefined => (o?.dryRun ? 'All' : undefined);
  const isNotFound = (e: unknown): boolean => isApiExceptionLike(e) && e.code === 404;

  return {
    contextName: ctx.name,
    server,
    get: (ref) =>
      call(true, async () => {
        await requireServed(ref);
        return objectCall((api) => api.read(header(ref))).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
      }),
    list: (apiVersion, kind, o = {}) =>
      call(true, async () => {
        await requireServed({ apiVersion, kind });
        const list = (await objectCall((api) => api.list(apiVersion, kind, o.namespace, undefined, undefined, undefined, undefined, o.labelSelector))) as { items?: K8sObject[] };
        // List items come without apiVersion and kind.
        return (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
      }),
    create: (obj, o) =>
      call(false, async () => {
        await requireServed(obj);
        return objectCall((api) => api.create(header(refOf(obj)), undefined, dryRun(o), FIELD_MANAGER), obj);
      }),
    replace: (obj, o) =>
      call(true, async () => {
        await requireServed(obj);
        return objectCall((api) => api.replace(header(refOf(obj)), undefined, dryRun(o), FIELD_MANAGER), obj);
      }),
    patch: (ref, patch, type, o) =>
      call(true, async () => {
        await requireServed(ref);
        return objectCall((api) => api.patch(header(ref), undefined, dryRun(o), FIELD_MANAGER, undefined, PATCH_STRATEGIES[type]), patch);
      }),
    delete: (ref, o = {}) =>
      call(true, async (): Promise<'deleted' | 'not-found'> => {
        try {
          await requireServed(ref);
          await objectCall((api) => api.delete(header(ref), undefined, dryRun(o), undefined, undefined, o.propagationPolicy));
          return 'deleted';
        } catch (e) {
          // A kind the server does not serve has no objects to delete either.
          if (isNotFound(e) || e instanceof UnservedKindError) return 'not-found';
          throw e;
        }
      }),
    groups: () =>
      call(true, async (): Promise<ApiGroupInfo[]> => {
        // The two documents are independent: both are asked at once.
        const [core, apis] = await Promise.all([
          http.discovery<{ versions?: string[] }>('/api', auth),
          http.discovery<{ groups?: { name: string; versions?: { version: string }[]; preferredVersion?: { version: string } }[] }>('/apis', auth),
        ]);
        const coreVersions = core.versions ?? [];
        return [
          { name: '', preferredVersion: coreVersions[0], versions: coreVersions },
          ...(apis.groups ?? []).map((g) => ({ name: g.name, preferredVersion: g.preferredVersion?.version, versions: (g.versions ?? []).map((v) => v.version) })),
        ];
      }),
    resources: (apiVersion) => call(true, () => resources(apiVersion)),
    rawGet: (path) =>
      call(true, async () => {
        const res = await http.send({ ...(await auth()), url: `${server}${path.startsWith('/') ? path : `/${path}`}`, method: 'GET' });
        return { status: res.status, body: res.body };
      }),
  };
}

/** A function's first answer, given to every later call too. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= fn();
    return answer;
  };
}

/**
 * The kubeconfig's authentication as client-node applies it to a request, worked out once: the
 * headers it sets (a bearer token, basic auth, impersonation) go on every request as they are.
 * Only for static credentials; the TLS material travels with the shared agent.
 */
async function fixedAuthentication(kc: K8s.KubeConfig, baseServer: K8s.ServerConfiguration<Record<string, string>>): Promise<K8s.SecurityAuthentication> {
  const probe = baseServer.makeRequestContext('/', 'GET' as K8s.HttpMethod);
  await kc.applySecurityAuthentication(probe);
  const headers = Object.entries(probe.getHeaders());
  return {
    getName: () => 'kubeconfig',
    applySecurityAuthentication(context) {
      for (const [name, value] of headers) context.setHeaderParam(name, value);
    },
  };
}

const PATCH_STRATEGIES: Record<PatchType, K8s.PatchStrategy> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

/** client-node parses answers by their content type; an empty success still has to parse. */
function toResponseContext(k8s: K8sModule, res: HttpResponse): K8s.ResponseContext {
  const ok = res.status >= 200 && res.status <= 299;
  const headers = ok && !res.headers['content-type'] ? { ...res.headers, 'content-type': 'application/json' } : res.headers;
  const text = ok && res.body.trim() === '' ? '{}' : res.body;
  return new k8s.ResponseContext(res.status, headers, { text: async () => text, binary: async () => Buffer.from(text) });
}
