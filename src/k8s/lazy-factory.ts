import type { ClientFactory } from './types.js';

/** Defers loading @kubernetes/client-node (~350 ms) until a command talks to a cluster. */
export function createLazyClientFactory(): ClientFactory {
  return {
    async forContext(context, options) {
      const { createClusterClient } = await import('./client.js');
      return createClusterClient(context, options);
    },
  };
}
