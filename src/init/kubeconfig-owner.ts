import { UsageError } from '../errors.js';
import { findReadOnlyKubeconfig } from '../kubeconfig/write.js';
import { readFederationRecord } from '../kubeconfig/federation-record.js';
import type { LoadedKubeconfig } from '../kubeconfig/model.js';

/**
 * Entries named after the federation that an earlier init of this same federation wrote are ours
 * to update; anything else of that name is the user's and is only replaced with --overwrite.
 * Checked before anything is sent, so a refusal leaves the cluster untouched.
 */
export function checkKubeconfigOwnership(
  loaded: LoadedKubeconfig,
  federationName: string,
  namespace: string,
  overwrite: boolean,
): { ours: boolean } {
  const record = readFederationRecord(loaded, federationName);
  const ours = record?.['federation-name'] === federationName && record?.['federation-system-namespace'] === namespace;
  const taken: string[] = [];
  if (loaded.clusters.has(federationName)) taken.push(`cluster "${federationName}"`);
  if (loaded.users.has(federationName)) taken.push(`user "${federationName}"`);
  if (loaded.contexts.has(federationName)) taken.push(`context "${federationName}"`);
  if (!ours && !overwrite && taken.length > 0) {
    const where = [...new Set([federationName].flatMap((n) => [loaded.clusters.get(n)?.origin, loaded.contexts.get(n)?.origin, loaded.users.get(n)?.origin]).filter(Boolean))];
    throw new UsageError(
      `kubeconfig already has ${taken.join(', ')} (in ${where.join(', ')}) that kubefed did not create for this federation; pass --overwrite to replace them, or choose another federation name`,
    );
  }
  return { ours };
}

/**
 * The files init's kubeconfig update may change (where the federation's entries are, else the
 * file new entries go to) must be writable: a read-only kubeconfig is refused before anything is
 * sent, as kubectl would refuse to write it, rather than after the control plane exists.
 */
export async function checkKubeconfigWritable(
  loaded: LoadedKubeconfig,
  options: { readonly federationName: string; readonly auth: { readonly basic: boolean }; readonly setCurrentContext: boolean },
): Promise<void> {
  const name = options.federationName;
  const users = options.auth.basic ? [name, `${name}-basic-auth`] : [name];
  const files = new Set([
    loaded.clusters.get(name)?.origin ?? loaded.writeTarget,
    loaded.contexts.get(name)?.origin ?? loaded.writeTarget,
    ...users.map((user) => loaded.users.get(user)?.origin ?? loaded.writeTarget),
    ...(options.setCurrentContext ? [loaded.writeTarget] : []),
  ]);
  const problem = await findReadOnlyKubeconfig(files);
  if (problem !== undefined) throw new UsageError(problem);
}
