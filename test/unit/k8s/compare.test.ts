import { describe, expect, it } from 'vitest';
import { diffObject, isSubset, mergePatchFor, withAbsentFields } from '../../../src/k8s/compare.js';

describe('isSubset', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['equal scalars', 'a', 'a', true],
    ['different scalars', 'a', 'b', false],
    ['number against string', 443, '443', false],
    ['extra live keys are ignored', { a: 1 }, { a: 1, b: 2 }, true],
    ['missing key', { a: 1 }, { b: 2 }, false],
    ['nested difference', { spec: { replicas: 1 } }, { spec: { replicas: 2, paused: false } }, false],
    ['labels we set, others added by users', { labels: { app: 'x' } }, { labels: { app: 'x', team: 'y' } }, true],
    ['label value changed', { labels: { app: 'x' } }, { labels: { app: 'z' } }, false],
    ['null in desired has no opinion', { a: null }, { a: 5 }, true],
    ['empty object matches a missing field', { emptyDir: {} }, {}, true],
    ['empty list matches a missing field', { imagePullSecrets: [] }, {}, true],
    ['empty object against a scalar', { a: {} }, { a: 1 }, false],
    ['scalar list equal', { args: ['--a', '--b'] }, { args: ['--a', '--b'] }, true],
    ['scalar list with an extra live entry', { args: ['--a'] }, { args: ['--a', '--v=9'] }, false],
    ['scalar list reordered', { args: ['--a', '--b'] }, { args: ['--b', '--a'] }, false],
    ['object list by position, server defaults ignored', [{ name: 'c', image: 'i' }], [{ name: 'c', image: 'i', imagePullPolicy: 'Always' }], true],
    ['object list with an extra live entry (a container a previous run added)', [{ name: 'c' }], [{ name: 'c' }, { name: 'etcd' }], false],
    ['object list shorter on the server', [{ name: 'a' }, { name: 'b' }], [{ name: 'a' }], false],
    ['object list in another order', [{ name: 'a' }, { name: 'b' }], [{ name: 'b' }, { name: 'a' }], false],
    ['list against an object', [{ a: 1 }], { a: 1 }, false],
    ['object against missing', { a: 1 }, undefined, false],
  ])('%s', (_name, desired, live, want) => {
    expect(isSubset(desired, live)).toBe(want);
  });
});

describe('mergePatchFor', () => {
  const live = {
    metadata: { name: 'apiserver', labels: { app: 'x', team: 'y' }, resourceVersion: '7' },
    spec: {
      clusterIP: '10.0.0.12',
      type: 'LoadBalancer',
      ports: [{ name: 'https', port: 443, targetPort: 8443, nodePort: 31000, protocol: 'TCP' }],
    },
  };

  it('is undefined when nothing we set differs', () => {
    expect(mergePatchFor({ metadata: { name: 'apiserver', labels: { app: 'x' } }, spec: { type: 'LoadBalancer' } }, live)).toBeUndefined();
  });

  it('sends only the differing fields, never ones we did not set', () => {
    const desired = { metadata: { name: 'apiserver', labels: { app: 'x', module: 'm' } }, spec: { type: 'NodePort' } };
    expect(mergePatchFor(desired, live)).toEqual({ metadata: { labels: { module: 'm' } }, spec: { type: 'NodePort' } });
  });

  it('sends a differing list whole', () => {
    const desired = { spec: { ports: [{ name: 'https', port: 443, targetPort: 443 }] } };
    expect(mergePatchFor(desired, live)).toEqual({ spec: { ports: [{ name: 'https', port: 443, targetPort: 443 }] } });
  });

  it('sets a whole object that is missing on the server', () => {
    expect(mergePatchFor({ spec: { selector: { app: 'x' } } }, live)).toEqual({ spec: { selector: { app: 'x' } } });
  });
});

describe('diffObject', () => {
  const secret = (data: Record<string, string> | undefined, extra: object = {}) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'federation-system' },
    ...(data ? { data } : {}),
    ...extra,
  });

  it('treats a Secret\'s data as ours: an extra key is drift and the patch removes it', () => {
    const patch = diffObject(secret({ a: 'QQ==' }), secret({ a: 'QQ==', stale: 'eA==' }, { type: 'Opaque' }));
    expect(patch).toEqual({ data: { a: 'QQ==', stale: null } });
  });

  it('keeps a Secret whose data matches', () => {
    expect(diffObject(secret({ a: 'QQ==' }, { type: 'Opaque' }), secret({ a: 'QQ==' }, { type: 'Opaque' }))).toBeUndefined();
  });

  it('compares stringData as the base64 data the server stores', () => {
    const desired = { ...secret(undefined), stringData: { token: 'abc' } };
    expect(diffObject(desired, secret({ token: 'YWJj' }))).toBeUndefined();
    expect(diffObject(desired, secret({ token: 'eHl6' }))).toEqual({ data: { token: 'YWJj' } });
  });

  it('leaves a Secret without data to whoever fills it (the token controller)', () => {
    const desired = secret(undefined, { type: 'kubernetes.io/service-account-token' });
    expect(diffObject(desired, secret({ token: 'dA==' }, { type: 'kubernetes.io/service-account-token' }))).toBeUndefined();
  });

  it('uses the plain subset rule for other kinds', () => {
    const cm = (data: object) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
    expect(diffObject(cm({ a: '1' }), cm({ a: '1', b: '2' }))).toBeUndefined();
    expect(diffObject(cm({ a: '1' }), cm({ a: '2' }))).toEqual({ data: { a: '1' } });
  });
});

describe('withAbsentFields', () => {
  const live = { metadata: { annotations: { federations: 'f=z', nameserver: '1.2.3.4:53' } }, spec: { template: { spec: { nodeSelector: { a: 'b' } } } } };

  it('adds a merge-patch null for each path set on the live object', () => {
    expect(withAbsentFields(undefined, live, [['metadata', 'annotations', 'nameserver'], ['spec', 'template', 'spec', 'nodeSelector']])).toEqual({
      metadata: { annotations: { nameserver: null } },
      spec: { template: { spec: { nodeSelector: null } } },
    });
  });

  it('leaves paths that are already absent out, and merges into an existing patch', () => {
    expect(withAbsentFields({ spec: { replicas: 1 } }, live, [['metadata', 'annotations', 'dns-provider']])).toEqual({ spec: { replicas: 1 } });
    expect(withAbsentFields(undefined, live, [['spec', 'template', 'spec', 'imagePullSecrets']])).toBeUndefined();
  });
});
