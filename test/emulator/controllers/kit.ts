/**
 * What every emulated controller needs: the store, the clock, the work tracker, and a few
 * helpers that behave as their counterparts in Kubernetes do (label selectors, owner
 * references, Events, random name suffixes).
 */
import { randomBytes } from 'node:crypto';
import type { ResourceType, Store, StoredObject, WatchEvent } from '../contracts.js';
import type { WorkTracker } from './work-tracker.js';

export interface ControllerContext {
  readonly store: Store;
  readonly now: () => Date;
  readonly tracker: WorkTracker;
}

/** A stopper returned by every controller. */
export type Stop = () => void;

/** The resource type for a kind the cluster is expected to serve. */
export function typeOf(store: Store, apiVersion: string, kind: string): ResourceType {
  const type = store.typeFor(apiVersion, kind);
  if (!type) throw new Error(`the emulated cluster does not serve ${apiVersion} ${kind}`);
  return type;
}

/** Subscribes `handle` to changes of the given kinds; each call is tracked for `settle()`. */
export function watchKinds(ctx: ControllerContext, label: string, kinds: readonly string[], handle: (event: WatchEvent) => unknown): Stop {
  return ctx.store.onChange((event) => {
    if (!kinds.includes(event.resource.kind)) return;
    ctx.tracker.run(`${label} ${event.type} ${event.resource.kind} ${event.object.metadata.namespace ?? ''}/${event.object.metadata.name}`, () => handle(event));
  });
}

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function timestamp(now: () => Date): string {
  return now().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The random suffix apimachinery appends for generateName (no vowels, no look-alikes). */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length];
  return out;
}

export function ownerReferenceTo(owner: StoredObject): NonNullable<StoredObject['metadata']['ownerReferences']>[number] {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(obj: StoredObject, owner: StoredObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((ref) => ref.controller && ref.uid === owner.metadata.uid);
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector semantics; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) if (have[key] !== value) return false;
  for (const expr of selector?.matchExpressions ?? []) {
    const present = Object.hasOwn(have, expr.key);
    const inValues = present && (expr.values ?? []).includes(have[expr.key]);
    if (expr.operator === 'In' && !inValues) return false;
    if (expr.operator === 'NotIn' && inValues) return false;
    if (expr.operator === 'Exists' && !present) return false;
    if (expr.operator === 'DoesNotExist' && present) return false;
  }
  return true;
}

/** A Service's selector is a plain map; an empty one selects nothing (no endpoints are managed). */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return selectorMatches({ matchLabels: selector }, labels);
}

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host?: string;
}

/**
 * Records a core/v1 Event about `involved`, counting repeats of the same reason and message on
 * one Event as the event recorder does. Events are how the tool diagnoses a stuck rollout.
 */
export function recordEvent(ctx: ControllerContext, involved: StoredObject, spec: EventSpec): void {
  const eventType = ctx.store.typeFor('v1', 'Event');
  if (!eventType) return;
  const namespace = involved.metadata.namespace ?? 'default';
  const now = timestamp(ctx.now);
  const same = ctx.store.list(eventType, namespace).find((ev) => {
    const ref = ev.involvedObject as { uid?: string } | undefined;
    return ref?.uid === involved.metadata.uid && ev.reason === spec.reason && ev.message === spec.message;
  });
  if (same) {
    ctx.store.update(eventType, { ...same, count: Number(same.count ?? 1) + 1, lastTimestamp: now });
    return;
  }
  ctx.store.create(eventType, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
    },
    reason: spec.reason,
    message: spec.message,
    type: spec.type,
    source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? '',
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  });
}

/** Runs a store write that may race with a client's write; a vanished or changed object is not an error. */
export function ignoreGone<T>(write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 404 || code === 409) return undefined;
    throw error;
  }
}
