/**
 * ObjectMeta validation: the name rules of each kind, label and annotation syntax, owner
 * references, and what may not change on update.
 */
import type { ResourceType, StoredObject } from './contracts.js';
import type { FieldProblem } from './status.js';
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  invalidValue,
  labelValueErrors,
  pathSegmentErrors,
  problemsFrom,
  qualifiedNameErrors,
  required,
  tooLong,
} from './validation-fields.js';

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Which rule a kind's names follow on a real server. */
export function nameCheckerFor(type: ResourceType): (name: string) => string[] {
  if (type.group === 'rbac.authorization.k8s.io') return pathSegmentErrors;
  if (type.group === '' && type.resource === 'namespaces') return dns1123LabelErrors;
  if (type.group === '' && type.resource === 'services') return dns1035LabelErrors;
  return dns1123SubdomainErrors;
}

export function validateLabels(field: string, labels: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries((labels ?? {}) as Record<string, unknown>)) {
    problems.push(...problemsFrom(field, key, qualifiedNameErrors(key)));
    if (typeof value !== 'string') problems.push(invalidValue(field, value, 'label values must be strings'));
    else problems.push(...problemsFrom(field, value, labelValueErrors(value)));
  }
  return problems;
}

function validateAnnotations(annotations: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let size = 0;
  for (const [key, value] of Object.entries((annotations ?? {}) as Record<string, unknown>)) {
    problems.push(...problemsFrom('metadata.annotations', key, qualifiedNameErrors(key.toLowerCase())));
    size += key.length + String(value).length;
  }
  if (size > ANNOTATIONS_MAX_BYTES) problems.push(tooLong('metadata.annotations', ANNOTATIONS_MAX_BYTES));
  return problems;
}

function validateOwnerReferences(refs: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const ref of (refs ?? []) as Record<string, unknown>[]) {
    if (!ref.apiVersion) problems.push(invalidValue('metadata.ownerReferences.apiVersion', '', 'version must not be empty'));
    if (!ref.kind) problems.push(invalidValue('metadata.ownerReferences.kind', '', 'kind must not be empty'));
    if (!ref.name) problems.push(invalidValue('metadata.ownerReferences.name', '', 'name must not be empty'));
    if (!ref.uid) problems.push(invalidValue('metadata.ownerReferences.uid', '', 'uid must not be empty'));
  }
  return problems;
}

export function validateMetadata(type: ResourceType, obj: StoredObject): FieldProblem[] {
  const meta = obj.metadata;
  const problems: FieldProblem[] = [];
  if (!meta.name) {
    problems.push(required('metadata.name', 'name or generateName is required'));
  } else {
    problems.push(...problemsFrom('metadata.name', meta.name, nameCheckerFor(type)(meta.name)));
  }
  if (type.namespaced && !meta.namespace) problems.push(required('metadata.namespace'));
  problems.push(...validateLabels('metadata.labels', meta.labels));
  problems.push(...validateAnnotations(meta.annotations));
  problems.push(...validateOwnerReferences(meta.ownerReferences));
  return problems;
}

export function validateMetadataUpdate(obj: StoredObject, old: StoredObject): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if ((obj.metadata.namespace ?? '') !== (old.metadata.namespace ?? '')) {
    problems.push(invalidValue('metadata.namespace', obj.metadata.namespace ?? '', 'field is immutable'));
  }
  return problems;
}
