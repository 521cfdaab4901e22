/**
 * POST of the create-only kinds, which are answered and never stored:
 * SelfSubjectRulesReview lists the caller's rules in `spec.namespace`; SelfSubjectAccessReview
 * echoes the request (with the managedFields every create records) and adds the decision.
 */
import type { AccessReviewer } from './access-review.js';
import type { RequestAttributes, StoredObject } from './contracts.js';
import { decodeObjectBody, type HandlerContext, type HandlerResult } from './http-io.js';
import { managerName } from './managed-fields.js';
import { AUTHORIZATION_GROUP, apiVersionOf } from './registry.js';
import { formatTimestamp, type EmulatorStore } from './store.js';
import { badRequest, methodNotAllowed, StatusError, type StatusCause } from './status.js';

type Obj = Record<string, unknown>;

const REVIEW_KINDS = ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'];
const RESOURCE_ATTRIBUTES = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name', 'fieldSelector', 'labelSelector'];
/** ObjectMeta's field order, for rendering it inside an Invalid message. */
const OBJECT_META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only the fields the type has, in its field order, empty strings left out (`omitempty`). */
function pick(value: unknown, fields: string[]): Obj | undefined {
  if (!isObject(value)) return undefined;
  const out: Obj = {};
  for (const field of fields) if (value[field] !== undefined && value[field] !== null && value[field] !== '') out[field] = value[field];
  return out;
}

/** The decoder's refusal of a body that is not the kind the endpoint serves. */
function checkKind(obj: StoredObject, expected: string): void {
  const expectedVersion = `${AUTHORIZATION_GROUP}/v1`;
  const apiVersion = obj.apiVersion || expectedVersion;
  const kind = obj.kind || expected;
  if (kind === expected && (apiVersion === expectedVersion || apiVersion === `${AUTHORIZATION_GROUP}/v1beta1`)) return;
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const prefix = `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expected}`;
  const known = REVIEW_KINDS.includes(kind) && (apiVersion === expectedVersion || apiVersion === `${AUTHORIZATION_GROUP}/v1beta1`);
  if (known) throw badRequest(`${prefix}: converting (${version}.${kind}) to (authorization.${expected}): unknown conversion`);
  throw badRequest(`${prefix}: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "pkg/runtime/scheme.go:111"`);
}

function rulesReview(ctx: HandlerContext, obj: StoredObject, reviewer: AccessReviewer): HandlerResult {
  const namespace = isObject(obj.spec) && typeof obj.spec.namespace === 'string' ? obj.spec.namespace : '';
  if (namespace === '') throw badRequest('no namespace on request');
  const status = reviewer.rules(ctx.identity, namespace);
  return { status: 201, body: { kind: 'SelfSubjectRulesReview', apiVersion: apiVersionOf(ctx.route.type), metadata: {}, spec: {}, status } };
}

/** Metadata as the client set it, in ObjectMeta order; empty when nothing was set. */
function clientMetadata(metadata: Obj): Obj {
  return pick(metadata, OBJECT_META_ORDER.filter((key) => key !== 'managedFields')) ?? {};
}

function accessReviewProblems(spec: Obj, metadata: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const union = 'exactly one of nonResourceAttributes or resourceAttributes must be specified';
  const resource = spec.resourceAttributes;
  const nonResource = pick(spec.nonResourceAttributes, ['path', 'verb']);
  if (resource !== undefined && nonResource !== undefined) {
    // The internal type has no JSON tags: Go field names, empty values included.
    const value = JSON.stringify({ Path: nonResource.path ?? '', Verb: nonResource.verb ?? '' });
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${union}`, field: 'spec' });
  }
  if (resource === undefined && nonResource === undefined) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: null: ${union}`, field: 'spec' });
  if (Object.keys(clientMetadata(metadata)).length > 0) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(pick(metadata, OBJECT_META_ORDER))}: must be empty`, field: 'metadata' });
  }
  return causes;
}

/** Invalid as the review registry words it: the decoded object has no kind, so neither does the message. */
function invalidReview(causes: StatusCause[]): StatusError {
  const rendered = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return new StatusError(422, 'Invalid', `.${AUTHORIZATION_GROUP} "" is invalid: ${summary}`, { group: AUTHORIZATION_GROUP, causes });
}

function attributesOf(spec: Obj): RequestAttributes {
  const nonResource = pick(spec.nonResourceAttributes, ['path', 'verb']);
  if (nonResource) return { verb: String(nonResource.verb ?? ''), group: '', version: '', resource: '', path: String(nonResource.path ?? '') };
  const r = (pick(spec.resourceAttributes, RESOURCE_ATTRIBUTES) ?? {}) as Record<string, string>;
  const attrs: RequestAttributes = { verb: r.verb ?? '', group: r.group ?? '', version: r.version ?? '', resource: r.resource ?? '' };
  if (r.subresource) attrs.subresource = r.subresource;
  if (r.namespace) attrs.namespace = r.namespace;
  if (r.name) attrs.name = r.name;
  return attrs;
}

/** The managedFields entry the create records; a write that sets no field records none. */
function managedFieldsOf(ctx: HandlerContext, spec: Obj): Obj[] {
  const fieldsOf = (attrs: Obj) => Object.fromEntries([['.', {}], ...Object.keys(attrs).sort().map((k) => [`f:${k}`, {}])]);
  const specFields: Obj = {};
  for (const key of ['nonResourceAttributes', 'resourceAttributes']) if (isObject(spec[key])) specFields[`f:${key}`] = fieldsOf(spec[key]);
  if (Object.keys(specFields).length === 0) return [];
  const time = formatTimestamp((ctx.store as EmulatorStore).now());
  const manager = managerName(ctx.query.get('fieldManager'), ctx.headers['user-agent']);
  return [{ manager, operation: 'Update', apiVersion: apiVersionOf(ctx.route.type), time, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': specFields } }];
}

function accessReview(ctx: HandlerContext, obj: StoredObject, reviewer: AccessReviewer): HandlerResult {
  const input = isObject(obj.spec) ? obj.spec : {};
  const spec: Obj = {};
  const resource = pick(input.resourceAttributes, RESOURCE_ATTRIBUTES);
  const nonResource = pick(input.nonResourceAttributes, ['path', 'verb']);
  if (resource) spec.resourceAttributes = resource;
  if (nonResource) spec.nonResourceAttributes = nonResource;
  const metadata = clientMetadata(obj.metadata);
  const managedFields = managedFieldsOf(ctx, spec);
  if (managedFields.length > 0) metadata.managedFields = managedFields;
  const causes = accessReviewProblems(spec, metadata);
  if (causes.length > 0) throw invalidReview(causes);
  const decision = reviewer.decide(ctx.identity, attributesOf(spec));
  const status: Obj = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  if (decision.evaluationError) status.evaluationError = decision.evaluationError;
  return { status: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: apiVersionOf(ctx.route.type), metadata, spec, status } };
}

export function handleReview(ctx: HandlerContext, method: string, reviewer: AccessReviewer): HandlerResult {
  if (method !== 'POST') throw methodNotAllowed();
  const kind = ctx.route.type.kind;
  // The other create-only kinds a real server announces (SubjectAccessReview, TokenReview,
  // Binding, …) need what the emulator does not model; a loud error beats a made-up answer.
  if (kind !== 'SelfSubjectAccessReview' && kind !== 'SelfSubjectRulesReview') {
    throw new StatusError(500, 'InternalError', `Internal error occurred: the emulator does not answer ${kind} (kube-apiserver does)`);
  }
  const obj = decodeObjectBody(ctx);
  checkKind(obj, kind);
  if (kind === 'SelfSubjectRulesReview') return rulesReview(ctx, obj, reviewer);
  return accessReview(ctx, obj, reviewer);
}
