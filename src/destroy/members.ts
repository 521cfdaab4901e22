/**
 * The joined clusters of a federation being destroyed (their contexts are found by
 * `findMemberTarget`), and a reachability check of them all before anything is deleted, so that
 * an unreachable member stops the run with nothing removed unless --force says to go ahead.
 */
import { describeError } from '../describe-error.js';
import type { MemberTarget } from '../federation/member-target.js';
import { discoverRbacVersion } from '../k8s/discovery.js';
import type { ApiGroupInfo, ClusterClient } from '../k8s/types.js';
import type { ResolvedContext } from '../kubeconfig/model.js';

export interface ReachableMember {
  readonly target: MemberTarget;
  /** undefined when it has no context; with a failed probe the client still carries that failure. */
  readonly client?: ClusterClient;
  /** Why it cannot be cleaned up: no context, or the probe failed. */
  readonly problem?: string;
}

/** Probes every member once (API discovery); the answer is kept so unjoin does not wait on it again. */
export async function probeMembers(targets: readonly MemberTarget[], clientFor: (ctx: ResolvedContext) => Promise<ClusterClient>): Promise<ReachableMember[]> {
  return Promise.all(
    targets.map(async (target): Promise<ReachableMember> => {
      if (!target.context) return { target, problem: `cluster "${target.clusterName}": ${target.missing ?? 'no context'}` };
      const how = target.viaStoredCredentials ? 'with the credentials stored in the host cluster' : `(context "${target.contextName}")`;
      try {
        const client = rememberGroups(await clientFor(target.context));
        try {
          await discoverRbacVersion(client);
          return { target, client };
        } catch (err) {
          return { target, client, problem: `cannot reach cluster "${target.clusterName}" ${how}: ${describeError(err).message}` };
        }
      } catch (err) {
        return { target, problem: `cannot reach cluster "${target.clusterName}" ${how}: ${describeError(err).message}` };
      }
    }),
  );
}

/** The same client, with its answer to the probe (or its failure) kept, so unjoin does not wait on it again. */
function rememberGroups(client: ClusterClient): ClusterClient {
  let groups: Promise<ApiGroupInfo[]> | undefined;
  return { ...client, groups: () => (groups ??= client.groups()) };
}
