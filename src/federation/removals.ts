/**
 * The bookkeeping of one member's unjoin: every object it looked at and what became of it, the
 * errors it collected on the way (unjoin never stops at the first), and what it left behind.
 */
import { describeError } from '../describe-error.js';
import { deleteObjects } from '../k8s/apply.js';
import type { ClusterClient, ObjectRef } from '../k8s/types.js';
import { describeObject, type Where } from './where.js';

export type RemovalResult = 'deleted' | 'already gone' | 'updated' | 'unchanged' | 'left' | 'failed' | 'would be deleted' | 'would be updated';

export interface Removal {
  readonly where: Where;
  readonly ref: ObjectRef;
  readonly result: RemovalResult;
  readonly note?: string;
}

export class RemovalLog {
  readonly removals: Removal[] = [];
  readonly errors: string[] = [];
  readonly left: string[] = [];

  constructor(
    private readonly log: (line: string) => void,
    private readonly dryRun: 'client' | 'server' | undefined,
  ) {}

  record(where: Where, ref: ObjectRef, result: RemovalResult, note?: string): void {
    this.removals.push({ where, ref, result, ...(note ? { note } : {}) });
    const label = describeObject(where, ref);
    const suffix = this.dryRun === 'server' && result === 'deleted' ? ' (server dry run)' : '';
    if (result === 'failed') this.errors.push(`${label}: ${note ?? 'failed'}`);
    if (result === 'left') this.left.push(note ? `${label} (${note})` : label);
    this.log(`${label} ${result}${suffix}${note ? `: ${note}` : ''}`);
  }

  fail(what: string, error: unknown): void {
    const message = `${what}: ${describeError(error).message}`;
    this.errors.push(message);
    this.log(`could not ${message}`);
  }

  /** Delete one object (or, in client dry run, say it would be deleted), recording the outcome. */
  async remove(client: ClusterClient, where: Where, ref: ObjectRef): Promise<void> {
    if (this.dryRun === 'client') {
      const live = await client.get(ref).catch(() => undefined);
      this.record(where, ref, live ? 'would be deleted' : 'already gone');
      return;
    }
    const [result] = await deleteObjects(client, [ref], { dryRun: this.dryRun === 'server' ? 'server' : undefined });
    if (result.result === 'failed') this.record(where, ref, 'failed', describeError(result.error).message);
    else this.record(where, ref, result.result);
  }
}

/** One removal as it appears in the machine-readable results of unjoin and destroy. */
export function removalResult(r: Removal): Record<string, unknown> {
  return {
    where: r.where,
    kind: r.ref.kind,
    ...(r.ref.namespace ? { namespace: r.ref.namespace } : {}),
    name: r.ref.name,
    result: r.result,
    ...(r.note ? { note: r.note } : {}),
  };
}
