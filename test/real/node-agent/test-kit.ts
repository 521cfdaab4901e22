/**
 * What the node agent's tests use to look at a real cluster: the real kubectl with the world's
 * kubeconfig, and polling until a condition holds (a real control plane converges on its own
 * time; there is no settle()).
 */
import { execFile } from 'node:child_process';
import type { StoredObject } from '../../emulator/contracts.js';

export interface Kubectl {
  run(args: string[], input?: string): Promise<string>;
  json<T = StoredObject>(args: string[]): Promise<T>;
  /** `kubectl get … -o json`, undefined when NotFound. */
  find(args: string[]): Promise<StoredObject | undefined>;
}

export function kubectlFor(kubeconfig: string): Kubectl {
  function run(args: string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }
  return {
    run,
    json: async <T>(args: string[]) => JSON.parse(await run([...args, '-o', 'json'])) as T,
    async find(args) {
      try {
        return JSON.parse(await run([...args, '-o', 'json'])) as StoredObject;
      } catch (error) {
        if (/NotFound|not found/.test((error as Error).message)) return undefined;
        throw error;
      }
    },
  };
}

/** Polls `check` until it returns something other than undefined/false; fails with `what` and the last error. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

interface PodStatus {
  phase?: string;
  podIP?: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[];
}

export function podStatus(pod: StoredObject): PodStatus {
  return (pod.status ?? {}) as PodStatus;
}

export function isReady(pod: StoredObject): boolean {
  const status = podStatus(pod);
  return status.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Pods of a namespace whose name starts with `<prefix>-`. */
export async function podsOf(kubectl: Kubectl, namespace: string, prefix: string): Promise<StoredObject[]> {
  const list = await kubectl.json<{ items: StoredObject[] }>(['get', 'pods', '-n', namespace]);
  return list.items.filter((p) => p.metadata.name.startsWith(`${prefix}-`));
}

/** Objects as one `v1 List` document for `kubectl apply -f -`. */
export function asList(objects: StoredObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
}
