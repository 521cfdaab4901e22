import type { Deps } from '../deps.js';
import type { ClientOptions, ClusterClient } from '../k8s/types.js';
import type { ResolvedContext } from '../kubeconfig/model.js';

export type ClientFor = (ctx: ResolvedContext) => Promise<ClusterClient>;

/**
 * One client per context, shared by every part of a run that talks to it (the host may be a
 * member too), so each server is discovered once and its connections are reused.
 */
export function createClientPool(deps: Pick<Deps, 'clients'>, options: ClientOptions): ClientFor {
  const pool = new Map<string, Promise<ClusterClient>>();
  return (ctx) => {
    let client = pool.get(ctx.name);
    if (!client) {
      client = deps.clients.forContext(ctx, options);
      pool.set(ctx.name, client);
    }
    return client;
  };
}
