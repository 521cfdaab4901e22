import { describe, expect, it } from 'vitest';
import type { JoinOptions } from '../../../src/join/options.js';
import { UsageError } from '../../../src/errors.js';
import { findControllerManager, readFederationFacts } from '../../../src/federation/controller-manager.js';
import { foreignObjectProblem, validateGeneratedNames, validateJoinOptions } from '../../../src/join/validate.js';
import { parseDryRun } from '../../../src/options/parse.js';
import type { K8sObject } from '../../../src/k8s/types.js';

const BASE: JoinOptions = {
  clusters: ['gondor'],
  verbose: false,
  quiet: false,
  requestTimeoutMs: 30_000,
  timeoutMs: 120_000,
  retain: false,
  showSecrets: false,
};

const SUBDOMAIN = "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

describe('validateJoinOptions', () => {
  it.each<[string, Partial<JoinOptions>, string[]]>([
    ['one valid cluster', {}, []],
    ['several valid clusters', { clusters: ['c1', 'c2', 'a.b'] }, []],
    ['no cluster', { clusters: [] }, ['CLUSTER_NAME is required']],
    ['upper case', { clusters: ['Gondor'] }, [`invalid cluster name "Gondor": a cluster name ${SUBDOMAIN} (RFC 1123 subdomain)`]],
    ['a cluster twice', { clusters: ['c1', 'c1'] }, ['cluster "c1" is named twice; name each cluster once']],
    [
      '--cluster-context with several clusters',
      { clusters: ['c1', 'c2'], clusterContext: 'x' },
      ['--cluster-context names the context of one cluster; with several clusters, name each cluster after its context, or run once per cluster'],
    ],
    [
      '--secret-name with several clusters',
      { clusters: ['c1', 'c2'], secretName: 's' },
      ['--secret-name names the secret of one cluster; leave it out to generate a name for each cluster'],
    ],
    ['an invalid --secret-name', { secretName: 'S_1' }, [`invalid --secret-name "S_1": a secret name ${SUBDOMAIN}`]],
    [
      'an invalid namespace',
      { federationSystemNamespace: 'fed.system' },
      [
        "invalid --federation-system-namespace \"fed.system\": a namespace name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
      ],
    ],
  ])('%s', (_name, overrides, problems) => {
    expect(validateJoinOptions({ ...BASE, ...overrides })).toEqual(problems);
  });
});

const deployment = (name: string, annotations?: Record<string, string>): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'federation-system', ...(annotations ? { annotations } : {}) },
});

describe('the federation on the host', () => {
  it('takes the first Deployment whose name ends with controller-manager (old and new names)', () => {
    expect(findControllerManager([deployment('apiserver'), deployment('fellowship-controller-manager'), deployment('controller-manager')])?.metadata.name).toBe(
      'fellowship-controller-manager',
    );
    expect(findControllerManager([deployment('apiserver')])).toBeUndefined();
  });

  const where = { hostContext: 'rivendell', namespace: 'federation-system' };
  it.each<[string, K8sObject | undefined, string[]]>([
    [
      'no controller manager',
      undefined,
      [
        'could not find the deployment for controller manager in host cluster (context "rivendell", namespace "federation-system"); pass the federation\'s host to --host-cluster-context and its namespace to --federation-system-namespace',
      ],
    ],
    [
      'no annotations at all',
      deployment('controller-manager'),
      [
        'Federation control manager does not have federation name annotation. Please recreate the federation with a newer version of kubefed, or use an older version of kubefed to join this cluster.',
        'kube-dns config map data missing from controller manager annotations',
      ],
    ],
    ['no federations annotation', deployment('controller-manager', { 'federation.alpha.kubernetes.io/federation-name': 'f' }), ['kube-dns config map data missing from controller manager annotations']],
    ['complete', deployment('controller-manager', { 'federation.alpha.kubernetes.io/federation-name': 'f', federations: 'f=example.com' }), []],
  ])('%s', (_name, cm, problems) => {
    const read = readFederationFacts(cm, where);
    expect(read.problems).toEqual(problems);
    expect(read.facts?.federationName).toBe(problems.length === 0 ? 'f' : undefined);
  });
});

describe('validateGeneratedNames', () => {
  it('accepts what join generates and names each bad one', () => {
    expect(validateGeneratedNames({ clusterName: 'c', secretName: 'c-bcdfg', serviceAccount: 'c-h', tokenSecret: 'c-h-token', clusterRole: 'x:y' })).toEqual([]);
    expect(validateGeneratedNames({ clusterName: 'c', secretName: 'C', clusterRole: 'a/b' })).toEqual([
      `cluster "c": the secret name "C" ${SUBDOMAIN}`,
      `cluster "c": the cluster role name "a/b" may not contain '/' or '%'`,
    ]);
  });
});

describe('foreignObjectProblem', () => {
  const owner = { federationName: 'fellowship', clusterName: 'gondor', contextName: 'gondor' };
  const sa = (annotations?: Record<string, string>): K8sObject => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'gondor-rivendell', namespace: 'federation-system', ...(annotations ? { annotations } : {}) },
  });
  it.each<[string, K8sObject | undefined, string | undefined]>([
    ['nothing there', undefined, undefined],
    ['ours', sa({ 'federation.alpha.kubernetes.io/federation-name': 'fellowship', 'federation.alpha.kubernetes.io/cluster-name': 'gondor' }), undefined],
    [
      "someone else's",
      sa(),
      'serviceaccount "federation-system/gondor-rivendell" already exists in cluster context "gondor" and was not created by joining cluster "gondor" to federation "fellowship"; remove it or pick another cluster name',
    ],
  ])('%s', (_name, existing, problem) => {
    expect(foreignObjectProblem(existing, owner)).toBe(problem);
  });
});

describe('parseDryRun', () => {
  it.each<[unknown, unknown]>([
    [undefined, undefined],
    [true, 'client'],
    ['true', 'client'],
    ['1', 'client'],
    ['client', 'client'],
    ['server', 'server'],
    ['none', undefined],
    ['false', undefined],
  ])('%s', (value, expected) => {
    expect(parseDryRun(value)).toEqual(expected);
  });

  it.each(['sever', ''])('an unknown mode (%j) is a usage error naming the flag', (value) => {
    expect(() => parseDryRun(value)).toThrow(new UsageError(`invalid --dry-run "${value}": use --dry-run, --dry-run=client or --dry-run=server`));
  });
});
