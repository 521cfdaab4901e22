/**
 * POST, PUT and PATCH: decode, check the namespace, default, validate, run admission and the RBAC
 * escalation check, then store (or, with dryRun=All, only preview what would be stored).
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { decodeObjectBody, type HandlerContext, type HandlerResult } from './http-io.js';
import { applyPatch, parsePatchBody, patchKindOf } from './patch.js';
import { checkRbacEscalation } from './rbac-escalation.js';
import { apiVersionOf, hasStatusSubresource } from './registry.js';
import { formatTimestamp, type EmulatorStore } from './store.js';
import { managerName, recordManagedFields } from './managed-fields.js';
import { badRequest, forbidden, notFound, StatusError } from './status.js';
import { dropUnknownFields, fieldValidationOf } from './unknown-fields.js';
import { admitCreate, admitUpdate, initialStatus } from './validation.js';

function emulatorStore(ctx: HandlerContext): EmulatorStore {
  return ctx.store as EmulatorStore;
}

/** Records this write in metadata.managedFields, as every write on a real server does. */
function recordWrite(ctx: HandlerContext, obj: StoredObject, existing: StoredObject | undefined): void {
  const apply = String(ctx.headers['content-type'] ?? '').startsWith('application/apply-patch');
  recordManagedFields(obj, existing, {
    manager: managerName(ctx.query.get('fieldManager'), ctx.headers['user-agent']),
    operation: apply ? 'Apply' : 'Update',
    apiVersion: apiVersionOf(ctx.route.type),
    time: formatTimestamp(emulatorStore(ctx).now()),
    ...(ctx.route.subresource ? { subresource: ctx.route.subresource } : {}),
  });
}

/** Fills apiVersion/kind when absent; a different group version is refused as the server does. */
function checkTypeMeta(type: ResourceType, obj: StoredObject): void {
  const expected = apiVersionOf(type);
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expected;
  if (obj.kind === undefined || obj.kind === '') obj.kind = type.kind;
  if (obj.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.kind !== type.kind) throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${type.kind})`);
}

/** Server-side apply insists the configuration names the served group version. */
function checkApplyVersion(type: ResourceType, patch: unknown): void {
  const given = typeof patch === 'object' && patch !== null ? String((patch as { apiVersion?: unknown }).apiVersion ?? '') : '';
  if (given !== apiVersionOf(type)) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${given}, expected: ${apiVersionOf(type)}`);
  }
}

function checkNamespaceMatches(ctx: HandlerContext, obj: StoredObject): void {
  const { type, namespace } = ctx.route;
  if (!type.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  if (obj.metadata.namespace === undefined || obj.metadata.namespace === '') obj.metadata.namespace = namespace;
  if (obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

/** Creating into a missing or terminating namespace fails as namespace lifecycle admission says. */
function checkNamespaceOpen(ctx: HandlerContext, name: string): void {
  const { type, namespace } = ctx.route;
  if (!type.namespaced || namespace === undefined) return;
  const nsType = ctx.store.typeForResource('', 'v1', 'namespaces');
  if (!nsType) return;
  const ns = ctx.store.get(nsType, undefined, namespace);
  if (!ns) throw notFound(nsType, namespace);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(type, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

export async function handleCreate(ctx: HandlerContext, input?: StoredObject): Promise<HandlerResult> {
  const { type } = ctx.route;
  const obj = input ?? decodeObjectBody(ctx);
  checkTypeMeta(type, obj);
  ctx.warnings.push(...(await dropUnknownFields(type, obj, fieldValidationOf(ctx.query.get('fieldValidation')))));
  checkNamespaceMatches(ctx, obj);
  checkNamespaceOpen(ctx, obj.metadata.name ?? '');
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string' && obj.metadata.generateName !== '') {
    obj.metadata.name = emulatorStore(ctx).generateName(type, obj.metadata.namespace, obj.metadata.generateName);
  }
  if (hasStatusSubresource(type)) {
    const status = initialStatus(type, obj);
    if (status === undefined) delete obj.status;
    else obj.status = status;
  }
  ctx.warnings.push(...(await admitCreate(type, obj, ctx)));
  ctx.admit?.('create', type, obj, ctx.dryRun);
  if (ctx.authorize) checkRbacEscalation(ctx.store, ctx.authorize, ctx.identity, type, obj);
  recordWrite(ctx, obj, undefined);
  const stored = ctx.dryRun ? emulatorStore(ctx).previewCreate(type, obj) : ctx.store.create(type, obj);
  return { status: 201, body: stored };
}

/** The object the client sent, merged with what the addressed part of the resource may change. */
function mergeForUpdate(ctx: HandlerContext, existing: StoredObject, incoming: StoredObject): StoredObject {
  const { type, subresource } = ctx.route;
  if (subresource === 'status') {
    const merged: StoredObject = JSON.parse(JSON.stringify(existing));
    merged.status = incoming.status;
    if (incoming.metadata?.resourceVersion) merged.metadata.resourceVersion = incoming.metadata.resourceVersion;
    return merged;
  }
  if (hasStatusSubresource(type)) {
    if (existing.status === undefined) delete incoming.status;
    else incoming.status = existing.status;
  }
  return incoming;
}

async function storeUpdate(ctx: HandlerContext, existing: StoredObject, incoming: StoredObject): Promise<HandlerResult> {
  const { type, name } = ctx.route;
  if (incoming.metadata.name === undefined || incoming.metadata.name === '') incoming.metadata.name = name ?? '';
  if (incoming.metadata.name !== name) {
    throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
  }
  ctx.warnings.push(...(await dropUnknownFields(type, incoming, fieldValidationOf(ctx.query.get('fieldValidation')))));
  const obj = mergeForUpdate(ctx, existing, incoming);
  ctx.warnings.push(...(await admitUpdate(type, obj, existing, ctx)));
  ctx.admit?.('update', type, obj, ctx.dryRun);
  if (ctx.authorize) checkRbacEscalation(ctx.store, ctx.authorize, ctx.identity, type, obj);
  recordWrite(ctx, obj, existing);
  if (ctx.dryRun) return { status: 200, body: emulatorStore(ctx).previewUpdate(type, obj) };
  const stored = ctx.store.update(type, obj);
  // The last finalizer gone from an object being deleted: the deletion completes now.
  if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0 && type.resource !== 'namespaces') {
    ctx.store.delete(type, stored.metadata.namespace, stored.metadata.name);
  }
  return { status: 200, body: stored };
}

export async function handleUpdate(ctx: HandlerContext): Promise<HandlerResult> {
  const { type, namespace, name } = ctx.route;
  const incoming = decodeObjectBody(ctx);
  checkTypeMeta(type, incoming);
  checkNamespaceMatches(ctx, incoming);
  const existing = ctx.store.get(type, namespace, name ?? '');
  if (!existing) throw notFound(type, name ?? '');
  return storeUpdate(ctx, existing, incoming);
}

export async function handlePatch(ctx: HandlerContext): Promise<HandlerResult> {
  const { type, namespace, name } = ctx.route;
  const kind = patchKindOf(ctx.headers['content-type']);
  if (kind === 'apply' && !ctx.query.get('fieldManager')) {
    throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  }
  const patch = parsePatchBody(kind, ctx.body);
  if (kind === 'apply') checkApplyVersion(type, patch);
  const existing = ctx.store.get(type, namespace, name ?? '');
  if (!existing) {
    // Server-side apply creates what does not exist yet; the other patch types need an object.
    if (kind !== 'apply' || ctx.route.subresource) throw notFound(type, name ?? '');
    const obj = patch as StoredObject;
    if (typeof obj?.metadata !== 'object' || obj.metadata === null) throw badRequest('an applied configuration needs metadata');
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name ?? '';
    const created = await handleCreate(ctx, obj);
    return created;
  }
  if (kind === 'apply') checkTypeMeta(type, patch as StoredObject);
  const patched = applyPatch(kind, existing, patch);
  if (typeof patched !== 'object' || patched === null || typeof patched.metadata !== 'object') {
    throw badRequest('the patch produced something that is not an object');
  }
  checkTypeMeta(type, patched);
  checkNamespaceMatches(ctx, patched);
  return storeUpdate(ctx, existing, patched);
}
