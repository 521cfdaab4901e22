/**
 * Request-level rules of the API server that are not about one resource: the dryRun parameter
 * and the wording of authorization failures.
 */
import type { Identity, RequestAttributes } from './contracts.js';
import type { Route } from './server-route.js';
import { qualifiedResource, StatusError } from './status.js';

const OPTIONS_KIND: Record<string, string> = {
  POST: 'CreateOptions',
  PUT: 'UpdateOptions',
  PATCH: 'PatchOptions',
  DELETE: 'DeleteOptions',
};

function goStringSlice(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/**
 * Whether a write is a dry run. Only `All` is accepted; anything else is the Invalid error of
 * the options object, as ValidateDryRun reports it. DELETE may also carry it in DeleteOptions.
 */
export function parseDryRun(method: string, query: URLSearchParams, body: string): boolean {
  const kind = OPTIONS_KIND[method];
  if (!kind) return false;
  let values = query.getAll('dryRun');
  if (method === 'DELETE' && values.length === 0 && body.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as { dryRun?: unknown };
      if (Array.isArray(parsed.dryRun)) values = parsed.dryRun.map(String);
    } catch {
      // A malformed body is reported by the delete handler.
    }
  }
  if (values.length === 0) return false;
  if (values.every((v) => v === 'All')) return true;
  const detail = `Unsupported value: ${goStringSlice(values)}: supported values: "All"`;
  throw new StatusError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: dryRun: ${detail}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueNotSupported', message: detail, field: 'dryRun' }],
  });
}

/** The RBAC authorizer's denial text, with the resource named the way the server names it. */
export function forbiddenMessage(identity: Identity, attrs: RequestAttributes, route: Route): string {
  if (route.kind !== 'resource') return `forbidden: User "${identity.user}" cannot ${attrs.verb} path "${attrs.path}"`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace !== undefined ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const subject = attrs.name !== undefined ? `${qualifiedResource(route.type)} "${attrs.name}"` : qualifiedResource(route.type);
  return `${subject} is forbidden: User "${identity.user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${scope}`;
}
