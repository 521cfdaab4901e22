import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/k8s/types.js';
import { kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { fakeClient, type FakeClient } from '../../helpers/fake-client.js';
import { federationContext } from './kubeconfig-fixture.js';

const FED = { 'federation.alpha.kubernetes.io/federation-name': 'fellowship' };
const deployment = (name: string): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'federation-system', annotations: FED } });

/** A host whose namespace stays Terminating for ever (a finalizer nobody removes). */
function stuckHost(): FakeClient {
  const base = fakeClient('rivendell', [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system', annotations: FED } },
    deployment('apiserver'),
    deployment('controller-manager'),
  ]);
  return {
    ...base,
    async delete(ref, options) {
      if (ref.kind !== 'Namespace') return base.delete(ref, options);
      const key = 'Namespace//federation-system';
      const ns = base.objects.get(key) as K8sObject;
      base.objects.set(key, { ...ns, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
      return 'deleted';
    },
  };
}

describe('kubefed destroy when the namespace does not go away', () => {
  it('exits 3 after --timeout with a diagnosis, and keeps the kubeconfig entries for a re-run', async () => {
    const dir = tempDir('kubefed-destroy-timeout-');
    const record = { 'host-context': 'rivendell', 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' };
    const text = yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'rivendell', cluster: { server: 'https://rivendell.example' } },
        { name: 'fellowship', cluster: { server: 'https://fellowship.example' } },
      ],
      users: [{ name: 'rivendell', user: { token: 'a' } }, { name: 'fellowship', user: { token: 'b' } }],
      contexts: [{ name: 'rivendell', context: { cluster: 'rivendell', user: 'rivendell' } }, federationContext('fellowship', record)],
    });
    const kubeconfig = writeTemp(dir, 'config', text);
    const host = stuckHost();
    const federation = fakeClient('fellowship');
    const clients = { forContext: async (ctx: { name: string }) => (ctx.name === 'rivendell' ? host : federation) };
    let now = Date.parse('2026-01-02T03:04:05Z');
    const result = await kubefed(['destroy', 'fellowship', '--yes', '--timeout=3s', '--kubeconfig', kubeconfig], {
      clients,
      now: () => new Date(now),
      sleep: async (ms) => {
        now += ms;
      },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'Unjoining clusters from the federation... none joined',
        'Deleting federation component deployments... done',
        'Deleting federation control plane objects (credentials, persistent volume claim)... already gone',
        'Deleting federation control plane service... already gone',
        'Deleting namespace federation-system...... failed',
        'Updating kubeconfig... kept',
        'kubeconfig entries of federation "fellowship" kept so that running kubefed destroy fellowship again finds the federation',
        'error: timed out waiting for namespace "federation-system" to be deleted (--timeout 3s)',
        'namespace "federation-system" is Terminating (finalizers: kubernetes)',
        'Fix the cause and run kubefed destroy fellowship again: what was deleted stays deleted.',
        '',
      ].join('\n'),
    );
    expect(host.writes).toEqual(['DELETE Deployment/federation-system/controller-manager', 'DELETE Deployment/federation-system/apiserver']);
    expect(readFileSync(kubeconfig, 'utf8')).toBe(text);
  });
});
