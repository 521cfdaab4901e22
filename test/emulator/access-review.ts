/**
 * What the authorization.k8s.io review kinds ask of a server's authorizer: a decision with its
 * reason for SelfSubjectAccessReview, and the rules a user holds in a namespace for
 * SelfSubjectRulesReview (kube-apiserver's union of authorizers and of rule resolvers).
 */
import type { Identity, RequestAttributes } from './contracts.js';

export interface AccessDecision {
  allowed: boolean;
  reason: string;
  evaluationError: string;
}

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface RulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export interface AccessReviewer {
  decide(identity: Identity, attrs: RequestAttributes): AccessDecision;
  rules(identity: Identity, namespace: string): RulesReviewStatus;
}

/** The AlwaysAllow authorization mode: every request allowed, `*` rules for everyone. */
export const alwaysAllowReviewer: AccessReviewer = {
  decide: () => ({ allowed: true, reason: '', evaluationError: '' }),
  rules: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};

/** An authorizer that can only answer yes or no (a webhook, say) cannot list rules. */
export function decisionOnlyReviewer(authorize: (identity: Identity, attrs: RequestAttributes) => boolean): AccessReviewer {
  return {
    decide: (identity, attrs) => ({ allowed: authorize(identity, attrs), reason: '', evaluationError: '' }),
    rules: () => ({ resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'authorizer does not support user rule resolution' }),
  };
}

/** utilerrors.NewAggregate's text: one message as is, several de-duplicated in brackets. */
export function aggregateMessage(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : unique.length === 0 ? '' : `[${unique.join(', ')}]`;
}
