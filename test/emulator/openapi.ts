/**
 * A minimal OpenAPI v3 discovery: the root index and, per group version, one PATCH operation
 * per kind that declares the `fieldValidation` query parameter. That is what kubectl reads to
 * decide that the server validates fields itself (it then sends fieldValidation=Strict and skips
 * client-side schema validation). The PATCH operations carry no request body on purpose, so
 * kubectl computes strategic merge patches from its compiled-in types.
 */
import { createHash } from 'node:crypto';
import type { ResourceType } from './contracts.js';
import { kubernetesVersion } from './registry.js';
import { pathNotFound } from './status.js';

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function groupVersions(types: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of types) seen.set(gvPath(t.group, t.version), { group: t.group, version: t.version });
  return [...seen.values()];
}

function gvDocument(types: readonly ResourceType[], group: string, version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  // Create-only kinds (the reviews) have no PATCH operation.
  for (const t of types.filter((x) => x.group === group && x.version === version && x.verbs.includes('patch'))) {
    const scope = t.namespaced ? '/namespaces/{namespace}' : '';
    const parameter = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
    paths[`/${gvPath(group, version)}${scope}/${t.resource}/{name}`] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
        parameters: [parameter('dryRun'), parameter('fieldManager'), parameter('fieldValidation'), parameter('force')],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: kubernetesVersion().gitVersion }, paths, components: { schemas: {} } };
}

function hashOf(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
}

/** Answers `/openapi/v3` and `/openapi/v3/<gv>`; anything else under /openapi is 404 as for v2. */
export function openApiDocument(types: readonly ResourceType[], pathname: string): Record<string, unknown> {
  const rest = pathname.replace(/^\/openapi\/v3\/?/, '');
  if (!pathname.startsWith('/openapi/v3')) throw pathNotFound();
  if (rest === '') {
    const paths: Record<string, unknown> = {};
    for (const { group, version } of groupVersions(types)) {
      const doc = gvDocument(types, group, version);
      paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hashOf(doc)}` };
    }
    return { paths };
  }
  const gv = groupVersions(types).find((x) => gvPath(x.group, x.version) === rest);
  if (!gv) throw pathNotFound();
  return gvDocument(types, gv.group, gv.version);
}
