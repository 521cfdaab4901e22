/**
 * Random fault schedules aimed at the requests a command really sends: the targets come from the
 * request log of a fault-free reference run, so every rule can fire.
 */
import type { FaultAction, FaultRule, RequestLogEntry } from '../../emulator/contracts.js';
import type { Emulator } from '../../emulator/index.js';
import type { Prng } from './prng.js';

export interface FaultTarget {
  cluster: string;
  method: string;
  path: string;
}

export interface PlannedFault {
  cluster: string;
  rule: FaultRule;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH']);

/** The distinct (method, path) pairs a cluster answered, in first-seen order. */
export function targetsFrom(cluster: string, requests: readonly RequestLogEntry[]): FaultTarget[] {
  const seen = new Map<string, FaultTarget>();
  for (const r of requests) seen.set(`${r.method} ${r.path}`, seen.get(`${r.method} ${r.path}`) ?? { cluster, method: r.method, path: r.path });
  return [...seen.values()];
}

function escape(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function randomAction(prng: Prng): FaultAction {
  const kind = prng.weighted([
    ['429', 2],
    ['500', 1],
    ['503', 1],
    ['drop', 1],
    ['latency', 2],
  ] as const);
  switch (kind) {
    case '429':
      return { type: 'status', status: 429, retryAfterSeconds: prng.int(1, 2) };
    case '500':
    case '503':
      return { type: 'status', status: Number(kind) };
    case 'drop':
      return { type: 'drop' };
    default:
      return { type: 'latency', ms: prng.int(20, 200) };
  }
}

/**
 * One to four transient rules (each for one to three matching requests); with `persistent`, also
 * a 500 on every attempt of one mutating request, so the run has to fail.
 */
export function planFaults(prng: Prng, targets: readonly FaultTarget[], opts: { persistent: boolean }): PlannedFault[] {
  const planned: PlannedFault[] = [];
  const count = prng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const target = prng.pick(targets);
    planned.push({ cluster: target.cluster, rule: { method: target.method, path: new RegExp(`^${escape(target.path)}$`), times: prng.int(1, 3), action: randomAction(prng) } });
  }
  if (opts.persistent) {
    const target = prng.pick(targets.filter((t) => MUTATING.has(t.method)));
    // First, because the first matching rule wins: a transient rule on the same request must not shadow it.
    planned.unshift({ cluster: target.cluster, rule: { method: target.method, path: new RegExp(`^${escape(target.path)}$`), times: Infinity, action: { type: 'status', status: 500 } } });
  }
  return planned;
}

export function applyFaults(emu: Emulator, faults: readonly PlannedFault[]): void {
  for (const f of faults) emu.cluster(f.cluster).faults.add(f.rule);
}

export function clearFaults(emu: Emulator): void {
  for (const c of emu.clusters) c.faults.clear();
}

/** One line per rule, for assertion messages: `gondor POST /api/v1/namespaces ×2 → 429 (Retry-After 1)`. */
export function describeFaults(faults: readonly PlannedFault[]): string {
  return faults
    .map(({ cluster, rule }) => {
      const a = rule.action;
      const what = a.type === 'status' ? `${a.status}${a.retryAfterSeconds ? ` (Retry-After ${a.retryAfterSeconds})` : ''}` : a.type === 'latency' ? `+${a.ms}ms` : 'drop';
      const path = rule.path instanceof RegExp ? rule.path.source.slice(1, -1).replace(/\\/g, '') : rule.path;
      return `${cluster} ${rule.method} ${path} ×${rule.times} → ${what}`;
    })
    .join('\n');
}
