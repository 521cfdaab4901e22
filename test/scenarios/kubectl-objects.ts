/**
 * Writing and reading whole objects through the real kubectl, for scenario set-up that a user
 * would do by hand (a probe ServiceAccount's token Secret, say).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlIn, type ScenarioEnv } from './env.js';

/** `kubectl apply -f` of one object. */
export async function kubectlApply(env: ScenarioEnv, context: string, object: object): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-apply-'));
  try {
    const file = join(dir, 'object.json');
    writeFileSync(file, JSON.stringify(object));
    await kubectlIn(env, ['--context', context, 'apply', '-f', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits (bounded) until a Secret holds every key in `keys`, and returns them decoded. */
export async function waitForSecretKeys(env: ScenarioEnv, context: string, namespace: string, name: string, keys: string[], timeoutMs = 60_000): Promise<Record<string, string>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const raw = await kubectlIn(env, ['--context', context, 'get', 'secret', name, '-n', namespace, '-o', 'json', '--ignore-not-found']);
    const data = raw.trim() ? ((JSON.parse(raw) as { data?: Record<string, string> }).data ?? {}) : {};
    if (keys.every((k) => data[k])) return Object.fromEntries(keys.map((k) => [k, Buffer.from(data[k], 'base64').toString('utf8')]));
    if (Date.now() > until) throw new Error(`secret ${namespace}/${name} on ${context} did not get ${keys.join(', ')} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
