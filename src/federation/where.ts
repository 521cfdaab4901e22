import type { ObjectRef } from '../k8s/types.js';

/** The three API servers a member's join and unjoin write to. */
export type Where = 'member' | 'host' | 'federation';

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
