import { describe, expect, it } from 'vitest';
import { clusterRoleName, hostSecretName, serverAddress, serviceAccountName, toSafeName } from '../../../src/federation/names.js';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../../../src/k8s/name-rules.js';

describe('toSafeName', () => {
  it.each([
    ['already valid', 'gondor-rivendell', 'gondor-rivendell'],
    ['GKE context', 'c2-gke_proj_us-east1-b_c1', 'c2-gke-proj-us-east1-b-c1'],
    ['upper case and @', 'gondor-Admin@Rivendell', 'gondor-admin-rivendell'],
    ['dots and colons', 'gondor-arn:aws:eks:eu-west-1:123:cluster/x', 'gondor-arn-aws-eks-eu-west-1-123-cluster-x'],
    ['runs and edges', '__a__--__b__', 'a-b'],
  ])('%s', (_name, raw, expected) => {
    expect(toSafeName(raw)).toBe(expected);
    expect(dns1123LabelProblem(toSafeName(raw))).toBeUndefined();
  });

  it('cuts long names to 63 characters and adds a hash of the whole input', () => {
    const a = toSafeName(`gondor-${'x'.repeat(80)}-east`);
    const b = toSafeName(`gondor-${'x'.repeat(80)}-west`);
    expect(a).toHaveLength(63);
    expect(b).toHaveLength(63);
    expect(a).not.toBe(b);
    expect(a.slice(0, 54)).toBe(b.slice(0, 54));
    expect(a).toMatch(/^gondor-x+-[0-9a-f]{8}$/);
    expect(dns1123LabelProblem(a)).toBeUndefined();
  });

  it('never cuts in front of a dash', () => {
    const name = toSafeName(`${'a'.repeat(53)}_${'b'.repeat(20)}`);
    expect(name).toMatch(/^a{53}-[0-9a-f]{8}$/);
  });

  it('hashes input with no usable character at all', () => {
    expect(toSafeName('___')).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('generated names', () => {
  it('names the ServiceAccount after the cluster and the host context', () => {
    expect(serviceAccountName('gondor', 'rivendell')).toBe('gondor-rivendell');
    expect(serviceAccountName('gondor', 'gke_proj_us-east1-b_c1')).toBe('gondor-gke-proj-us-east1-b-c1');
  });

  it('names the ClusterRole after the federation and the ServiceAccount', () => {
    expect(clusterRoleName('fellowship', 'gondor-rivendell')).toBe('federation-controller-manager:fellowship-gondor-rivendell');
  });

  it('names the host credentials Secret after the cluster: the same name on every run, distinct per cluster', () => {
    const first = hostSecretName('gondor');
    expect(first).toMatch(/^gondor-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(hostSecretName('gondor')).toBe(first);
    expect(hostSecretName('rohan')).toMatch(/^rohan-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(hostSecretName('gondor2').slice(-5)).not.toBe(first.slice(-5));
    expect(dns1123SubdomainProblem(hostSecretName('a.b-c'))).toBeUndefined();
  });

  it('cuts the base of a long secret name to 58 characters', () => {
    const name = hostSecretName('c'.repeat(100));
    expect(name).toHaveLength(63);
    expect(name.startsWith('c'.repeat(58))).toBe(true);
    expect(dns1123SubdomainProblem(name)).toBeUndefined();
  });
});

describe('name rules', () => {
  it.each([
    ['gondor', undefined],
    ['a.b-c', undefined],
    ['Gondor', "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"],
    ['gondor_1', "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"],
    ['-gondor', "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"],
    ['x'.repeat(254), 'must be no more than 253 characters'],
  ])('subdomain %s', (name, problem) => {
    expect(dns1123SubdomainProblem(name)).toBe(problem);
  });

  it.each([
    ['federation-system', undefined],
    ['a.b', "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"],
    ['x'.repeat(64), 'must be no more than 63 characters'],
  ])('label %s', (name, problem) => {
    expect(dns1123LabelProblem(name)).toBe(problem);
  });

  it.each([
    ['10.8.8.8', 'https://10.8.8.8'],
    ['ally256.example.com:80', 'https://ally256.example.com:80'],
    ['http://plain.example', 'http://plain.example'],
    ['https://127.0.0.1:6443', 'https://127.0.0.1:6443'],
  ])('server address %s', (server, expected) => {
    expect(serverAddress(server)).toBe(expected);
  });
});
