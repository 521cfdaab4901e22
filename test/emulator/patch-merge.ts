/**
 * JSON merge patch (RFC 7386) and the strategic merge patch of the Kubernetes types the tool
 * touches: lists with a merge key merge item by item, `$patch: delete|replace`, `$retainKeys`,
 * `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives as kubectl sends them.
 */
type Json = unknown;
type JsonObject = Record<string, unknown>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function mergePatch(original: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The merge key of a list field, decided by its name and what contains it (as the Go struct tags say). */
function mergeKeyFor(field: string, path: readonly string[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
    case 'volumeDevices':
      return field === 'volumeMounts' ? 'mountPath' : 'devicePath';
    case 'ports':
      return path.some((p) => p.endsWith('ontainers')) ? 'containerPort' : 'port';
    case 'ownerReferences':
      return 'uid';
    case 'conditions':
      return 'type';
    case 'hostAliases':
      return 'ip';
    default:
      return undefined;
  }
}

/** Lists of scalars that merge as sets instead of being replaced. */
const PRIMITIVE_SET_FIELDS = new Set(['finalizers']);

function mergeKeyedList(original: Json[], patch: Json[], key: string, path: readonly string[]): Json[] {
  const result = original.map((item) => clone(item));
  for (const item of patch) {
    if (!isObject(item)) {
      result.push(clone(item));
      continue;
    }
    const index = result.findIndex((o) => isObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (item.$patch === 'replace') {
      const { $patch: _p, ...rest } = item;
      if (index >= 0) result[index] = rest;
      else result.push(rest);
      continue;
    }
    if (index >= 0) result[index] = strategicMerge(result[index], item, path);
    else result.push(strategicMerge({}, item, path));
  }
  return result;
}

function mergeList(field: string, original: Json, patch: Json[], path: readonly string[]): Json[] {
  const replace = patch.find((item) => isObject(item) && item.$patch === 'replace' && Object.keys(item).length === 1);
  if (replace) return patch.filter((item) => item !== replace).map((item) => clone(item));
  const key = mergeKeyFor(field, path);
  const base = Array.isArray(original) ? original : [];
  if (key) return mergeKeyedList(base, patch, key, [...path, field]);
  if (PRIMITIVE_SET_FIELDS.has(field)) return [...base, ...patch.filter((v) => !base.includes(v))].map((v) => clone(v));
  return patch.map((item) => stripDirectives(item));
}

/** Removes directives from values that replace rather than merge. */
function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return clone(value);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (!k.startsWith('$')) out[k] = stripDirectives(v);
  }
  return out;
}

function applySetElementOrder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const identity = (v: Json) => (key && isObject(v) ? v[key] : v);
  const wanted = order.map((o) => identity(o));
  const ordered = wanted.flatMap((id) => list.filter((item) => identity(item) === id));
  const rest = list.filter((item) => !wanted.includes(identity(item)));
  return [...ordered, ...rest];
}

export function strategicMerge(original: Json, patch: Json, path: readonly string[] = []): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: JsonObject = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(key, result[key], value, path);
    else if (isObject(value)) {
      const merged = strategicMerge(result[key], value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    const deleteFrom = /^\$deleteFromPrimitiveList\/(.+)$/.exec(key);
    if (deleteFrom && Array.isArray(value) && Array.isArray(result[deleteFrom[1]])) {
      result[deleteFrom[1]] = (result[deleteFrom[1]] as Json[]).filter((v) => !value.includes(v));
    }
    const order = /^\$setElementOrder\/(.+)$/.exec(key);
    if (order && Array.isArray(value) && Array.isArray(result[order[1]])) {
      result[order[1]] = applySetElementOrder(result[order[1]] as Json[], value, mergeKeyFor(order[1], path));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}
