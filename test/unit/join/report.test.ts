import { describe, expect, it } from 'vitest';
import { CliError, TimeoutError } from '../../../src/errors.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { memberFailure } from '../../../src/join/report.js';
import type { MemberOutcome } from '../../../src/join/run-member.js';

const outcome = (error: unknown, retained: string[] = []): MemberOutcome => ({
  clusterName: 'gondor',
  ok: false,
  error,
  applied: [],
  rolledBack: [],
  retained,
  warnings: [],
});

describe('memberFailure', () => {
  it('names the cluster in front of the cause and keeps its exit code', () => {
    const err = memberFailure(outcome(new KubeApiError(403, 'clusterroles is forbidden', { reason: 'Forbidden' })));
    expect(err).toBeInstanceOf(CliError);
    expect(err.message).toBe('cluster "gondor" was not joined: Error from server (Forbidden): clusterroles is forbidden');
    expect(err.exitCode).toBe(1);
  });

  it('keeps a timeout a timeout (exit 3) with its diagnosis', () => {
    const err = memberFailure(outcome(new TimeoutError('timed out waiting', ['last error: x'], 'raise --timeout')));
    expect(err).toBeInstanceOf(TimeoutError);
    expect([err.message, err.exitCode, (err as TimeoutError).diagnosis, err.hint]).toEqual([
      'cluster "gondor" was not joined: timed out waiting',
      3,
      ['last error: x'],
      'raise --timeout',
    ]);
  });

  it('says what --retain left in place', () => {
    expect(memberFailure(outcome(new Error('boom'), ['namespace "federation-system"'])).hint).toBe('left in place: namespace "federation-system"');
  });
});
