/**
 * What the emulator's kubelet never had to do because its store and authorizer are in-process,
 * and a node of a real cluster must:
 *
 * - finish a Pod's graceful deletion. The API server only marks a Pod bound to a node as
 *   terminating (deletionTimestamp) and keeps it until that node's kubelet has stopped its
 *   containers and deletes it for good. The emulator's store removes Pods at once; here, without
 *   this step, a Deployment's old pods and a deleted namespace would wait forever. Deleting with
 *   no grace period is what the kubelet sends; the kubelet then sees the Pod gone and stops it.
 * - ask whether a pod's ServiceAccount may do something (the federation controller manager
 *   reading a member's credentials Secret): the real API server's own decision, through a
 *   SubjectAccessReview, so that a RoleBinding kubefed forgot fails here as on a real cluster.
 */
import type { HostAuthorize } from '../../emulator/controllers/cluster-health.js';
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from '../../emulator/controllers/kit.js';
import { podSpecOf } from '../../emulator/controllers/pod-defaults.js';
import type { ApiClient } from './api-client.js';

export function startPodTerminator(ctx: ControllerContext, nodeName: string): Stop {
  const podType = typeOf(ctx.store, 'v1', 'Pod');
  return watchKinds(ctx, 'pod-terminator', ['Pod'], (event) => {
    if (event.type === 'DELETED') return;
    const pod = ctx.store.get(podType, event.object.metadata.namespace, event.object.metadata.name);
    if (!pod?.metadata.deletionTimestamp || podSpecOf(pod).nodeName !== nodeName) return;
    ignoreGone(() => ctx.store.delete(podType, pod.metadata.namespace, pod.metadata.name));
  });
}

export function createAccessReviewAuthorizer(client: ApiClient): HostAuthorize {
  return async (identity, attrs) => {
    const resourceAttributes = {
      verb: attrs.verb,
      group: attrs.group,
      version: attrs.version,
      resource: attrs.resource,
      ...(attrs.subresource ? { subresource: attrs.subresource } : {}),
      ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
      ...(attrs.name ? { name: attrs.name } : {}),
    };
    const attributes = attrs.path ? { nonResourceAttributes: { path: attrs.path, verb: attrs.verb } } : { resourceAttributes };
    const review = await client.call<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: identity.user, groups: identity.groups, ...attributes },
    });
    return review.status?.allowed === true;
  };
}
