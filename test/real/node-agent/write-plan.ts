/**
 * Turns a Store write of the emulator's controllers into the requests a real API server takes.
 * The emulator's controllers replace whole objects; a real server wants each part through its
 * own door: a Pod is placed on a node only through `pods/<name>/binding` (spec.nodeName cannot
 * be updated), status only through the `status` subresource, and the rest by a JSON merge patch
 * of what changed, so that a field another client changed meanwhile is not written back.
 */
import type { ResourceType, StoredObject } from '../../emulator/contracts.js';
import { hasStatusSubresource } from '../../emulator/registry.js';
import { pathFor } from './api-client.js';

export interface PlannedRequest {
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
}

const MERGE_PATCH = 'application/merge-patch+json';
/** Pod status fields the API server owns (qosClass is immutable once computed at create). */
const SERVER_OWNED_POD_STATUS = ['qosClass'];
/** Metadata the server keeps whatever a client sends. */
const SERVER_METADATA = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
    return [...keys].every((k) => same(a[k], b[k]));
  }
  return false;
}

/** RFC 7386 merge patch from `before` to `after`; undefined when nothing changed. */
export function mergePatch(before: unknown, after: unknown): unknown {
  if (!isObject(before) || !isObject(after)) return same(before, after) ? undefined : after;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (before[key] !== undefined && after[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const part = mergePatch(before[key], value);
    if (part !== undefined) patch[key] = part;
  }
  return Object.keys(patch).length ? patch : undefined;
}

function withoutServerMetadata(obj: StoredObject): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const key of SERVER_METADATA) delete metadata[key];
  return { ...obj, metadata };
}

function podStatusAsWritten(before: StoredObject, after: StoredObject): unknown {
  // The kubelet owns the fields it writes; whatever else the server keeps in status stays.
  const server = (before.status ?? {}) as Record<string, unknown>;
  const status: Record<string, unknown> = { ...server, ...((after.status ?? {}) as Record<string, unknown>) };
  for (const key of SERVER_OWNED_POD_STATUS) status[key] = server[key];
  return status;
}

function bindingTarget(type: ResourceType, before: StoredObject, after: StoredObject): string | undefined {
  if (type.group !== '' || type.kind !== 'Pod') return undefined;
  const was = (before.spec as { nodeName?: string } | undefined)?.nodeName;
  const now = (after.spec as { nodeName?: string } | undefined)?.nodeName;
  return !was && now ? now : undefined;
}

/** The requests that make the server's `before` into `after`; empty when they agree. */
export function planUpdate(type: ResourceType, before: StoredObject, after: StoredObject): PlannedRequest[] {
  const { namespace, name } = after.metadata;
  const node = bindingTarget(type, before, after);
  if (node) {
    // The binding also sets PodScheduled=True, which is all the scheduler's status write says.
    const body = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid: before.metadata.uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } };
    return [{ method: 'POST', path: pathFor(type, namespace, name, 'binding'), body }];
  }
  const requests: PlannedRequest[] = [];
  const statusApart = hasStatusSubresource(type);
  const strip = (obj: StoredObject) => {
    const rest = withoutServerMetadata(obj);
    if (statusApart) delete rest.status;
    return rest;
  };
  const main = mergePatch(strip(before), strip(after));
  if (main !== undefined) requests.push({ method: 'PATCH', path: pathFor(type, namespace, name), body: main, contentType: MERGE_PATCH });
  if (statusApart) {
    const wanted = type.kind === 'Pod' && type.group === '' ? podStatusAsWritten(before, after) : after.status;
    const status = mergePatch(before.status ?? {}, wanted ?? {});
    if (status !== undefined) requests.push({ method: 'PATCH', path: pathFor(type, namespace, name, 'status'), body: { status }, contentType: MERGE_PATCH });
  }
  return requests;
}

export function planCreate(type: ResourceType, obj: StoredObject): PlannedRequest {
  return { method: 'POST', path: pathFor(type, obj.metadata.namespace), body: withoutServerMetadata(obj) };
}

/** The emulator's delete removes at once; for a Pod that means no grace period. */
export function planDelete(type: ResourceType, current: StoredObject): PlannedRequest {
  const pod = type.group === '' && type.kind === 'Pod';
  const body = { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: current.metadata.uid }, ...(pod ? { gracePeriodSeconds: 0 } : {}) };
  return { method: 'DELETE', path: pathFor(type, current.metadata.namespace, current.metadata.name), body };
}
