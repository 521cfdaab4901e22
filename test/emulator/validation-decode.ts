/**
 * Problems a real server finds while decoding the body into its Go type, before validation:
 * they come back as 400 BadRequest, not 422 (bad base64 in Secret data, malformed quantities).
 */
import type { ResourceType, StoredObject } from './contracts.js';
import { badRequest } from './status.js';

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)$/;

/** The byte offset where Go's strict StdEncoding decoder gives up, or -1 when the text decodes. */
export function base64ErrorOffset(text: string): number {
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const pad = text.indexOf('=');
  if (pad >= 0 && (!/^={1,2}$/.test(text.slice(pad)) || text.length % 4 !== 0)) return pad;
  if (text.length % 4 !== 0) return text.length - (text.length % 4);
  return -1;
}

/** Whether a string parses as a resource.Quantity. */
export function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  const m = QUANTITY.exec(value.trim());
  return m !== null && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1]) && QUANTITY_SUFFIX.test(m[2]);
}

/** A quantity in bytes (or units), for "greater than zero" checks. */
export function quantityValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const m = QUANTITY.exec(String(value).trim());
  if (!m) return NaN;
  const factors: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  const factor = factors[m[2]] ?? (/^[eE]/.test(m[2]) ? 10 ** Number(m[2].slice(1)) : NaN);
  return Number(m[1]) * factor;
}

function cannotHandle(type: ResourceType, detail: string): Error {
  return badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${detail}`);
}

function checkByteMap(type: ResourceType, map: unknown): void {
  if (map === undefined || map === null) return;
  for (const value of Object.values(map as Record<string, unknown>)) {
    if (typeof value !== 'string') throw cannotHandle(type, 'json: cannot unmarshal non-string into Go value of type []uint8');
    const offset = base64ErrorOffset(value);
    if (offset >= 0) throw cannotHandle(type, `illegal base64 data at input byte ${offset}`);
  }
}

function checkQuantities(type: ResourceType, map: unknown): void {
  for (const value of Object.values((map ?? {}) as Record<string, unknown>)) {
    if (!isQuantity(value)) {
      throw cannotHandle(type, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
  }
}

export function checkDecodable(type: ResourceType, obj: StoredObject): void {
  const o = obj as Record<string, any>;
  if (type.group === '' && type.resource === 'secrets') checkByteMap(type, o.data);
  if (type.group === '' && type.resource === 'configmaps') checkByteMap(type, o.binaryData);
  if (type.group === '' && type.resource === 'persistentvolumeclaims') {
    checkQuantities(type, o.spec?.resources?.requests);
    checkQuantities(type, o.spec?.resources?.limits);
  }
  const podSpec = type.resource === 'pods' ? o.spec : o.spec?.template?.spec;
  for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
    checkQuantities(type, c?.resources?.requests);
    checkQuantities(type, c?.resources?.limits);
  }
}
