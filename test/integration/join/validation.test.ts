import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yaml from 'js-yaml';
import { federationClusters, getObject, mutationCounts, startFederation, type Federation } from './federation-fixture.js';

const HOST = 'gke_proj_us-east1-b_c0';
const MEMBER = 'gke_proj_us-east1-b_c1';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'c1' }, { name: 'c2' }, { name: 'mordor', rbac: false }], {
    kubeconfig: { contextNames: { rivendell: HOST, c1: MEMBER } },
  });
});
afterAll(async () => fed?.close());

describe('GKE-style context names', () => {
  it('joins with valid generated names', async () => {
    const join = await fed.run(['join', 'c1', `--cluster-context=${MEMBER}`]);
    expect(join.stderr).not.toContain('error');
    expect(join.code).toBe(0);
    const sa = getObject(fed.emu, 'c1', 'v1', 'ServiceAccount', 'federation-system', 'c1-gke-proj-us-east1-b-c0');
    expect(sa?.metadata.annotations?.['federation.alpha.kubernetes.io/cluster-name']).toBe('c1');
    const cluster = federationClusters(fed.emu).find((c) => c.metadata.name === 'c1');
    expect(cluster?.metadata.annotations?.['federation.kubernetes.io/cluster-role-name']).toBe('federation-controller-manager:fellowship-c1-gke-proj-us-east1-b-c0');
  });
});

describe('unjoin of a member whose context is not named after it', () => {
  it('finds the context by the server address its Cluster records', async () => {
    expect((await fed.run(['join', 'c1', `--cluster-context=${MEMBER}`])).code).toBe(0);
    const run = await fed.run(['unjoin', 'c1']);
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Successfully removed cluster "c1" from federation\n');
    expect(getObject(fed.emu, 'c1', 'v1', 'ServiceAccount', 'federation-system', 'c1-gke-proj-us-east1-b-c0')).toBeUndefined();
  });
});

describe('problems found before the first write: exit 2, nothing mutating sent anywhere', () => {
  it.each([
    ['a missing context', ['join', 'mirkwood'], [`error: context "mirkwood" not found in kubeconfig (<kubeconfig>); pass an existing context to --cluster-context`]],
    [
      'no federation in the namespace',
      ['join', 'c2', '--federation-system-namespace=elsewhere'],
      [
        `error: could not find the deployment for controller manager in host cluster (context "${HOST}", namespace "elsewhere"); pass the federation's host to --host-cluster-context and its namespace to --federation-system-namespace`,
      ],
    ],
    [
      'an invalid cluster name',
      ['join', 'C2_west', '--cluster-context=c2'],
      [
        `error: invalid cluster name "C2_west": a cluster name must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (RFC 1123 subdomain)`,
      ],
    ],
    [
      'a federation context without a recorded host',
      ['join', 'c2', '--context=c2'],
      ['error: context "c2" has no record of a federation made by kubefed init (no host cluster recorded); pass the federation\'s context to --context, or its host cluster\'s context to --host-cluster-context'],
    ],
    [
      'a context that is a plain cluster, not a federation',
      ['join', 'c2', `--context=${HOST}`, `--host-cluster-context=${HOST}`],
      [/^error: context "[^"]+" is not a federation API server \(https:\/\/127\.0\.0\.1:\d+ serves no federation\/v1beta1 Clusters\); pass the federation's context to --context, or make it the current context$/],
    ],
    [
      'every problem at once',
      ['join', 'Bad_Name', 'mirkwood', '--secret-name=x_y'],
      [
        "error: invalid cluster name \"Bad_Name\": a cluster name must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (RFC 1123 subdomain)",
        '--secret-name names the secret of one cluster; leave it out to generate a name for each cluster',
        "invalid --secret-name \"x_y\": a secret name must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        'context "Bad_Name" not found in kubeconfig (<kubeconfig>); pass an existing context to --cluster-context',
        'context "mirkwood" not found in kubeconfig (<kubeconfig>); pass an existing context to --cluster-context',
      ],
    ],
  ])('%s', async (_name, argv, expected) => {
    const before = mutationCounts(fed.emu);
    const run = await fed.run(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const stderr = run.stderr.replaceAll(fed.kubeconfig, '<kubeconfig>').replace(/^Flag --secret-name has been deprecated.*\n/, '');
    if (expected[0] instanceof RegExp) expect(stderr.trimEnd()).toMatch(expected[0]);
    else expect(stderr).toBe(`${expected.join('\n')}\n`);
    expect(mutationCounts(fed.emu)).toEqual(before);
  });
});

describe('--dry-run', () => {
  it('client: sends nothing and prints the objects, secrets redacted', async () => {
    const before = mutationCounts(fed.emu);
    const run = await fed.run(['join', 'mordor', '--dry-run']);
    expect(run.code).toBe(0);
    expect(mutationCounts(fed.emu)).toEqual(before);
    const docs = yaml.loadAll(run.stdout) as { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, string> }[];
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/federation-system', `Secret/${docs[1].metadata.name}`, 'Cluster/mordor', 'ConfigMap/kube-dns']);
    expect(docs[1].data).toEqual({ kubeconfig: '<redacted>' });
    expect(run.stderr).toBe('Secret values are shown as <redacted>; pass --show-secrets to print them.\ncluster "mordor" created (dry run)\n');
    expect(run.stdout).not.toContain('client-key-data');
  });

  it('client with --show-secrets prints the stored kubeconfig', async () => {
    const run = await fed.run(['join', 'mordor', '--dry-run=client', '--show-secrets', '-o', 'json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { kind: string; items: { kind: string; data?: Record<string, string> }[] };
    expect(list.kind).toBe('List');
    const secret = list.items.find((i) => i.kind === 'Secret');
    const kubeconfig = yaml.load(Buffer.from(secret?.data?.kubeconfig ?? '', 'base64').toString()) as { 'current-context': string };
    expect(kubeconfig['current-context']).toBe('mordor');
  });

  it('server: sends every write with dryRun=All and stores nothing', async () => {
    const before = mutationCounts(fed.emu);
    const run = await fed.run(['join', 'c2', '--dry-run=server']);
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('cluster "c2" created (server dry run)\n');
    expect(mutationCounts(fed.emu)).toEqual(before);
    expect(fed.emu.cluster('c2').requests.some((r) => r.dryRun && r.method === 'POST')).toBe(true);
    expect(getObject(fed.emu, 'c2', 'v1', 'Namespace', undefined, 'federation-system')).toBeUndefined();
    expect(federationClusters(fed.emu).map((c) => c.metadata.name)).not.toContain('c2');
  });
});

describe('-o', () => {
  it('json: one result object with every object and what happened to it', async () => {
    const run = await fed.run(['join', 'c2', '-o', 'json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      kind: string;
      clusters: { name: string; joined: boolean; action: string; serviceAccount: string; objects: { where: string; kind: string; action: string }[]; cluster: { kind: string } }[];
    };
    expect(result.kind).toBe('JoinResult');
    expect(result.clusters).toHaveLength(1);
    const [c2] = result.clusters;
    expect([c2.name, c2.joined, c2.action, c2.serviceAccount, c2.cluster.kind]).toEqual(['c2', true, 'created', 'c2-gke-proj-us-east1-b-c0', 'Cluster']);
    expect(c2.objects.map((o) => `${o.where}:${o.kind}:${o.action}`)).toEqual([
      'member:Namespace:created',
      'member:ServiceAccount:created',
      'member:Secret:created',
      'member:ClusterRole:created',
      'member:ClusterRoleBinding:created',
      'host:Secret:created',
      'federation:Cluster:created',
      'member:ConfigMap:created',
    ]);
  });

  it('name and yaml on a re-join', async () => {
    expect((await fed.run(['join', 'c2', '-o', 'name'])).stdout).toBe('cluster/c2\n');
    const printed = yaml.load((await fed.run(['join', 'c2', '-o', 'yaml'])).stdout) as { kind: string; metadata: { name: string } };
    expect([printed.kind, printed.metadata.name]).toEqual(['Cluster', 'c2']);
  });
});
