/**
 * The bookkeeping of one member's unjoin: every object it looked at and what became of it, the
 * errors it collected on the way (unjoin never stops at the first), and what it left behind.
 */
import { describeError } from '../describe-error.js';
import { createApplier, type Applier } from '../k8s/apply.js';
import type { ClusterClient, ObjectRef } from '../k8s/types.js';
import { noteStep } from '../run-state.js';
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
  /** Every deletion and update of this unjoin or destroy step goes through it. */
  readonly applier: Applier;

  constructor(
    private readonly log: (line: string) => void,
    private readonly dryRun: 'client' | 'server' | undefined,
  ) {
    this.applier = createApplier({ dryRun });
  }

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

  /** Delete one object (or, in client dry run, say whether it would be deleted), recording the outcome. */
  async remove(client: ClusterClient, where: Where, ref: ObjectRef): Promise<void> {
    noteStep(`removing ${describeObject(where, ref)}`);
    const { result, error } = await this.applier.remove(client, ref);
    if (result === 'failed') this.record(where, ref, 'failed', describeError(error).message);
    else if (result === 'deleted' && this.dryRun === 'client') this.record(where, ref, 'would be deleted');
    else this.record(where, ref, result);
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
