/**
 * RBAC's escalation prevention: a Role or ClusterRole may only hold rules the requester already
 * has (or the requester has `escalate`), and a binding may only point at a role whose rules the
 * requester holds in that scope (or the requester has `bind` on that role). system:masters skips it.
 */
import type { Identity, RequestAttributes, ResourceType, Store, StoredObject } from './contracts.js';
import { describeRule, RBAC_GROUP, rulesOfRoleRef, type Authorize, type PolicyRule } from './rbac.js';
import { forbidden } from './status.js';

/** Every single permission a rule grants, as request attributes (wildcards stay wildcards). */
function expandRule(rule: PolicyRule, namespace: string | undefined): RequestAttributes[] {
  const out: RequestAttributes[] = [];
  for (const verb of rule.verbs ?? []) {
    for (const path of rule.nonResourceURLs ?? []) out.push({ verb, group: '', version: '', resource: '', path });
    for (const group of rule.apiGroups ?? []) {
      for (const entry of rule.resources ?? []) {
        const [resource, subresource] = entry.split('/', 2);
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names) {
          const attrs: RequestAttributes = { verb, group, version: '*', resource };
          if (subresource) attrs.subresource = subresource;
          if (namespace !== undefined) attrs.namespace = namespace;
          if (name !== undefined) attrs.name = name;
          out.push(attrs);
        }
      }
    }
  }
  return out;
}

function missingRules(authorize: Authorize, identity: Identity, rules: PolicyRule[], namespace: string | undefined): PolicyRule[] {
  return rules.filter((rule) => expandRule(rule, namespace).some((attrs) => !authorize(identity, attrs)));
}

function escalationError(type: ResourceType, obj: StoredObject, identity: Identity, missing: PolicyRule[]): Error {
  const groups = `[${identity.groups.map((g) => JSON.stringify(g)).join(' ')}]`;
  const why = `user "${identity.user}" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${missing.map(describeRule).join('\n')}`;
  return forbidden(type, obj.metadata.name, why);
}

export function checkRbacEscalation(store: Store, authorize: Authorize, identity: Identity, type: ResourceType, obj: StoredObject): void {
  if (type.group !== RBAC_GROUP || identity.groups.includes('system:masters')) return;
  const namespace = type.namespaced ? obj.metadata.namespace : undefined;
  const self: RequestAttributes = { verb: '', group: RBAC_GROUP, version: 'v1', resource: type.resource, name: obj.metadata.name };
  if (namespace !== undefined) self.namespace = namespace;

  if (type.resource === 'roles' || type.resource === 'clusterroles') {
    if (authorize(identity, { ...self, verb: 'escalate' })) return;
    const missing = missingRules(authorize, identity, (obj.rules as PolicyRule[] | undefined) ?? [], namespace);
    if (missing.length > 0) throw escalationError(type, obj, identity, missing);
    return;
  }
  if (type.resource === 'rolebindings' || type.resource === 'clusterrolebindings') {
    const ref = obj.roleRef as { kind: string; name: string } | undefined;
    if (!ref) return;
    const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
    const bindAttrs: RequestAttributes = { verb: 'bind', group: RBAC_GROUP, version: 'v1', resource: refResource, name: ref.name };
    if (namespace !== undefined && ref.kind !== 'ClusterRole') bindAttrs.namespace = namespace;
    if (authorize(identity, bindAttrs)) return;
    const rules = rulesOfRoleRef(store, ref, namespace);
    if (rules === undefined) {
      throw forbidden(type, obj.metadata.name, `${refResource}.${RBAC_GROUP} "${ref.name}" not found`);
    }
    const missing = missingRules(authorize, identity, rules, namespace);
    if (missing.length > 0) throw escalationError(type, obj, identity, missing);
  }
}
