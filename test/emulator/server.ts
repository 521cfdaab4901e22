/**
 * The emulated kube-apiserver: HTTPS with client-certificate, token and basic authentication,
 * authorization, discovery, generic REST over the store, dryRun, fault injection and a log of
 * every request.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ApiServer, ApiServerOptions, FaultAction, Identity, RequestLogEntry } from './contracts.js';
import { discoveryDocument, EMULATED_VERSION } from './discovery.js';
import { openApiDocument } from './openapi.js';
import { readBody, sendJson, sendText, warningHeaders, type HandlerContext, type HandlerResult } from './http-io.js';
import { handleDelete, handleDeleteCollection } from './server-delete.js';
import { handleGet, handleList, startWatch } from './server-read.js';
import { attributesFor, routeRequest, type ResourceRoute, type Route } from './server-route.js';
import { handleCreate, handlePatch, handleUpdate } from './server-write.js';
import { forbiddenMessage, parseDryRun } from './server-policy.js';
import { reasonForCode, renderStatus, StatusError, toStatusError, unauthorized } from './status.js';
import { alwaysAllowReviewer, decisionOnlyReviewer, type AccessReviewer } from './access-review.js';
import { isReviewType } from './registry.js';
import { handleReview } from './server-review.js';

export interface ServerExtras {
  /** Node ports Services may get; the real default is 30000–32767. */
  nodePortRange?: { min: number; max: number };
  /** First two octets of Service cluster IPs; default `10.96`. */
  serviceCidrPrefix?: string;
  /** Answers SelfSubjectAccessReview and SelfSubjectRulesReview; default: from `authorize`, or AlwaysAllow without it. */
  reviewer?: AccessReviewer;
}

export type CreateApiServerOptions = ApiServerOptions & ServerExtras;

/** A log entry; `warnings` is set when the answer carried Warning headers. */
export type LoggedRequest = RequestLogEntry & { warnings?: string[] };

function presentedCredentials(req: IncomingMessage): boolean {
  if (req.headers.authorization) return true;
  const socket = req.socket as TLSSocket;
  const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  return Boolean(peer && Object.keys(peer).length > 0);
}

const ANONYMOUS: Identity = { user: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths the real server lets anyone read (system:public-info-viewer). */
function isPublicRoute(route: Route | undefined): boolean {
  return route?.kind === 'health' || route?.kind === 'version';
}

function queryRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) out[key] = value;
  return out;
}

function defaultFaultMessage(status: number): string {
  if (status === 429) return 'Too many requests, please try again later.';
  if (status === 503) return 'The server is currently unable to handle the request';
  if (status >= 500) return 'Internal error occurred: injected fault';
  return `injected fault (${status})`;
}

function faultStatus(action: Extract<FaultAction, { type: 'status' }>): StatusError {
  const details = action.retryAfterSeconds === undefined ? undefined : { retryAfterSeconds: action.retryAfterSeconds };
  return new StatusError(action.status, reasonForCode(action.status), action.message ?? defaultFaultMessage(action.status), details);
}

async function dispatch(ctx: HandlerContext, method: string): Promise<HandlerResult> {
  const named = ctx.route.name !== undefined;
  switch (method) {
    case 'GET':
      return named ? handleGet(ctx) : handleList(ctx);
    case 'POST':
      return handleCreate(ctx);
    case 'PUT':
      return handleUpdate(ctx);
    case 'PATCH':
      return handlePatch(ctx);
    case 'DELETE':
      return named ? handleDelete(ctx) : handleDeleteCollection(ctx);
    default:
      throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
}

export async function createApiServer(options: CreateApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  let serverAddress = `${host}:${options.port ?? 0}`;
  const sockets = new Set<Socket>();
  const reviewer = options.reviewer ?? (options.authorize ? decisionOnlyReviewer(options.authorize) : alwaysAllowReviewer);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://emulator');
    const rawBody = await readBody(req);
    const body = rawBody.toString('utf8');
    const query = url.searchParams;
    const entry: RequestLogEntry = {
      time: Date.now(),
      method,
      path: url.pathname,
      query: queryRecord(query),
      status: 0,
      dryRun: false,
      // Counted as a write whatever the answer: the request reached the server.
      mutating: ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method),
    };
    try {
      // Known before anything else, so even a refused dry run is not logged as a write.
      entry.dryRun = parseDryRun(method, query, body);
      if (entry.dryRun) entry.mutating = false;
    } catch {
      // An invalid dryRun value is reported once the request is routed.
    }
    const log = (status: number) => {
      entry.status = status;
      options.requestLog?.push(entry);
    };
    const fail = (err: unknown, headers: Record<string, string> = {}) => {
      const status = toStatusError(err);
      log(status.code);
      sendJson(res, status.code, renderStatus(status), headers);
    };

    const fault = options.faults?.take(method, url.pathname);
    if (fault?.type === 'drop') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
      fail(faultStatus(fault), headers);
      return;
    }
    if (fault?.type === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.type === 'drop-after-commit') {
      // Everything below runs as usual (a write is stored); only the answer never leaves.
      const socket = req.socket;
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.end = (() => {
        socket.destroy();
        return res;
      }) as unknown as typeof res.end;
    }

    let route: Route | undefined;
    let routeError: unknown;
    try {
      route = routeRequest(options.store, method, url.pathname);
    } catch (err) {
      routeError = err;
    }
    const authenticated = options.authenticate(req);
    if (authenticated) entry.user = authenticated.user;
    // Anonymous access to the public paths is for callers that present no credentials at all: a
    // wrong token, password or client certificate is a 401 everywhere, as in kube-apiserver.
    if (!authenticated && (!isPublicRoute(route) || presentedCredentials(req))) return fail(unauthorized());
    const identity = authenticated ?? ANONYMOUS;

    try {
      const dryRun = route?.kind === 'resource' ? parseDryRun(method, query, body) : false;
      if (!route) throw routeError;
      const watch = route.kind === 'resource' && ['true', '1'].includes(query.get('watch') ?? '');
      const attrs = attributesFor(method, url.pathname, route, watch);
      if (authenticated && options.authorize && !options.authorize(identity, attrs)) {
        throw new StatusError(403, 'Forbidden', forbiddenMessage(identity, attrs, route), forbiddenDetails(route));
      }
      if (route.kind === 'health') return (log(200), sendText(res, 200, 'ok'));
      if (route.kind === 'version') return (log(200), sendJson(res, 200, EMULATED_VERSION));
      if (route.kind === 'openapi') {
        const doc = openApiDocument(options.store.types, url.pathname);
        return (log(200), sendJson(res, 200, doc));
      }
      if (route.kind === 'discovery') {
        if (method !== 'GET') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
        const doc = discoveryDocument(options.store.types, route.doc, serverAddress);
        return (log(200), sendJson(res, 200, doc));
      }
      const ctx: HandlerContext = {
        store: options.store,
        identity,
        route,
        attrs,
        query,
        headers: req.headers,
        body,
        rawBody,
        dryRun,
        admit: options.admit,
        authorize: options.authorize,
        nodePortRange: options.nodePortRange ?? { min: 30000, max: 32767 },
        serviceCidrPrefix: options.serviceCidrPrefix ?? '10.96',
        warnings: [],
      };
      if (watch && method === 'GET' && !isReviewType(route.type)) return (log(200), startWatch(ctx, req, res));
      const result = isReviewType(route.type) ? handleReview(ctx, method, reviewer) : await dispatch(ctx, method);
      if (ctx.warnings.length > 0) (entry as LoggedRequest).warnings = [...ctx.warnings];
      log(result.status);
      sendJson(res, result.status, result.body, warningHeaders(ctx.warnings));
    } catch (err) {
      fail(err);
    }
  }

  function forbiddenDetails(route: Route): Record<string, string> {
    if (route.kind !== 'resource') return {};
    const r = route as ResourceRoute;
    return r.type.group ? { name: r.name ?? '', group: r.type.group, kind: r.type.resource } : { name: r.name ?? '', kind: r.type.resource };
  }

  const server: Server = createServer(
    {
      key: options.tls.keyPem,
      cert: options.tls.certPem,
      ...(options.tls.clientCaPem ? { ca: options.tls.clientCaPem } : {}),
      requestCert: true,
      // Unverified peers still reach the handler, which then tries tokens and basic auth.
      rejectUnauthorized: false,
    },
    (req, res) => {
      handle(req, res).catch((err) => {
        if (!res.headersSent) sendJson(res, 500, renderStatus(toStatusError(err)));
        else res.destroy();
      });
    },
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `${host}:${port}`;

  return {
    url: `https://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
