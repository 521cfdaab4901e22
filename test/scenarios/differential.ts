/**
 * The differential check: the same scenario run against two backends (the emulator and real
 * kube-apiservers) must have kubefed send the same requests and get the same answers — the
 * status code, the `Status` reason and the fields kubefed reads. Exchanges are reduced to a
 * backend-neutral line each: addresses become context names, server-chosen random names
 * become `*`, and a repeated poll counts with its last answer.
 */
import type { Exchange } from './request-record.js';

export interface Invocation {
  /** The step and the kubefed command line, for the report. */
  label: string;
  exchanges: Exchange[];
}

export interface Normalizer {
  /** scheme://host:port → a name that is the same on both backends (a context name). */
  origin(origin: string): string;
}

/** Query parameters whose values are part of what kubefed asks; others (timeouts, versions) are not. */
const KEPT_QUERY = new Set(['dryRun', 'labelSelector', 'fieldSelector', 'propagationPolicy', 'fieldManager', 'force']);

/** Random parts of names: generateName suffixes, ReplicaSet hashes, pod suffixes. */
function scrubName(name: string): string {
  return name
    .replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}$/, '-*')
    .replace(/-[bcdfghjklmnpqrstvwxz2456789]{8,10}-\*$/, '-*-*');
}

function scrubPath(pathAndQuery: string): string {
  const [path, query = ''] = pathAndQuery.split('?');
  const segments = path.split('/').map((s) => scrubName(decodeURIComponent(s)));
  const params = new URLSearchParams(query);
  const kept = [...params.entries()].filter(([k]) => KEPT_QUERY.has(k)).sort(([a], [b]) => a.localeCompare(b));
  return segments.join('/') + (kept.length ? `?${kept.map(([k, v]) => `${k}=${v}`).join('&')}` : '');
}

interface ListBody {
  kind?: string;
  items?: { metadata?: { name?: string; namespace?: string } }[];
}

function isDiscovery(path: string): boolean {
  return /^\/(api|apis)(\/[^/]+){0,2}$/.test(path.split('?')[0]) && !/\/namespaces$/.test(path);
}

/** What kubefed reads of an answer, as text. */
export function projectAnswer(path: string, status: number, body: unknown): string {
  if (status === 0) return `transport error ${String(body)}`;
  if (typeof body !== 'object' || body === null) return `${status} ${typeof body === 'string' ? body.trim() : ''}`;
  const obj = body as ListBody & { reason?: string; code?: number };
  if (obj.kind === 'Status') return `${status} Status ${obj.reason ?? ''}`.trim();
  if (isDiscovery(path)) return `${status} ${obj.kind ?? ''}`;
  if (Array.isArray(obj.items)) {
    const names = obj.items.map((i) => scrubName(`${i.metadata?.namespace ? `${i.metadata.namespace}/` : ''}${i.metadata?.name ?? ''}`)).sort();
    return `${status} ${obj.kind ?? ''} [${names.join(' ')}]`;
  }
  return `${status} ${obj.kind ?? ''}`;
}

/**
 * One line per request, sorted: the same set on both backends means no difference. A request
 * sent several times in one run (a poll) counts with its last answer, the state it waited for;
 * how many polls it took depends on timing, not on the server's behaviour.
 */
export function normalizeInvocation(inv: Invocation, norm: Normalizer): string[] {
  const last = new Map<string, string>();
  for (const ex of inv.exchanges) last.set(`${ex.method} ${norm.origin(ex.origin)}${scrubPath(ex.path)}`, projectAnswer(ex.path, ex.status, ex.body));
  return [...last].map(([request, answer]) => `${request} → ${answer}`).sort();
}

export interface Difference {
  label: string;
  onlyLeft: string[];
  onlyRight: string[];
}

/** Compares two runs invocation by invocation; a different number of invocations is a difference too. */
export function compareRuns(left: Invocation[], leftNorm: Normalizer, right: Invocation[], rightNorm: Normalizer): Difference[] {
  const out: Difference[] = [];
  const count = Math.max(left.length, right.length);
  for (let i = 0; i < count; i++) {
    const l = left[i] ? normalizeInvocation(left[i], leftNorm) : [];
    const r = right[i] ? normalizeInvocation(right[i], rightNorm) : [];
    const onlyLeft = l.filter((x) => !r.includes(x));
    const onlyRight = r.filter((x) => !l.includes(x));
    if (onlyLeft.length || onlyRight.length) out.push({ label: left[i]?.label ?? right[i]?.label ?? `#${i}`, onlyLeft, onlyRight });
  }
  return out;
}

/** A readable report of the differences, for a failing test's message. */
export function describeDifferences(diffs: Difference[], leftName: string, rightName: string): string {
  return diffs
    .map((d) => [`${d.label}:`, ...d.onlyLeft.map((x) => `  only ${leftName}: ${x}`), ...d.onlyRight.map((x) => `  only ${rightName}: ${x}`)].join('\n'))
    .join('\n');
}
