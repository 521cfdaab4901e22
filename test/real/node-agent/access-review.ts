/**
 * The host cluster's authorizer for what processes in pods do with their ServiceAccount (the
 * federation controller manager reading a member's credentials Secret): the real API server's
 * own decision, asked with a SubjectAccessReview, so that a RoleBinding kubefed forgot fails
 * here as it would on a real cluster.
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
    const review = await client.call<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: identity.user, groups: identity.groups, ...(attrs.path ? { nonResourceAttributes: { path: attrs.path, verb: attrs.verb } } : { resourceAttributes }) },
    });
    return review.status?.allowed === true;
  };
}
