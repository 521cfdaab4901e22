import type { ClientFactory, ClientOptions } from './types.js';

/**
 * Defers loading @kubernetes/client-node (~350 ms) until a command talks to a cluster.
 * `defaults` (the clock, sleep and jitter source for retries, from main.ts or a test) apply to
 * every client; options given per context win.
 */
export function createLazyClientFactory(defaults: ClientOptions = {}): ClientFactory {
  return {
    async forContext(context, options) {
      const { createClusterClient } = await import('./client.js');
      return createClusterClient(context, { ...defaults, ...options });
    },
  };
}
