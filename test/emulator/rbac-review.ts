/**
 * SelfSubjectAccessReview and SelfSubjectRulesReview answers from the RBAC authorizer, worded as
 * kube-apiserver's (Node,RBAC modes): system:masters is allowed by the privileged-group
 * authorizer, which lists no rules; everyone's rules come from their bindings only.
 */
import { aggregateMessage, alwaysAllowReviewer, type AccessReviewer, type NonResourceRule, type ResourceRule } from './access-review.js';
import type { Store } from './contracts.js';
import { ruleAllows, rulesFor, servesRbac, visitRulesFor } from './rbac.js';

export function createRbacReviewer(store: Store): AccessReviewer {
  return {
    decide(identity, attrs) {
      if (identity.groups.includes('system:masters') || !servesRbac(store)) return alwaysAllowReviewer.decide(identity, attrs);
      let reason = '';
      const errors: string[] = [];
      visitRulesFor(store, identity, attrs.namespace, (source, rule, error) => {
        if (rule && ruleAllows(rule, attrs)) {
          reason = `RBAC: allowed by ${source ?? ''}`;
          return false;
        }
        if (error) errors.push(error);
        return true;
      });
      if (reason) return { allowed: true, reason, evaluationError: '' };
      // The union authorizer names the authorizer whose reason it passes on.
      return { allowed: false, reason: errors.length > 0 ? `rbac: RBAC: ${aggregateMessage(errors)}` : '', evaluationError: '' };
    },
    rules(identity, namespace) {
      if (!servesRbac(store)) return alwaysAllowReviewer.rules(identity, namespace);
      const errors: string[] = [];
      const resourceRules: ResourceRule[] = [];
      const nonResourceRules: NonResourceRule[] = [];
      for (const rule of rulesFor(store, identity, namespace, errors)) {
        if (rule.resources?.length) {
          const entry: ResourceRule = { verbs: rule.verbs ?? [] };
          if (rule.apiGroups?.length) entry.apiGroups = rule.apiGroups;
          entry.resources = rule.resources;
          if (rule.resourceNames?.length) entry.resourceNames = rule.resourceNames;
          resourceRules.push(entry);
        }
        if (rule.nonResourceURLs?.length) nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
      }
      const status = { resourceRules, nonResourceRules, incomplete: false };
      return errors.length > 0 ? { ...status, evaluationError: aggregateMessage(errors) } : status;
    },
  };
}
