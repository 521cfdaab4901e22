/**
 * The PATCH content types the API server accepts and how each one turns the stored object plus
 * the request body into the new object.
 */
import * as yaml from 'js-yaml';
import type { StoredObject } from './contracts.js';
import { applyJsonPatch, JsonPatchError } from './patch-json.js';
import { mergePatch, strategicMerge } from './patch-merge.js';
import { badRequest, StatusError, unsupportedMediaType } from './status.js';

export { applyJsonPatch, JsonPatchError } from './patch-json.js';
export { mergePatch, strategicMerge } from './patch-merge.js';

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_MEDIA_TYPES: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Content-Type → patch kind; 415 with the accepted list otherwise, as the server answers. */
export function patchKindOf(contentType: string | undefined): PatchKind {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const kind = PATCH_MEDIA_TYPES[mediaType];
  if (!kind) throw unsupportedMediaType(Object.keys(PATCH_MEDIA_TYPES));
  return kind;
}

/** Parses a patch body; apply patches are YAML (JSON being a subset of it). */
export function parsePatchBody(kind: PatchKind, body: string): unknown {
  try {
    return kind === 'apply' ? yaml.load(body) : JSON.parse(body);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/** A failed JSON patch is a 422 with the generic message and the detail as its cause. */
function patchFailed(message: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message }],
  });
}

export function applyPatch(kind: PatchKind, original: StoredObject, patch: unknown): StoredObject {
  if (kind === 'json') {
    try {
      return applyJsonPatch(original, patch) as StoredObject;
    } catch (err) {
      if (err instanceof JsonPatchError) throw patchFailed(err.message);
      throw err;
    }
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw badRequest('the body of a merge patch must be a JSON object');
  }
  // Server-side apply merges the applied configuration like a strategic merge patch; field
  // ownership is not tracked, so fields dropped from the configuration are kept.
  const merged = kind === 'merge' ? mergePatch(original, patch) : strategicMerge(original, patch);
  return merged as StoredObject;
}
