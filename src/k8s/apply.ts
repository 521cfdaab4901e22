/**
 * The applier: the only code that creates, changes or deletes objects. One applier serves one
 * command run, in that run's dry-run mode:
 * - no dry run: every write is sent and persisted;
 * - `server`: every write is sent with dryRun=All; objects in a namespace this run is itself only
 *   "creating" are not sent (the server would answer NotFound) and come back `unchecked`;
 * - `client`: nothing is written; apply reports the object as it would be sent, and a deletion
 *   asks only whether the object is there.
 * It remembers what it created, in order, and every object it sent a create for (whether or not
 * the answer arrived), so that a failed run can take back by name everything it may have made.
 * Creates and repairs are retried within the run's deadline when `retry` is given (converge.ts).
 * Calls may overlap (init sends a step's objects together): every list and set here is changed
 * in one synchronous stretch around an await, and an entry is found again by identity, never by
 * position, so overlapping applies neither lose nor mix up entries. `created` and `attempted`
 * are then in the order the creates were sent or answered, not the order apply was called.
 */
import type { DryRunMode } from '../options/common.js';
import { convergeObject, type AbsentFields, type ApplyResult, type WriteRetry } from './converge.js';
import { refOf } from './refs.js';
import type { ClusterClient, DeleteOptions, K8sObject, ObjectRef } from './types.js';

export type { ApplyAction, ApplyResult, WriteRetry } from './converge.js';

export type DeleteOutcome = 'deleted' | 'already gone' | 'failed';

export interface DeleteResult {
  ref: ObjectRef;
  /** In a client dry run, `deleted` means "would be deleted": the object is there. */
  result: DeleteOutcome;
  error?: unknown;
}

export interface ApplierOptions {
  readonly dryRun?: DryRunMode;
  /** Fields that must go when this run no longer sets them (init's optional fields). */
  readonly absentFields?: AbsentFields;
  /** The run's clock, sleep and deadline: creates and repairs are retried within it. */
  readonly retry?: WriteRetry;
}

export interface ApplyCall<Tag> {
  /** An existing object is left exactly as it is (a member's namespace, a token Secret whose token must stay). */
  readonly keepExisting?: boolean;
  /** Remembered with what the applier creates, for the caller's rollback messages. */
  readonly tag?: Tag;
  /**
   * The object as the caller has just read it, or `null` when it is not there (or cannot be: its
   * namespace was absent when the run began); it is then not read again before the write
   * (converge.ts). AlreadyExists still goes through adopt-or-fail.
   */
  readonly knownLive?: K8sObject | null;
}

export interface Created<Tag> {
  readonly client: ClusterClient;
  readonly ref: ObjectRef;
  readonly tag?: Tag;
}

/** An object this applier sent a create for; `confirmed` when the server's answer said created. */
export interface Attempted<Tag> extends Created<Tag> {
  readonly confirmed: boolean;
}

export interface Applier<Tag = undefined> {
  readonly dryRun?: DryRunMode;
  apply(client: ClusterClient, desired: K8sObject, call?: ApplyCall<Tag>): Promise<ApplyResult>;
  /** Writes `object` over the live one as given; its resourceVersion makes a concurrent edit fail with Conflict. */
  replace(client: ClusterClient, object: K8sObject): Promise<K8sObject>;
  /** Deletes one object; a missing one is "already gone", a failure is returned, never thrown. */
  remove(client: ClusterClient, ref: ObjectRef, options?: Pick<DeleteOptions, 'propagationPolicy'>): Promise<DeleteResult>;
  /** What this applier created (never in a dry run), oldest first. */
  readonly created: readonly Created<Tag>[];
  /**
   * Every object this applier sent a create for (never in a dry run), oldest first: what it
   * created, and what it tried to create without seeing the answer (lost, timed out, failed).
   * A rollback deletes all of these by name.
   */
  readonly attempted: readonly Attempted<Tag>[];
}

export function createApplier<Tag = undefined>(options: ApplierOptions = {}): Applier<Tag> {
  const { dryRun } = options;
  const created: Created<Tag>[] = [];
  const attempted: { client: ClusterClient; ref: ObjectRef; tag?: Tag; confirmed: boolean }[] = [];
  // Server dry run: the namespaces each client is only "creating" in this run.
  const pending = new WeakMap<ClusterClient, Set<string>>();
  const isPending = (client: ClusterClient, ns: string | undefined): boolean => ns !== undefined && (pending.get(client)?.has(ns) ?? false);

  return {
    dryRun,
    created,
    attempted,
    async apply(client, desired, call = {}) {
      if (dryRun === 'client' || (dryRun === 'server' && isPending(client, desired.metadata.namespace))) {
        return { ref: refOf(desired), action: 'created', object: desired, unchecked: true };
      }
      const tag = call.tag === undefined ? {} : { tag: call.tag };
      let sent: { client: ClusterClient; ref: ObjectRef; confirmed: boolean } | undefined;
      // The object turned out to be there before our create: it is not ours to roll back.
      const forget = (): void => {
        if (sent && attempted.includes(sent)) attempted.splice(attempted.indexOf(sent), 1);
      };
      const { createdByUs, ...result } = await convergeObject(client, desired, {
        dryRun: dryRun === 'server',
        absentFields: options.absentFields,
        retry: options.retry,
        keepExisting: call.keepExisting,
        knownLive: call.knownLive,
        onCreateSent: (ref) => {
          if (dryRun) return;
          sent = { client, ref, ...tag, confirmed: false };
          attempted.push(sent);
        },
        onForeign: () => forget(),
      });
      if (!createdByUs) forget();
      if (sent && createdByUs) sent.confirmed = true;
      if (result.action === 'created' && dryRun === 'server' && desired.apiVersion === 'v1' && desired.kind === 'Namespace') {
        pending.set(client, new Set([...(pending.get(client) ?? []), desired.metadata.name]));
      }
      if (createdByUs && !dryRun) created.push({ client, ref: result.ref, ...tag });
      return result;
    },
    async replace(client, object) {
      if (dryRun === 'client') return object;
      return client.replace(object, { dryRun: dryRun === 'server' });
    },
    async remove(client, ref, deleteOptions = {}) {
      try {
        if (dryRun === 'client') return { ref, result: (await client.get(ref).catch(() => undefined)) ? 'deleted' : 'already gone' };
        const outcome = await client.delete(ref, { dryRun: dryRun === 'server', propagationPolicy: deleteOptions.propagationPolicy });
        return { ref, result: outcome === 'deleted' ? 'deleted' : 'already gone' };
      } catch (error) {
        return { ref, result: 'failed', error };
      }
    },
  };
}
