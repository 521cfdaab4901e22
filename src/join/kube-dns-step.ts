/**
 * The last step of a member's join: merge this federation's entries into the member's
 * `kube-system/kube-dns` ConfigMap (created when missing), never replacing anyone else's.
 */
import { KUBE_DNS_CONFIGMAP, KUBE_DNS_NAMESPACE } from '../constants.js';
import { KUBE_DNS_REF, mergeKubeDns, type KubeDnsEntries } from '../dns/kube-dns.js';
import { isConflict } from '../k8s/api-error.js';
import type { Applier } from '../k8s/apply.js';
import type { ClusterClient, K8sObject } from '../k8s/types.js';

export interface KubeDnsStepResult {
  /** The progress line, e.g. `configmap "kube-system/kube-dns" updated: added federations entry "…"`. */
  line: string;
  warnings: string[];
  action: 'created' | 'configured' | 'kept';
  /** What was (or, in client dry run, would be) written; undefined when nothing changes. */
  object?: K8sObject;
}

/** How often the merge is made again from a fresh read when someone else edited kube-dns meanwhile. */
const CONFLICT_ATTEMPTS = 5;

export async function writeKubeDns(applier: Applier<unknown>, client: ClusterClient, entries: KubeDnsEntries, clusterName: string): Promise<KubeDnsStepResult> {
  const { dryRun } = applier;
  const label = `configmap "${KUBE_DNS_NAMESPACE}/${KUBE_DNS_CONFIGMAP}"`;
  for (let attempt = 1; ; attempt++) {
    const live = await client.get(KUBE_DNS_REF);
    const merge = mergeKubeDns(live, entries, clusterName);
    if (merge.action === 'unchanged' || !merge.object) {
      return { line: `${label} kept: it already has this federation's entries`, warnings: merge.warnings, action: 'kept' };
    }
    try {
      // The merge was made from this very read: no second read before the write.
      await applier.apply(client, merge.object, { knownLive: live ?? null });
    } catch (err) {
      // The merge was made from a version someone else has changed since: merge again.
      if (isConflict(err) && attempt < CONFLICT_ATTEMPTS) continue;
      throw err;
    }
    const verb = merge.action === 'create' ? 'created' : 'updated';
    const suffix = dryRun ? ` (${dryRun} dry run)` : '';
    const action = merge.action === 'create' ? 'created' : 'configured';
    return { line: `${label} ${verb}${suffix}: added ${merge.added.join(' and ')}`, warnings: merge.warnings, action, object: merge.object };
  }
}
