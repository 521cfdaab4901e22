/**
 * What exists of the federation: anything on the host carrying its annotation, or kubeconfig
 * entries init wrote for it (removing those is real work). When nothing does, destroy has nothing
 * to do — a repeated destroy is not an error (it is idempotent) — unless the namespace holds
 * another federation: then the name is most likely mistyped, and saying "destroyed" would hide
 * that the real federation keeps running. Pure, over what the reads found.
 */
import { FEDERATION_NAME_ANNOTATION } from '../constants.js';
import { CliError } from '../errors.js';
import { planKubeconfigRemoval } from './kubeconfig-removal.js';
import type { HostInventory } from './plan.js';
import type { DestroyTargets } from './resolve.js';

export function checkFederationExists(inventory: HostInventory, targets: DestroyTargets, federationName: string): { found: true } | { found: false; message: string } {
  const owner = (annotations: Record<string, string> | undefined): string | undefined => annotations?.[FEDERATION_NAME_ANNOTATION];
  const found = [...(inventory.namespace ? [inventory.namespace] : []), ...inventory.objects];
  if (found.some((o) => owner(o.metadata.annotations) === federationName)) return { found: true };
  if (planKubeconfigRemoval({ ...targets, federationName }).edit) return { found: true };
  const others = [...new Set(found.flatMap((o) => owner(o.metadata.annotations) ?? []))].sort();
  const holds = !inventory.namespace
    ? 'the namespace does not exist'
    : others.length === 0
      ? 'it holds no federation'
      : `it holds federation${others.length > 1 ? 's' : ''} ${others.map((n) => `"${n}"`).join(', ')}`;
  const message = `federation "${federationName}" not found: nothing in namespace ${targets.namespace} of context ${targets.host.name} belongs to it (${holds})`;
  if (others.length > 0) throw new CliError(message, { hint: 'Check the federation name: nothing was deleted.' });
  return { found: false, message: `${message}; nothing to destroy` };
}
