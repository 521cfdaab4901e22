import type { ObjectRef } from '../k8s/types.js';
import type { Where } from './plan.js';

/** What join did with one object; `configured` is kubectl's word for an object it changed. */
export type ObjectAction = 'created' | 'kept' | 'configured';

const PLACE: Record<Where, string> = {
  member: '',
  host: ' in the host cluster',
  federation: ' in the federation',
};

/** `serviceaccount "federation-system/gondor-rivendell"`, `secret "…" in the host cluster`. */
export function describeObject(where: Where, ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string {
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return `${ref.kind.toLowerCase()} "${name}"${PLACE[where]}`;
}
