import type { ResolvedContext } from '../kubeconfig/model.js';
import type { ClientOptions, ClusterClient } from './types.js';

// Placeholder: replaced by the client-node backed implementation.
export async function createClusterClient(_ctx: ResolvedContext, _options?: ClientOptions): Promise<ClusterClient> {
  throw new Error('not implemented');
}
