/**
 * Scheduled failures for the emulated API server: error statuses (with Retry-After), added
 * latency and dropped connections, each for a number of matching requests.
 */
import type { FaultAction, FaultInjector, FaultRule } from './contracts.js';

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
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
      rules.push({ rule, remaining: rule.times ?? 1 });
    },
    clear() {
      rules = [];
    },
    take(method, path): FaultAction | undefined {
      // The first rule added wins, so a test can queue "429 then 500" in order.
      const active = rules.find((r) => r.remaining > 0 && matches(r.rule, method, path));
      if (!active) return undefined;
      active.remaining--;
      rules = rules.filter((r) => r.remaining > 0);
      return active.rule.action;
    },
    pending: () => rules.map((r) => r.rule),
  };
}
