/**
 * GET of one object, lists (with label and field selectors, across namespaces too) and watches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredObject, WatchEvent } from './contracts.js';
import type { HandlerContext, HandlerResult } from './http-io.js';
import { apiVersionOf } from './registry.js';
import { matchesFieldSelector, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { EmulatorStore } from './store.js';
import { notFound } from './status.js';

export function handleGet(ctx: HandlerContext): HandlerResult {
  const { type, namespace, name } = ctx.route;
  const obj = ctx.store.get(type, namespace, name ?? '');
  if (!obj) throw notFound(type, name ?? '');
  return { status: 200, body: obj };
}

/** Builds the filter a list or watch applies: namespace, name, labelSelector, fieldSelector. */
function objectFilter(ctx: HandlerContext): (obj: StoredObject) => boolean {
  const { type, namespace, name } = ctx.route;
  const labels = parseLabelSelector(ctx.query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(ctx.query.get('fieldSelector') ?? undefined);
  const scoped = type.namespaced && type.resource !== 'namespaces' ? namespace : undefined;
  return (obj) =>
    (scoped === undefined || obj.metadata.namespace === scoped) &&
    (name === undefined || obj.metadata.name === name) &&
    matchesRequirements(obj.metadata.labels, labels) &&
    matchesFieldSelector(obj, fields);
}

export function handleList(ctx: HandlerContext): HandlerResult {
  const { type, namespace } = ctx.route;
  const filter = objectFilter(ctx);
  const scoped = type.namespaced ? namespace : undefined;
  // Items of a built-in list carry no apiVersion/kind of their own; the list has them.
  const items = ctx.store
    .list(type, scoped)
    .filter(filter)
    .map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return {
    status: 200,
    body: {
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: (ctx.store as EmulatorStore).currentResourceVersion?.() ?? '' },
      items,
    },
  };
}

/**
 * Streams watch events as newline-separated JSON. Without a resourceVersion (or with "0") the
 * current objects come first as ADDED, as on a real server; history before that is not kept.
 */
export function startWatch(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): void {
  const { type } = ctx.route;
  const filter = objectFilter(ctx);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  const send = (eventType: WatchEvent['type'], object: StoredObject) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type: eventType, object })}\n`);
  };
  const rv = ctx.query.get('resourceVersion');
  if (!rv || rv === '0') {
    for (const obj of ctx.store.list(type, type.namespaced ? ctx.route.namespace : undefined)) {
      if (filter(obj)) send('ADDED', obj);
    }
  }
  const unsubscribe = ctx.store.onChange((event) => {
    if (event.resource.group !== type.group || event.resource.resource !== type.resource) return;
    if (filter(event.object)) send(event.type, event.object);
  });
  const finish = () => {
    unsubscribe();
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timeoutSeconds = Number(ctx.query.get('timeoutSeconds') ?? '1800');
  const timer = setTimeout(finish, Math.max(1, timeoutSeconds) * 1000);
  timer.unref();
  req.on('close', finish);
  res.on('close', finish);
}
