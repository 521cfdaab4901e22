/**
 * JSON Patch (RFC 6902) over JSON Pointers (RFC 6901): add, remove, replace, move, copy, test.
 */
type Json = unknown;

export class JsonPatchError extends Error {}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: Json): value is Record<string, Json> | Json[] {
  return typeof value === 'object' && value !== null;
}

function resolveParent(doc: Json, tokens: string[], pointer: string): { parent: Record<string, Json> | Json[]; last: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (!isContainer(current)) throw new JsonPatchError(`doc is missing path: "${pointer}"`);
    current = Array.isArray(current) ? current[Number(token)] : current[token];
  }
  if (!isContainer(current)) throw new JsonPatchError(`doc is missing path: "${pointer}"`);
  return { parent: current, last: tokens[tokens.length - 1] };
}

function arrayIndex(list: Json[], token: string, pointer: string, allowEnd: boolean): number {
  if (token === '-' && allowEnd) return list.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`invalid array index "${token}" in "${pointer}"`);
  const index = Number(token);
  if (index > list.length || (!allowEnd && index === list.length)) throw new JsonPatchError(`index out of bounds in "${pointer}"`);
  return index;
}

function getAt(doc: Json, pointer: string): Json {
  let current = doc;
  for (const token of parsePointer(pointer)) {
    if (!isContainer(current)) throw new JsonPatchError(`doc is missing path: "${pointer}"`);
    if (Array.isArray(current)) current = current[arrayIndex(current, token, pointer, false)];
    else if (Object.prototype.hasOwnProperty.call(current, token)) current = current[token];
    else throw new JsonPatchError(`doc is missing path: "${pointer}"`);
  }
  return current;
}

function addAt(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
  else parent[last] = value;
  return doc;
}

function removeAt(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const { parent, last } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, pointer, false), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
  else throw new JsonPatchError(`unable to remove nonexistent key: ${last}: missing value`);
  return doc;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, Json>)[k], (b as Record<string, Json>)[k]));
}

function applyOperation(doc: Json, op: Operation): Json {
  const copy = (v: Json) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  switch (op.op) {
    case 'add':
      return addAt(doc, op.path, copy(op.value));
    case 'remove':
      return removeAt(doc, op.path);
    case 'replace':
      getAt(doc, op.path);
      return addAt(removeAtForReplace(doc, op.path), op.path, copy(op.value));
    case 'move': {
      const value = getAt(doc, op.from ?? '');
      return addAt(removeAt(doc, op.from ?? ''), op.path, value);
    }
    case 'copy':
      return addAt(doc, op.path, copy(getAt(doc, op.from ?? '')));
    case 'test':
      if (!deepEqual(getAt(doc, op.path), op.value)) throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
      return doc;
    default:
      throw new JsonPatchError(`Unexpected kind: ${op.op}`);
  }
}

/** Replace keeps an array element's position: remove then insert at the same index. */
function removeAtForReplace(doc: Json, pointer: string): Json {
  return parsePointer(pointer).length === 0 ? doc : removeAt(doc, pointer);
}

export function applyJsonPatch(document: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch must be an array of operations');
  let doc = JSON.parse(JSON.stringify(document)) as Json;
  for (const op of operations as Operation[]) {
    if (typeof op !== 'object' || op === null || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new JsonPatchError('each JSON patch operation needs "op" and "path"');
    }
    doc = applyOperation(doc, op);
  }
  return doc;
}
