/**
 * Wraps a scenario world so that every kubefed run records the HTTP exchanges it made, for the
 * differential check. Requests from anything else in the process (a node agent's watches) carry
 * another User-Agent and are left out.
 */
import { serverOf } from './federation-queries.js';
import type { Invocation, Normalizer } from './differential.js';
import type { CliOutcome } from './env.js';
import { recordRequests } from './request-record.js';
import type { WorldScenarioEnv } from './world.js';

/** kubefed's own transport says `kubefed/<version>`; client-node's requests carry no User-Agent. */
export function isKubefedAgent(userAgent: string): boolean {
  return userAgent === '' || userAgent.startsWith('kubefed/');
}

export function recordingEnv<T extends WorldScenarioEnv>(env: T): { env: T; invocations: Invocation[] } {
  const invocations: Invocation[] = [];
  const kubefed = async (argv: string[]): Promise<CliOutcome> => {
    const recording = recordRequests(isKubefedAgent);
    try {
      return await env.kubefed(argv);
    } finally {
      invocations.push({ label: `kubefed ${argv.join(' ')}`, exchanges: await recording.take() });
      recording.stop();
    }
  };
  return { env: { ...env, kubefed }, invocations };
}

/** Names every cluster of the world by its context; anything else kubefed talked to is the federation. */
export async function contextNormalizer(env: WorldScenarioEnv): Promise<Normalizer> {
  const byOrigin = new Map<string, string>();
  for (const context of [env.hostContext, ...env.memberContexts]) {
    const url = new URL(await serverOf(env, context));
    byOrigin.set(`${url.protocol}//${url.hostname}:${url.port || '443'}`, context);
  }
  return { origin: (o) => byOrigin.get(o) ?? 'federation' };
}
