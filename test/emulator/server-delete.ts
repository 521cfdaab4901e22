/**
 * DELETE of one object and of a collection, as kube-apiserver's generic registry does it.
 *
 * Namespaces: the server sets metadata.deletionTimestamp and status.phase Terminating through
 * store.update and answers with the namespace; the namespace controller sees the MODIFIED event,
 * removes the namespace's content and then calls store.delete.
 *
 * Other kinds: a Pod on a node is deleted gracefully (delete-graceful.ts), and the propagation
 * policy (or the kind's default) may add the garbage collector's `orphan` or
 * `foregroundDeletion` finalizer (delete-finalizers.ts). An object left with finalizers or a
 * grace period is only marked and answered with, whatever its kind; controllers and the kubelet
 * finish the job. An object deleted at once is answered with itself by the kinds whose storage
 * returns the deleted object, with a Status Success by the others.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { gracefulDeletion } from './delete-graceful.js';
import { deletionFinalizers, type PropagationOptions } from './delete-finalizers.js';
import { decodeOptionalJson, type HandlerContext, type HandlerResult } from './http-io.js';
import { apiVersionOf, type EmulatedResourceType } from './registry.js';
import { matchesFieldSelector, parseFieldSelector } from './selectors.js';
import { formatTimestamp, type EmulatorStore } from './store.js';
import { badRequest, conflict, notFound, renderDeleteSuccess } from './status.js';

const POLICIES = ['Orphan', 'Background', 'Foreground'];

interface DeleteOptions extends PropagationOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
}

export function parseDeleteOptions(ctx: HandlerContext): DeleteOptions {
  const body = decodeOptionalJson(ctx.body) as DeleteOptions;
  const policy = ctx.query.get('propagationPolicy') ?? body.propagationPolicy;
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const orphanDependents = ctx.query.has('orphanDependents') ? ctx.query.get('orphanDependents') === 'true' : body.orphanDependents;
  const grace = ctx.query.get('gracePeriodSeconds');
  const gracePeriodSeconds = grace !== null && grace !== '' ? Number(grace) : body.gracePeriodSeconds;
  return { propagationPolicy: policy, orphanDependents, gracePeriodSeconds, preconditions: body.preconditions };
}

function checkPreconditions(type: ResourceType, obj: StoredObject, pre: DeleteOptions['preconditions']): void {
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    throw conflict(type, obj.metadata.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(type, obj.metadata.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
}

function now(ctx: HandlerContext): Date {
  return (ctx.store as EmulatorStore).now?.() ?? new Date();
}

function markNamespace(ctx: HandlerContext, type: ResourceType, existing: StoredObject, status: number): HandlerResult {
  if (existing.metadata.deletionTimestamp && ((existing.spec as { finalizers?: string[] })?.finalizers ?? []).length > 0) {
    // A second delete of a terminating namespace is refused, word for word as the server does.
    throw conflict(type, existing.metadata.name, 'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
  }
  const marked: StoredObject = JSON.parse(JSON.stringify(existing));
  marked.metadata.deletionTimestamp ??= formatTimestamp(now(ctx));
  marked.status = { ...(marked.status as object), phase: 'Terminating' };
  if (ctx.dryRun || existing.metadata.deletionTimestamp) return { status, body: ctx.dryRun ? marked : existing };
  return { status, body: ctx.store.update(type, marked) };
}

/** Deletes (or marks) one object; returns what the server answers with. */
function deleteOne(ctx: HandlerContext, type: ResourceType, existing: StoredObject, options: DeleteOptions): HandlerResult {
  checkPreconditions(type, existing, options.preconditions);
  ctx.admit?.('delete', type, existing, ctx.dryRun);
  // 202 only for the deprecated orphanDependents=false, and only when the object stays a while.
  const deferred = options.orphanDependents === false ? 202 : 200;
  if (type.group === '' && type.resource === 'namespaces') return markNamespace(ctx, type, existing, deferred);
  const grace = gracefulDeletion(type, existing, options.gracePeriodSeconds, now(ctx));
  if (grace && 'pending' in grace) return { status: deferred, body: existing };
  const finalizers = deletionFinalizers(type, existing, options);
  const marked: StoredObject = JSON.parse(JSON.stringify(existing));
  marked.metadata.deletionTimestamp = grace?.until ?? existing.metadata.deletionTimestamp ?? formatTimestamp(now(ctx));
  marked.metadata.deletionGracePeriodSeconds = grace?.period ?? 0;
  if (finalizers.length > 0 || (grace?.period ?? 0) > 0) {
    if (finalizers.length > 0) marked.metadata.finalizers = finalizers;
    const unchanged = existing.metadata.deletionTimestamp && !grace && finalizers === existing.metadata.finalizers;
    if (ctx.dryRun || unchanged) return { status: deferred, body: ctx.dryRun ? marked : existing };
    return { status: deferred, body: ctx.store.update(type, marked) };
  }
  // A graceful kind is marked with a zero period first (watchers see it), then removed: the
  // deleted object carries the mark.
  if (grace && !ctx.dryRun) ctx.store.update(type, marked);
  const gone = ctx.dryRun ? (grace ? marked : existing) : ctx.store.delete(type, existing.metadata.namespace, existing.metadata.name);
  if (!gone) throw notFound(type, existing.metadata.name);
  if ((type as EmulatedResourceType).returnDeletedObject) return { status: 200, body: gone };
  return { status: 200, body: renderDeleteSuccess(type, gone.metadata.name, gone.metadata.uid) };
}

export function handleDelete(ctx: HandlerContext): HandlerResult {
  const { type, namespace, name } = ctx.route;
  const options = parseDeleteOptions(ctx);
  const existing = ctx.store.get(type, namespace, name ?? '');
  if (!existing) throw notFound(type, name ?? '');
  return deleteOne(ctx, type, existing, options);
}

export function handleDeleteCollection(ctx: HandlerContext): HandlerResult {
  const { type, namespace } = ctx.route;
  const options = parseDeleteOptions(ctx);
  const fields = parseFieldSelector(ctx.query.get('fieldSelector') ?? undefined);
  const items = ctx.store
    .list(type, namespace, ctx.query.get('labelSelector') ?? undefined)
    .filter((o) => matchesFieldSelector(o, fields));
  const removed = items.map((item) => {
    const { preconditions: _single, ...each } = options;
    const result = deleteOne(ctx, type, item, each);
    return result.body as StoredObject;
  });
  return { status: 200, body: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: {}, items: removed } };
}
