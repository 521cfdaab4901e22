/**
 * The RBAC authorizer over the stored Roles, ClusterRoles and their bindings (a seeded cluster
 * holds the bootstrap policy: discovery and health for everyone, system:masters for all), and
 * the escalation check that stops a user granting permissions it does not hold.
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

/** A ServiceAccount subject without a namespace means the RoleBinding's own namespace. */
export function subjectMatches(subject: Subject, identity: Identity, bindingNamespace = ''): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === identity.user;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount':
      return identity.user === `system:serviceaccount:${subject.namespace || bindingNamespace}:${subject.name}`;
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

/** Called per rule with the binding that grants it, or with an error; false stops the walk. */
export type RuleVisitor = (source: string | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

/** rbac's `role.rbac.authorization.k8s.io "x" not found`, as its listers word a missing role. */
function missingRole(ref: RoleRef): string {
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return `unsupported role reference kind: ${JSON.stringify(ref.kind)}`;
  return `${ref.kind.toLowerCase()}.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found`;
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  const name = subject.kind === 'ServiceAccount' ? `${subject.name}/${subject.namespace || bindingNamespace}` : subject.name;
  return `${subject.kind} ${JSON.stringify(name)}`;
}

function describeBinding(binding: StoredObject, ref: RoleRef, subject: Subject): string {
  const ns = binding.metadata.namespace;
  const name = ns === undefined ? binding.metadata.name : `${binding.metadata.name}/${ns}`;
  const kind = ns === undefined ? 'ClusterRoleBinding' : 'RoleBinding';
  return `${kind} ${JSON.stringify(name)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, ns ?? '')}`;
}

/** Walks ClusterRoleBindings, then the namespace's RoleBindings, as rbac's rule resolver does. */
export function visitRulesFor(store: Store, identity: Identity, namespace: string | undefined, visit: RuleVisitor): void {
  const walk = (bindings: StoredObject[], bindingNamespace: string | undefined): boolean => {
    for (const binding of bindings) {
      const subject = ((binding.subjects as Subject[] | undefined) ?? []).find((s) => subjectMatches(s, identity, bindingNamespace));
      if (!subject) continue;
      const ref = binding.roleRef as RoleRef;
      const rules = rulesOfRoleRef(store, ref, bindingNamespace);
      if (rules === undefined) {
        if (!visit(undefined, undefined, missingRole(ref))) return false;
        continue;
      }
      const source = describeBinding(binding, ref, subject);
      for (const rule of rules) if (!visit(source, rule, undefined)) return false;
    }
    return true;
  };
  const crbType = rbacType(store, 'clusterrolebindings');
  if (!walk(crbType ? store.list(crbType) : [], undefined)) return;
  const rbType = rbacType(store, 'rolebindings');
  if (namespace !== undefined && namespace !== '' && rbType) walk(store.list(rbType, namespace), namespace);
}

/** Every rule that applies to this identity in this namespace (or cluster-wide when undefined). */
export function rulesFor(store: Store, identity: Identity, namespace: string | undefined, errors: string[] = []): PolicyRule[] {
  const rules: PolicyRule[] = [];
  visitRulesFor(store, identity, namespace, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return rules;
}

/** Whether the store serves RBAC at all; a cluster without it allows every request. */
export function servesRbac(store: Store): boolean {
  return rbacType(store, 'clusterroles') !== undefined;
}

export function createRbacAuthorizer(store: Store): Authorize {
  return (identity, attrs) => {
    if (identity.groups.includes('system:masters')) return true;
    if (!servesRbac(store)) return true;
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

export { checkRbacEscalation } from './rbac-escalation.js';
export { bootstrapRbacObjects } from './rbac-bootstrap.js';
