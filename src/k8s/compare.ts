/**
 * Drift detection for the applier: is what we want already on the server, and if not, the
 * smallest JSON merge patch that puts it there. "What we want" is only the fields we set; the
 * server adds defaults and status, and users or controllers may add labels, annotations, list
 * entries — none of that is drift.
 */

type Json = unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether every field set in `desired` has the same value in `live`.
 * - objects: each key of `desired` must match in `live`; other keys of `live` are ignored;
 * - lists of scalars (args, finalizers, verbs…) must be equal as a whole, order included;
 * - lists of objects (containers, volumes, ports, rules…) are compared by position with this same
 *   rule and must have as many entries as we set: a container or volume a previous run added and
 *   this run no longer wants is drift (sidecars are injected into Pods, not into our templates);
 * - `null` and `undefined` in `desired` express no opinion; an empty object or list in `desired`
 *   also matches a missing field (the server omits empty values).
 */
export function isSubset(desired: Json, live: Json): boolean {
  if (desired === null || desired === undefined) return true;
  if (Array.isArray(desired)) {
    const liveList = live === undefined || live === null ? [] : live;
    if (!Array.isArray(liveList)) return false;
    if (desired.every((d) => !isPlainObject(d))) {
      return desired.length === liveList.length && desired.every((d, i) => d === liveList[i]);
    }
    return desired.length === liveList.length && desired.every((d, i) => isSubset(d, liveList[i]));
  }
  if (isPlainObject(desired)) {
    const keys = Object.keys(desired).filter((k) => desired[k] !== undefined && desired[k] !== null);
    if (keys.length === 0) return live === undefined || live === null || isPlainObject(live);
    if (!isPlainObject(live)) return false;
    return keys.every((k) => isSubset(desired[k], live[k]));
  }
  return desired === live;
}

/**
 * A JSON merge patch (RFC 7386) that makes `live` hold every field of `desired`. Objects are
 * descended into so we only send what differs; a list that differs is sent whole (merge patch
 * cannot address list entries); fields we did not set are never sent, so immutable ones the
 * server filled in (a Service's clusterIP, a Job's selector) are left alone.
 * Returns undefined when nothing differs.
 */
export function mergePatchFor(desired: Json, live: Json): Record<string, unknown> | undefined {
  if (!isPlainObject(desired)) return undefined;
  const liveObj = isPlainObject(live) ? live : {};
  const patch: Record<string, unknown> = {};
  for (const [key, want] of Object.entries(desired)) {
    if (want === undefined || want === null || isSubset(want, liveObj[key])) continue;
    if (isPlainObject(want) && isPlainObject(liveObj[key])) {
      const inner = mergePatchFor(want, liveObj[key]);
      if (inner) patch[key] = inner;
    } else {
      patch[key] = want;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** The value at `path` in `obj`, or undefined. */
function valueAt(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * Adds to `patch` a `null` (merge-patch deletion) for each path that must be absent but is set on
 * the live object: fields a previous run wrote for an option this run no longer has (a node
 * selector, the CoreDNS annotations, a service account name).
 */
export function withAbsentFields(patch: Record<string, unknown> | undefined, live: unknown, absent: readonly (readonly string[])[]): Record<string, unknown> | undefined {
  let out = patch;
  for (const path of absent) {
    const value = valueAt(live, path);
    if (value === undefined || value === null) continue;
    out = out ?? {};
    let cursor = out;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(cursor[key])) cursor[key] = {};
      cursor = cursor[key] as Record<string, unknown>;
    }
    cursor[path[path.length - 1]] = null;
  }
  return out;
}

/** Secret `stringData` as the server stores it: base64 under `data`. */
function secretData(obj: Record<string, unknown>): Record<string, string> | undefined {
  const data = isPlainObject(obj.data) ? (obj.data as Record<string, string>) : undefined;
  const stringData = isPlainObject(obj.stringData) ? (obj.stringData as Record<string, string>) : undefined;
  if (!data && !stringData) return undefined;
  const out: Record<string, string> = { ...data };
  for (const [k, v] of Object.entries(stringData ?? {})) out[k] = Buffer.from(String(v), 'utf8').toString('base64');
  return out;
}

/**
 * The comparison and patch for one object. A Secret's data belongs to us as a whole: a key we
 * did not set is drift too, and the patch removes it (a merge patch deletes with null).
 */
export function diffObject(desired: Record<string, unknown>, live: Record<string, unknown>): Record<string, unknown> | undefined {
  if (desired.kind !== 'Secret' || desired.apiVersion !== 'v1') return mergePatchFor(desired, live);
  const want = secretData(desired);
  const rest = { ...desired };
  delete rest.data;
  delete rest.stringData;
  const patch = mergePatchFor(rest, live) ?? {};
  if (want) {
    const have = isPlainObject(live.data) ? (live.data as Record<string, unknown>) : {};
    const same = Object.keys(have).length === Object.keys(want).length && Object.entries(want).every(([k, v]) => have[k] === v);
    if (!same) {
      const data: Record<string, string | null> = { ...want };
      for (const k of Object.keys(have)) if (!(k in want)) data[k] = null;
      patch.data = data;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
