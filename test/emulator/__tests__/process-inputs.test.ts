import { describe, expect, it } from 'vitest';
import type { Store, StoredObject } from '../contracts.js';
import { kubernetesResourceTypes } from '../registry.js';
import { createStore } from '../store.js';
import { podTemplateHash } from '../controllers/deployment.js';
import { containerFiles, resolveVolumes } from '../controllers/pod-files.js';
import { backoffSeconds, fullImageName } from '../controllers/pod-status.js';
import { parseFlags, parsePasswordFile, parseTokenFile, subcommandArgs } from '../controllers/process-args.js';

describe('command lines of the emulated binaries', () => {
  it.each([
    ['key=value', ['--secure-port=8443'], [['secure-port', '8443']]],
    ['separate value', ['--data-dir', '/var/etcd/data'], [['data-dir', '/var/etcd/data']]],
    ['bare boolean', ['--insecure', '--v=2'], [['insecure', 'true'], ['v', '2']]],
    ['later wins', ['--a=1', '--a=2'], [['a', '2']]],
    ['empty value', ['--zero-value-arg='], [['zero-value-arg', '']]],
  ])('%s', (_name, args, flags) => {
    expect([...parseFlags(args).flags]).toEqual(flags);
  });

  it('finds the arguments after a multi-call binary subcommand', () => {
    expect(subcommandArgs(['/fcp', 'federation-apiserver', '--x=1'], 'federation-apiserver')).toEqual(['--x=1']);
    expect(subcommandArgs(['/hyperkube', 'federation-controller-manager'], 'federation-controller-manager')).toEqual([]);
    expect(subcommandArgs(['/usr/local/bin/etcd', '--data-dir', 'x'], 'federation-apiserver')).toBeUndefined();
  });
});

describe("kube-apiserver's CSV auth files", () => {
  it('reads tokens with optional quoted groups', () => {
    const tokens = parseTokenFile('/t.csv', 'abc,admin,uid-1\n\n xyz, bob ,uid-2,"g1,g2"\n');
    expect([...tokens]).toEqual([
      ['abc', { user: 'admin', groups: [] }],
      ['xyz', { user: 'bob ', groups: ['g1', 'g2'] }],
    ]);
  });

  it('refuses a line with fewer than three columns, with the binary message', () => {
    expect(() => parseTokenFile('/etc/federation/apiserver/token.csv', 'abc,admin\n')).toThrow(
      "token file '/etc/federation/apiserver/token.csv' must have at least 3 columns (token, user name, user uid), found 2",
    );
    expect(() => parsePasswordFile('/b.csv', 'only-one\n')).toThrow("password file '/b.csv' must have at least 3 columns (password, user name, user uid), found 1");
  });

  it('keys passwords by user name', () => {
    expect([...parsePasswordFile('/b.csv', 'secret,admin,uid-9\n')]).toEqual([['admin', { password: 'secret', identity: { user: 'admin', groups: [] } }]]);
  });
});

describe('files a container sees through its volume mounts', () => {
  function storeWith(objects: StoredObject[]): Store {
    const store = createStore(kubernetesResourceTypes(), { now: () => new Date('2026-01-02T03:04:05Z') });
    for (const obj of objects) store.create(store.typeFor(obj.apiVersion, obj.kind)!, obj);
    return store;
  }
  const secret: StoredObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'ns' }, data: { 'ca.crt': Buffer.from('CA').toString('base64'), 'server.key': Buffer.from('KEY').toString('base64') } };

  it('maps each key to a file under the mount path, honours items and subPath, and fails like Go', () => {
    const store = storeWith([secret]);
    const spec = {
      containers: [],
      volumes: [
        { name: 'all', secret: { secretName: 'creds' } },
        { name: 'some', secret: { secretName: 'creds', items: [{ key: 'ca.crt', path: 'tls/ca.pem' }] } },
      ],
    };
    const { volumes, problems } = resolveVolumes(store, 'ns', spec);
    expect(problems).toEqual([]);
    const files = containerFiles(
      { name: 'c', volumeMounts: [{ name: 'all', mountPath: '/etc/creds' }, { name: 'some', mountPath: '/etc/other/' }, { name: 'all', mountPath: '/key.pem', subPath: 'server.key' }] },
      volumes,
    );
    expect(files.read('/etc/creds/ca.crt').toString()).toBe('CA');
    expect(files.read('/etc/other/tls/ca.pem').toString()).toBe('CA');
    expect(files.read('/key.pem').toString()).toBe('KEY');
    expect(() => files.read('/etc/other/ca.crt')).toThrow('open /etc/other/ca.crt: no such file or directory');
    expect(() => files.read('/etc/creds-x/ca.crt')).toThrow('open /etc/creds-x/ca.crt: no such file or directory');
  });

  it('reports a missing Secret or ConfigMap as the kubelet FailedMount message, unless optional', () => {
    const store = storeWith([]);
    const { problems } = resolveVolumes(store, 'ns', {
      containers: [],
      volumes: [
        { name: 'a', secret: { secretName: 'nope' } },
        { name: 'b', configMap: { name: 'gone' } },
        { name: 'c', secret: { secretName: 'maybe', optional: true } },
      ],
    });
    expect(problems.map((p) => p.message)).toEqual([
      'MountVolume.SetUp failed for volume "a" : secret "nope" not found',
      'MountVolume.SetUp failed for volume "b" : configmap "gone" not found',
    ]);
  });
});

describe('small runtime details', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/etcd:3', 'docker.io/bitnami/etcd:3'],
    ['registry.k8s.io/etcd:3.5.16-0', 'registry.k8s.io/etcd:3.5.16-0'],
    ['localhost:5000/fcp', 'localhost:5000/fcp:latest'],
  ])('names image %s as %s', (image, full) => {
    expect(fullImageName(image)).toBe(full);
  });

  it('backs off 10s, doubling, up to 5m', () => {
    expect([1, 2, 3, 5, 6, 9].map(backoffSeconds)).toEqual(['10s', '20s', '40s', '2m40s', '5m', '5m']);
  });

  it('hashes a pod template independently of key order', () => {
    const a = podTemplateHash({ metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [] } });
    const b = podTemplateHash({ spec: { containers: [] }, metadata: { labels: { b: '2', a: '1' } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(podTemplateHash({ spec: { containers: [{ name: 'x' }] } })).not.toBe(a);
  });
});
