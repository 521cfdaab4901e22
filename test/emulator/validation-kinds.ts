/**
 * Per-kind validation (create and update) for the kinds the tool writes: Secrets, ConfigMaps,
 * PVCs, RBAC objects, federation Clusters; workloads and Services live in their own files.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import type { FieldProblem } from './status.js';
import { isQuantity, quantityValue } from './validation-decode.js';
import { configKeyErrors, forbiddenField, invalidValue, notSupported, problemsFrom, required, sameJson, tooLong } from './validation-fields.js';
import { validateService, validateServiceUpdate } from './validation-service.js';
import { validatePodSpec, validateWorkload, validateWorkloadUpdate } from './validation-workloads.js';

type Obj = Record<string, any>;

const SECRET_MAX_BYTES = 1024 * 1024;
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const SA_NAME_KEY = 'kubernetes.io/service-account.name';

function validateKeys(field: string, maps: unknown[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const map of maps) {
    for (const key of Object.keys((map ?? {}) as object)) {
      problems.push(...problemsFrom(`${field}[${key}]`, key, configKeyErrors(key)));
      if (seen.has(key)) problems.push(invalidValue(`${field}[${key}]`, key, 'duplicate of key present in binaryData'));
      seen.add(key);
    }
  }
  return problems;
}

function validateSecret(obj: Obj): FieldProblem[] {
  const problems = validateKeys('data', [obj.data]);
  const size = Object.values((obj.data ?? {}) as Record<string, string>).reduce((n, v) => n + Buffer.from(v, 'base64').length, 0);
  if (size > SECRET_MAX_BYTES) problems.push(tooLong('data', SECRET_MAX_BYTES));
  if (obj.type === 'kubernetes.io/service-account-token' && !obj.metadata.annotations?.[SA_NAME_KEY]) {
    problems.push(required(`metadata.annotations[${SA_NAME_KEY}]`));
  }
  if (obj.type === 'kubernetes.io/tls') {
    for (const key of ['tls.crt', 'tls.key']) if (obj.data?.[key] === undefined) problems.push(required(`data[${key}]`));
  }
  if (obj.type === 'kubernetes.io/dockerconfigjson' && obj.data?.['.dockerconfigjson'] === undefined) {
    problems.push(required('data[.dockerconfigjson]'));
  }
  return problems;
}

function validatePvc(obj: Obj): FieldProblem[] {
  const spec = obj.spec ?? {};
  const problems: FieldProblem[] = [];
  const modes = (spec.accessModes ?? []) as string[];
  if (modes.length === 0) problems.push(required('spec.accessModes', 'at least 1 access mode is required'));
  for (const mode of modes) if (!ACCESS_MODES.includes(mode)) problems.push(notSupported('spec.accessModes', mode, ACCESS_MODES));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) problems.push(required('spec.resources[storage]'));
  else if (isQuantity(storage) && !(quantityValue(storage) > 0)) problems.push(invalidValue('spec.resources[storage]', String(storage), 'must be greater than zero'));
  if (spec.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) {
    problems.push(notSupported('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  }
  return problems;
}

function validateRules(obj: Obj, namespaced: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  ((obj.rules ?? []) as Obj[]).forEach((rule, i) => {
    const f = `rules[${i}]`;
    if (!rule.verbs?.length) problems.push(required(`${f}.verbs`, 'verbs must contain at least one value'));
    const urls = (rule.nonResourceURLs ?? []) as string[];
    if (urls.length > 0) {
      if (namespaced) problems.push(invalidValue(`${f}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (rule.apiGroups?.length || rule.resources?.length) {
        problems.push(invalidValue(`${f}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (!rule.apiGroups?.length) problems.push(required(`${f}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!rule.resources?.length) problems.push(required(`${f}.resources`, 'resource rules must supply at least one resource'));
  });
  return problems;
}

function validateBinding(obj: Obj, cluster: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const ref = obj.roleRef ?? {};
  const kinds = cluster ? ['ClusterRole'] : ['ClusterRole', 'Role'];
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') problems.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  if (!kinds.includes(ref.kind)) problems.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) problems.push(required('roleRef.name'));
  ((obj.subjects ?? []) as Obj[]).forEach((s, i) => {
    const f = `subjects[${i}]`;
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind)) problems.push(notSupported(`${f}.kind`, s.kind ?? '', ['Group', 'ServiceAccount', 'User']));
    if (!s.name) problems.push(required(`${f}.name`));
    if (s.kind === 'ServiceAccount' && cluster && !s.namespace) problems.push(required(`${f}.namespace`));
  });
  return problems;
}

function validateCluster(obj: Obj): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const entries = (obj.spec?.serverAddressByClientCIDRs ?? []) as Obj[];
  if (entries.length === 0) problems.push(required('spec.serverAddressByClientCIDRs'));
  entries.forEach((e, i) => {
    const f = `spec.serverAddressByClientCIDRs[${i}]`;
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(String(e.clientCIDR ?? ''))) problems.push(invalidValue(`${f}.clientCIDR`, e.clientCIDR ?? '', 'must be a valid CIDR'));
    if (!e.serverAddress) problems.push(required(`${f}.serverAddress`));
  });
  return problems;
}

export function validateKind(type: ResourceType, obj: StoredObject): FieldProblem[] {
  const o = obj as Obj;
  switch (`${type.group}/${type.resource}`) {
    case 'apps/deployments':
      return validateWorkload(o, 'deployment');
    case 'apps/replicasets':
      return validateWorkload(o, 'replicaset');
    case '/pods':
      return validatePodSpec(o.spec, 'spec');
    case '/services':
      return validateService(obj);
    case '/secrets':
      return validateSecret(o);
    case '/configmaps':
      return validateKeys('data', [o.data, o.binaryData]);
    case '/persistentvolumeclaims':
      return validatePvc(o);
    case 'rbac.authorization.k8s.io/roles':
      return validateRules(o, true);
    case 'rbac.authorization.k8s.io/clusterroles':
      return validateRules(o, false);
    case 'rbac.authorization.k8s.io/rolebindings':
      return validateBinding(o, false);
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      return validateBinding(o, true);
    case 'federation/clusters':
      return validateCluster(o);
    default:
      return [];
  }
}

const same = sameJson;

export function validateKindUpdate(type: ResourceType, obj: StoredObject, old: StoredObject): FieldProblem[] {
  const o = obj as Obj;
  const before = old as Obj;
  switch (`${type.group}/${type.resource}`) {
    case 'apps/deployments':
    case 'apps/replicasets':
      return validateWorkloadUpdate(o, before);
    case '/services':
      return validateServiceUpdate(obj, old);
    case '/secrets':
    case '/configmaps': {
      const problems: FieldProblem[] = [];
      if (type.resource === 'secrets' && o.type !== before.type) problems.push(invalidValue('type', o.type, 'field is immutable'));
      if (before.immutable === true && (!same(o.data, before.data) || !same(o.binaryData, before.binaryData))) {
        problems.push(forbiddenField('data', 'field is immutable when `immutable` is set'));
      }
      return problems;
    }
    case '/persistentvolumeclaims': {
      const { resources: _a, ...rest } = o.spec ?? {};
      const { resources: _b, ...restBefore } = before.spec ?? {};
      // volumeName and storageClassName may be set once (by the binder or the default class).
      for (const setOnce of ['volumeName', 'storageClassName']) if (!restBefore[setOnce]) delete rest[setOnce];
      return same(rest, restBefore) ? [] : [forbiddenField('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
    }
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      return same(o.roleRef, before.roleRef) ? [] : [invalidValue('roleRef', JSON.stringify(o.roleRef), 'cannot change roleRef')];
    default:
      return [];
  }
}
