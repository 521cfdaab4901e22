/**
 * Step one of destroy: every joined cluster is unjoined with unjoin's own logic, concurrently,
 * before the control plane goes (the Clusters live in the federation API server's etcd).
 */
import { FEDERATION_NAME_ANNOTATION } from '../constants.js';
import type { KubeDnsEntries } from '../dns/kube-dns.js';
import { describedFederation, findControllerManager } from '../federation/controller-manager.js';
import type { ClusterClient } from '../k8s/types.js';
import type { Progress } from '../output/progress.js';
import { unjoinMember, type UnjoinOutcome } from '../unjoin/member.js';
import type { ReachableMember } from './members.js';
import type { DestroyOptions } from './options.js';
import type { HostInventory } from './plan.js';
import { stepEnding } from './report.js';

export interface UnjoinStepInput {
  readonly options: DestroyOptions;
  readonly namespace: string;
  readonly hostContext: string;
  readonly inventory: HostInventory;
  readonly federation: ClusterClient;
  readonly host: ClusterClient;
  readonly members: readonly ReachableMember[];
  /** Print each member's object lines (-v, dry run). */
  readonly detailed: boolean;
}

export async function unjoinAll(input: UnjoinStepInput, progress: Progress): Promise<UnjoinOutcome[]> {
  const { options, members } = input;
  const names = members.map((m) => m.target.clusterName);
  if (members.length === 0) {
    progress.step('Unjoining clusters from the federation').done(' none joined');
    return [];
  }
  const step = progress.step(`Unjoining ${names.length} ${names.length === 1 ? 'cluster' : 'clusters'} from the federation (${names.join(', ')})`);
  const kubeDnsFallback = kubeDnsEntries(input.inventory, options.federationName);
  const lines = members.map((): string[] => []);
  const outcomes = await Promise.all(
    members.map((m, i) =>
      unjoinMember({
        clusterName: m.target.clusterName,
        namespace: input.namespace,
        hostContext: input.hostContext,
        federationName: options.federationName,
        kubeDnsFallback,
        federation: input.federation,
        host: input.host,
        member: m.client,
        memberContext: m.target.contextName,
        storedCredentials: m.target.viaStoredCredentials,
        force: options.force,
        keepMember: options.keepMembers,
        dryRun: options.dryRun,
        log: (line) => lines[i].push(line),
      }),
    ),
  );
  const ending = stepEnding(
    outcomes.flatMap((o) => o.removals),
    outcomes.flatMap((o) => o.errors),
    options.dryRun,
  );
  if (ending.kind === 'failed') step.fail();
  else step.done(ending.suffix);
  if (input.detailed) lines.forEach((own, i) => own.forEach((line) => progress.info(`  [${names[i]}] ${line}`)));
  for (const outcome of outcomes) {
    if (outcome.left.length === 0) continue;
    const what = outcome.left.join(', ');
    if (options.keepMembers) progress.info(`kept on cluster "${outcome.clusterName}" (--keep-members): ${what}`);
    else progress.warn(`left on cluster "${outcome.clusterName}": ${what}`);
  }
  return outcomes;
}

/** Our kube-dns entries as the controller manager's annotations describe them (unjoin's fallback). */
function kubeDnsEntries(inventory: HostInventory, federationName: string): KubeDnsEntries | undefined {
  const ours = inventory.objects.filter((o) => o.kind === 'Deployment' && o.metadata.annotations?.[FEDERATION_NAME_ANNOTATION] === federationName);
  return describedFederation(findControllerManager(ours)).kubeDns;
}
