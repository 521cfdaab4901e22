import { describe, expect, it } from 'vitest';
import { admissionFlagForImage, binaryForImage } from '../../../src/federation/objects/layout.js';
import { deployValuesImage } from '../../../src/init/defaults.js';
import { parseQuantity } from '../../../src/init/quantity.js';
import { isDnsLabel, isDnsSubdomain } from '../../../src/k8s/name-rules.js';
import { isEtcdUrl, isImageReference, isLabelValue, labelKeyProblem } from '../../../src/init/value-checks.js';

describe('parseQuantity', () => {
  it.each([
    ['10Gi', 10 * 1024 ** 3],
    ['500M', 500e6],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1e3', 1000],
    ['1E3', 1000],
    ['2E', 2e18],
    ['100', 100],
    ['0.5', 0.5],
    ['.5Ki', 512],
    ['5.', 5],
    ['500m', 0.5],
    ['+1k', 1000],
    ['1e-3', 0.001],
    ['-1Gi', -(1024 ** 3)],
  ])('%s = %d', (text, value) => {
    expect(parseQuantity(text)?.value).toBeCloseTo(value);
  });

  it.each(['10GB', 'abc', '', '1 Gi', 'Gi', '10gi', '1.2.3', '1e', '1e1.5', ' 10Gi', '10Gi '])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('binaryForImage: the container command follows the image', () => {
  it.each([
    ['registry.k8s.io/hyperkube-amd64:v1.8.15', '/hyperkube'],
    ['gcr.io/google_containers/hyperkube:v1.7.0', '/hyperkube'],
    ['localhost:5000/mirror/hyperkube-amd64@sha256:' + 'a'.repeat(64), '/hyperkube'],
    ['gcr.io/k8s-jkns-e2e-gce-federation/fcp-amd64:v1.10.0-alpha.0', '/fcp'],
    ['example.com/hyperkube/fcp:v1', '/fcp'],
    ['fcp', '/fcp'],
  ])('%s → %s', (image, binary) => {
    expect(binaryForImage(image)).toBe(binary);
  });

  it('picks the admission flag the image understands', () => {
    expect(admissionFlagForImage('registry.k8s.io/hyperkube-amd64:v1.8.15')).toBe('--admission-control');
    expect(admissionFlagForImage('gcr.io/k8s-jkns-e2e-gce-federation/fcp-amd64:v1.10.0-alpha.0')).toBe('--enable-admission-plugins');
  });
});

describe('deployValuesImage', () => {
  it('builds <registry>/hyperkube-amd64:<version> with "+" → "_" and default halves', () => {
    expect(deployValuesImage('gcr.io/myrepository/', 'v1.5.0-alpha.0.1010+892a6d7af59c0b')).toBe(
      'gcr.io/myrepository/hyperkube-amd64:v1.5.0-alpha.0.1010_892a6d7af59c0b',
    );
    expect(deployValuesImage(undefined, 'v1.7.0')).toBe('registry.k8s.io/hyperkube-amd64:v1.7.0');
    expect(deployValuesImage('quay.io/me', undefined)).toBe('quay.io/me/hyperkube-amd64:v1.8.15');
  });
});

describe('image references', () => {
  it.each([
    'registry.k8s.io/hyperkube-amd64:v1.8.15',
    'busybox',
    'library/busybox:1.36',
    'localhost:5000/fed/fcp-amd64:v1',
    'registry.example.com:443/a/b/c:tag_1.2-x',
    `quay.io/coreos/etcd@sha256:${'0123456789abcdef'.repeat(4)}`,
    `quay.io/coreos/etcd:v3.1.10@sha256:${'0123456789abcdef'.repeat(4)}`,
    '[fd00::1]:5000/fed:v1',
  ])('accepts %s', (image) => {
    expect(isImageReference(image)).toBe(true);
  });

  it.each([
    'gcr.io/k8s-jkns-e2e-gce-federation/fcp-amd64:v0.0.0-master_$Format:%h$',
    'registry.example.com/Fed:v1',
    'busybox:',
    ':v1',
    'a b',
    '',
    'example.com/fed:-v1',
    'example.com/fed@sha256:abc',
    `example.com/${'a'.repeat(250)}`,
  ])('rejects %j', (image) => {
    expect(isImageReference(image)).toBe(false);
  });
});

describe('Kubernetes names', () => {
  it('DNS labels and subdomains', () => {
    expect(['fellowship', 'a', 'a-1', '0x', 'a'.repeat(63)].every(isDnsLabel)).toBe(true);
    expect(['', 'A', 'a_b', '-a', 'a-', 'a.b', 'a'.repeat(64)].some(isDnsLabel)).toBe(false);
    expect(['fast-ssd', 'a.b.c', 'gp2'].every(isDnsSubdomain)).toBe(true);
    expect(['', 'a..b', 'Fast', 'a.', `${'a'.repeat(63)}.`.repeat(4) + 'a'].some(isDnsSubdomain)).toBe(false);
  });

  it('label keys and values', () => {
    expect(labelKeyProblem('topology.kubernetes.io/zone')).toBeUndefined();
    expect(labelKeyProblem('disk_Type.1')).toBeUndefined();
    expect(labelKeyProblem('/zone')).toMatch(/^its prefix "" must be a DNS subdomain/);
    expect(labelKeyProblem('example.com/')).toMatch(/^its name must be/);
    expect(labelKeyProblem('a'.repeat(64))).toMatch(/^its name must be/);
    expect(['', 'ssd', 'a.b_c-d', 'A1'].every(isLabelValue)).toBe(true);
    expect(['-a', 'a-', 'a b', 'a'.repeat(64)].some(isLabelValue)).toBe(false);
  });

  it('etcd URLs', () => {
    expect(['http://localhost:2379', 'https://10.0.0.1:2379', 'https://[fd00::1]:2379'].every(isEtcdUrl)).toBe(true);
    expect(['etcd:2379', 'ftp://etcd', 'http://', 'localhost'].some(isEtcdUrl)).toBe(false);
  });
});
