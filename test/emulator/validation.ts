/**
 * Validation and defaulting on create and update, as the real API server's strategies do it:
 * decode errors (400), then defaults, then field validation (422 Invalid with every cause), then
 * Service address allocation. What the tool could get wrong is what is checked here.
 */
import type { ResourceType, Store, StoredObject } from './contracts.js';
import { applyDefaults } from './defaults.js';
import type { PortRange } from './node-ports.js';
import { invalid, type FieldProblem } from './status.js';
import { checkDecodable } from './validation-decode.js';
import { checkJsonTypes } from './validation-types.js';
import { collectWarnings } from './validation-warnings.js';
import { validateKind, validateKindUpdate } from './validation-kinds.js';
import { validateMetadata, validateMetadataUpdate } from './validation-meta.js';
import { allocateServiceAddresses, keepAllocatedServiceValues } from './validation-service.js';

export { allocateNodePort, allocateClusterIp, isPortFree } from './node-ports.js';
export { applyDefaults, initialStatus } from './defaults.js';

export interface AdmissionContext {
  store: Store;
  dryRun: boolean;
  nodePortRange: PortRange;
  /** Service cluster IPs are `<prefix>.x.y`. */
  serviceCidrPrefix: string;
}

function fail(type: ResourceType, obj: StoredObject, problems: FieldProblem[]): void {
  if (problems.length > 0) throw invalid(type, obj.metadata?.name ?? '', problems);
}

function isService(type: ResourceType): boolean {
  return type.group === '' && type.resource === 'services';
}

/** Defaults, validates and allocates for a new object (mutating it); throws a StatusError, returns warnings. */
export async function admitCreate(type: ResourceType, obj: StoredObject, ctx: AdmissionContext): Promise<string[]> {
  checkDecodable(type, obj);
  await checkJsonTypes(type, obj);
  applyDefaults(type, obj);
  fail(type, obj, [...validateMetadata(type, obj), ...validateKind(type, obj)]);
  if (isService(type)) await allocateServiceAddresses(type, obj, undefined, ctx);
  return collectWarnings(type, obj);
}

/** The same for an update of `old`; immutable fields are compared here too. */
export async function admitUpdate(type: ResourceType, obj: StoredObject, old: StoredObject, ctx: AdmissionContext): Promise<string[]> {
  checkDecodable(type, obj);
  await checkJsonTypes(type, obj);
  if (isService(type)) keepAllocatedServiceValues(obj, old);
  applyDefaults(type, obj);
  fail(type, obj, [...validateMetadata(type, obj), ...validateMetadataUpdate(obj, old), ...validateKind(type, obj), ...validateKindUpdate(type, obj, old)]);
  if (isService(type)) await allocateServiceAddresses(type, obj, old, ctx);
  return collectWarnings(type, obj);
}
