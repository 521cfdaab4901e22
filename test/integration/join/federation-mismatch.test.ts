/**
 * The federation context (init's record says `fellowship`) and a host context whose controller
 * manager belongs to another federation (`cfed`): join would write the Cluster into one
 * federation and the credentials and kube-dns entries for the other. Both join and unjoin refuse
 * with exit 2 before anything is sent that changes anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { federationClusters, getObject, mutationCounts, startFederation, type Federation } from './federation-fixture.js';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'gondor' }, { name: 'lothlorien' }]);
  // gondor hosts federation "cfed" (as far as its controller manager says).
  const store = fed.emu.cluster('gondor').store;
  store.create(store.typeFor('v1', 'Namespace')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'federation-system' } });
  store.create(store.typeFor('apps/v1', 'Deployment')!, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'controller-manager',
      namespace: 'federation-system',
      annotations: {
        'federation.alpha.kubernetes.io/federation-name': 'cfed',
        federations: 'cfed=cfed.example',
        'dns-provider': 'coredns',
        'dns-zone-name': 'cfed.example.',
        nameserver: '127.0.0.1:30054',
      },
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'federated-cluster' } },
      template: { metadata: { labels: { app: 'federated-cluster' } }, spec: { containers: [{ name: 'controller-manager', image: 'fcm:v1' }] } },
    },
  });
  await fed.emu.cluster('gondor').settle();
});
afterAll(async () => fed?.close());

const MISMATCH =
  'error: the federation of context "fellowship" is "fellowship", but the controller manager in namespace federation-system of host context "gondor" ' +
  'belongs to federation "cfed"; pass the matching --host-cluster-context / --federation-system-namespace, or --context\n';

describe('a host context whose controller manager belongs to another federation', () => {
  it.each([
    ['join', ['join', 'lothlorien', '--host-cluster-context=gondor']],
    ['join --dry-run', ['join', 'lothlorien', '--host-cluster-context=gondor', '--dry-run']],
  ])('%s exits 2 and sends nothing that changes anything', async (_name, argv) => {
    const before = mutationCounts(fed.emu);
    const run = await fed.run(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(MISMATCH);
    expect(mutationCounts(fed.emu)).toEqual(before);
    expect(getObject(fed.emu, 'lothlorien', 'v1', 'Namespace', undefined, 'federation-system')).toBeUndefined();
  });

  it('unjoin exits 2 and removes nothing', async () => {
    expect((await fed.run(['join', 'lothlorien'])).code).toBe(0);
    const before = mutationCounts(fed.emu);
    const run = await fed.run(['unjoin', 'lothlorien', '--host-cluster-context=gondor']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(MISMATCH);
    expect(mutationCounts(fed.emu)).toEqual(before);
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).toContain('lothlorien');
    expect(getObject(fed.emu, 'lothlorien', 'v1', 'ServiceAccount', 'federation-system', 'lothlorien-rivendell')).toBeDefined();
  });

  it('with the matching host context, unjoin goes ahead', async () => {
    const run = await fed.run(['unjoin', 'lothlorien', '--host-cluster-context=rivendell']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Successfully removed cluster "lothlorien" from federation\n');
  });
});
