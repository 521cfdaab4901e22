/**
 * What the emulator's kubelet never had to do because its authorizer is in-process, and a node
 * of a real cluster must: ask whether a pod's ServiceAccount may do something (the federation
 * controller manager reading a member's credentials Secret) — the real API server's own
 * decision, through a SubjectAccessReview, so that a RoleBinding kubefed forgot fails here as on
 * a real cluster. (A Pod's graceful deletion is finished by the node side's pod terminator.)
 */
import type { HostAuthorize } from '../../emulator/controllers/cluster-health.js';
import type { ApiClient } from './api-client.js';

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
