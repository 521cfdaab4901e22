/**
 * The RBAC authorizer over the stored Roles, ClusterRoles and their bindings, with the default
 * policy every cluster carries (discovery and health for everyone, system:masters for all),
 * and the escalation check that stops a user granting permissions it does not hold.
 */
import type { Identity, RequestAttributes, ResourceType, Store, StoredObject } from './contracts.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  kind: string;
  name: string;
}

export type Authorize = (identity: Identity, attrs: RequestAttributes) => boolean;

const PUBLIC_PATHS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
const DISCOVERY_PATHS = ['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'];

/** The bootstrap ClusterRoles every authenticated (or anonymous) caller gets. */
function defaultRules(identity: Identity): PolicyRule[] {
  const rules: PolicyRule[] = [{ verbs: ['get'], nonResourceURLs: PUBLIC_PATHS }];
  if (identity.groups.includes('system:authenticated')) {
    rules.push({ verbs: ['get'], nonResourceURLs: DISCOVERY_PATHS });
    rules.push({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] });
  }
  return rules;
}

function includesOrStar(list: string[] | undefined, value: string): boolean {
  return (list ?? []).some((v) => v === '*' || v === value);
}

function resourceMatches(rule: PolicyRule, attrs: RequestAttributes): boolean {
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (attrs.subresource !== undefined && (r === `*/${attrs.subresource}` || r === `${attrs.resource}/*`)),
  );
}

function pathMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, attrs: RequestAttributes): boolean {
  if (!includesOrStar(rule.verbs, attrs.verb)) return false;
  if (attrs.path !== undefined) return pathMatches(rule, attrs.path);
  if (!includesOrStar(rule.apiGroups, attrs.group) || !resourceMatches(rule, attrs)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (attrs.name !== undefined && names.includes(attrs.name));
}

export function subjectMatches(subject: Subject, identity: Identity): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === identity.user;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount':
      return identity.user === `system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`;
    default:
      return false;
  }
}

function rbacType(store: Store, resource: string): ResourceType | undefined {
  return store.typeForResource(RBAC_GROUP, 'v1', resource);
}

/** Rules of the role a binding points at ([] when the role does not exist, as RBAC treats it). */
export function rulesOfRoleRef(store: Store, ref: RoleRef, namespace: string | undefined): PolicyRule[] | undefined {
  const type = rbacType(store, ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles');
  if (!type) return undefined;
  const role = store.get(type, ref.kind === 'ClusterRole' ? undefined : namespace, ref.name);
  return role ? ((role.rules as PolicyRule[] | undefined) ?? []) : undefined;
}

/** Every rule that applies to this identity in this namespace (or cluster-wide when undefined). */
export function rulesFor(store: Store, identity: Identity, namespace: string | undefined): PolicyRule[] {
  const rules = defaultRules(identity);
  const bound = (binding: StoredObject) => ((binding.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, identity));
  const crbType = rbacType(store, 'clusterrolebindings');
  for (const binding of crbType ? store.list(crbType) : []) {
    if (bound(binding)) rules.push(...(rulesOfRoleRef(store, binding.roleRef as RoleRef, undefined) ?? []));
  }
  const rbType = rbacType(store, 'rolebindings');
  if (namespace !== undefined && rbType) {
    for (const binding of store.list(rbType, namespace)) {
      if (bound(binding)) rules.push(...(rulesOfRoleRef(store, binding.roleRef as RoleRef, namespace) ?? []));
    }
  }
  return rules;
}

export function createRbacAuthorizer(store: Store): Authorize {
  return (identity, attrs) => {
    if (identity.groups.includes('system:masters')) return true;
    // A cluster without the RBAC API runs with every request allowed.
    if (!rbacType(store, 'clusterroles')) return true;
    return rulesFor(store, identity, attrs.namespace).some((rule) => ruleAllows(rule, attrs));
  };
}

function quoteList(values: string[] | undefined): string {
  return `[${(values ?? []).map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`, as rbac prints a rule. */
export function describeRule(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${quoteList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${quoteList(rule.resources)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${quoteList(rule.resourceNames)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${quoteList(rule.nonResourceURLs)}`);
  parts.push(`Verbs:${quoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

export { checkRbacEscalation, bootstrapRbacObjects } from './rbac-escalation.js';
