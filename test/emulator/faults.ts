/**
 * Scheduled failures for the emulated API server: error statuses (with Retry-After), added
 * latency and dropped connections (before or after the request is handled), each for a number of
 * matching requests, optionally from the Nth one on, or each with a given chance.
 */
import type { FaultAction, FaultInjector, FaultRule } from './contracts.js';

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  /** Matching requests still to let through. */
  skip: number;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
}

export interface EmulatorFaultInjector extends FaultInjector {
  /** Rules that still have requests left to affect. */
  pending(): FaultRule[];
}

export function createFaultInjector(): EmulatorFaultInjector {
  let rules: ActiveRule[] = [];
  return {
    add(rule) {
      rules.push({ rule, remaining: rule.times ?? 1, skip: rule.skip ?? 0 });
    },
    clear() {
      rules = [];
    },
    take(method, path): FaultAction | undefined {
      // The first rule added wins, so a test can queue "429 then 500" in order.
      for (const active of rules) {
        if (active.remaining <= 0 || !matches(active.rule, method, path)) continue;
        if (active.skip > 0) {
          active.skip--;
          continue;
        }
        const { probability, random = Math.random } = active.rule;
        if (probability !== undefined && random() >= probability) continue;
        active.remaining--;
        rules = rules.filter((r) => r.remaining > 0);
        return active.rule.action;
      }
      return undefined;
    },
    pending: () => rules.map((r) => r.rule),
  };
}
