import { describe, expect, it } from 'vitest';
import { CliError, TimeoutError } from '../../../src/errors.js';
import { KubeApiError } from '../../../src/k8s/api-error.js';
import { formatObjects, memberFailure, redactSecret } from '../../../src/join/report.js';
import type { MemberOutcome } from '../../../src/join/run-member.js';
import type { K8sObject } from '../../../src/k8s/types.js';

const outcome = (error: unknown, retained: string[] = []): MemberOutcome => ({
  clusterName: 'gondor',
  ok: false,
  error,
  applied: [],
  rolledBack: [],
  retained,
  warnings: [],
});

describe('redactSecret', () => {
  it('replaces every Secret value and leaves other kinds alone', () => {
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'dG9r', 'ca.crt': 'Q0E=' } };
    expect(redactSecret(secret).data).toEqual({ token: 'REDACTED', 'ca.crt': 'REDACTED' });
    expect(secret.data).toEqual({ token: 'dG9r', 'ca.crt': 'Q0E=' });
    const cm: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    expect(redactSecret(cm)).toBe(cm);
  });
});

describe('formatObjects', () => {
  const a: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
  it('prints YAML documents separated by ---, or a JSON List', () => {
    expect(formatObjects([a, a], 'yaml')).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
    expect(JSON.parse(formatObjects([a], 'json'))).toEqual({ apiVersion: 'v1', kind: 'List', items: [a] });
  });
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
