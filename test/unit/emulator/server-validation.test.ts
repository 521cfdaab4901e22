import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allocateNodePort } from '../../emulator/validation.js';
import { namespace, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ extra: { nodePortRange: { min: 31000, max: 31999 } } });
  await s.request('POST', '/api/v1/namespaces', { body: namespace('v') });
});
afterAll(() => s.close());

const post = (path: string, body: unknown) => s.request('POST', path, { body });

function deployment(overrides: (d: any) => void = () => undefined): any {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'img:1.0' }] } } },
  };
  overrides(d);
  return d;
}

const service = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });

describe('names, labels and annotations', () => {
  test.each([
    ['/api/v1/namespaces/v/configmaps', { metadata: { name: 'Upper' } }, 'ConfigMap "Upper" is invalid: metadata.name: Invalid value: "Upper": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')'],
    ['/api/v1/namespaces/v/configmaps', { metadata: {} }, 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required'],
    ['/api/v1/namespaces', { metadata: { name: 'a.b' } }, 'Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')'],
    ['/api/v1/namespaces/v/services', service('1svc', { ports: [{ port: 80 }] }), 'Service "1svc" is invalid: metadata.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')'],
    ['/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'a/b' }, rules: [] }, 'ClusterRole.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain \'/\''],
    ['/api/v1/namespaces/v/configmaps', { metadata: { name: 'l', labels: { 'bad key': 'x' } } }, 'ConfigMap "l" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')'],
    ['/api/v1/namespaces/v/configmaps', { metadata: { name: 'l', labels: { ok: '-bad' } } }, 'ConfigMap "l" is invalid: metadata.labels: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')'],
    ['/api/v1/namespaces/v/configmaps', { metadata: { name: 'l', annotations: { 'federation.kubernetes.io/': 'x' } } }, 'ConfigMap "l" is invalid: metadata.annotations: Invalid value: "federation.kubernetes.io/": name part must be non-empty'],
  ])('%s %j', async (path, body, message) => {
    const res = await post(path, body);
    expect(res.status).toBe(422);
    expect(res.json.message).toBe(message);
    expect(res.json.reason).toBe('Invalid');
  });

  test('RBAC names may contain colons; causes list every problem', async () => {
    expect((await post('/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'federation-controller-manager:fed-a-b' }, rules: [] })).status).toBe(201);
    const res = await post('/api/v1/namespaces/v/configmaps', { metadata: { name: 'Two_Problems', labels: { 'x/y/z': 'v' } } });
    expect(res.json.details.causes.map((c: any) => `${c.reason} ${c.field}`)).toEqual(['FieldValueInvalid metadata.name', 'FieldValueInvalid metadata.labels']);
    expect(res.json.message).toMatch(/^ConfigMap "Two_Problems" is invalid: \[metadata\.name: Invalid value: "Two_Problems": .*, metadata\.labels: Invalid value: "x\/y\/z": .*\]$/);
  });
});

describe('Deployment', () => {
  test('defaults as the real server does', async () => {
    const res = await post('/apis/apps/v1/namespaces/v/deployments', deployment((d) => d.spec.template.spec.containers.push({ name: 'latest', image: 'busybox', ports: [{ containerPort: 80 }] })));
    expect(res.status).toBe(201);
    expect(res.json.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } });
    expect(res.json.spec.template.spec.containers).toEqual([
      { name: 'c', image: 'img:1.0', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
      { name: 'latest', image: 'busybox', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'Always', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ]);
    expect(res.json.status).toEqual({});
    expect(res.json.metadata.generation).toBe(1);
  });

  test.each([
    ['no selector', (d: any) => delete d.spec.selector, 'Deployment.apps "d" is invalid: spec.selector: Required value'],
    ['selector does not match', (d: any) => (d.spec.selector.matchLabels.app = 'other'), 'Deployment.apps "d" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"d"}: `selector` does not match template `labels`'],
    ['container without image', (d: any) => delete d.spec.template.spec.containers[0].image, 'Deployment.apps "d" is invalid: spec.template.spec.containers[0].image: Required value'],
    ['container without name', (d: any) => delete d.spec.template.spec.containers[0].name, 'Deployment.apps "d" is invalid: spec.template.spec.containers[0].name: Required value'],
    ['port name too long', (d: any) => (d.spec.template.spec.containers[0].ports = [{ name: 'federation-apiserver', containerPort: 443 }]), 'Deployment.apps "d" is invalid: spec.template.spec.containers[0].ports[0].name: Invalid value: "federation-apiserver": must be no more than 15 characters'],
    ['port name syntax', (d: any) => (d.spec.template.spec.containers[0].ports = [{ name: 'Https', containerPort: 443 }]), 'Deployment.apps "d" is invalid: spec.template.spec.containers[0].ports[0].name: Invalid value: "Https": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['restartPolicy', (d: any) => (d.spec.template.spec.restartPolicy = 'Never'), 'Deployment.apps "d" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ['mount of an unknown volume', (d: any) => (d.spec.template.spec.containers[0].volumeMounts = [{ name: 'creds', mountPath: '/etc/creds' }]), 'Deployment.apps "d" is invalid: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "creds"'],
    ['empty imagePullPolicy', (d: any) => (d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes'), 'Deployment.apps "d" is invalid: spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
  ])('%s', async (_name, change, message) => {
    const res = await post('/apis/apps/v1/namespaces/v/deployments', deployment(change));
    expect(res.status).toBe(422);
    expect(res.json.message).toBe(message);
  });

  test('spec.selector is immutable', async () => {
    const res = await s.request('PUT', '/apis/apps/v1/namespaces/v/deployments/d', {
      body: deployment((d) => {
        d.spec.selector.matchLabels = { app: 'd', extra: 'x' };
        d.spec.template.metadata.labels = { app: 'd', extra: 'x' };
      }),
    });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('Deployment.apps "d" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"d", "extra":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });
});

describe('Service', () => {
  test('defaults and a cluster IP from 10.96.0.0/16', async () => {
    const res = await post('/api/v1/namespaces/v/services', service('plain', { selector: { app: 'd' }, ports: [{ port: 8443 }] }));
    expect(res.status).toBe(201);
    expect(res.json.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 8443, protocol: 'TCP', targetPort: 8443 }] });
    expect(res.json.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(res.json.spec.clusterIPs).toEqual([res.json.spec.clusterIP]);
    expect(res.json.status).toEqual({ loadBalancer: {} });
    const put = await s.request('PUT', '/api/v1/namespaces/v/services/plain', { body: service('plain', { selector: { app: 'x' }, ports: [{ port: 8443 }] }) });
    expect(put.json.spec.clusterIP).toBe(res.json.spec.clusterIP);
    const change = await s.request('PUT', '/api/v1/namespaces/v/services/plain', { body: service('plain', { clusterIP: '10.96.200.200', ports: [{ port: 8443 }] }) });
    expect(change.status).toBe(422);
    expect(change.json.message).toBe('Service "plain" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.200.200"}: may not change once set');
  });

  test('NodePort: a port from the configured range that is free on this machine, kept on update', async () => {
    const res = await post('/api/v1/namespaces/v/services', service('np', { type: 'NodePort', ports: [{ port: 443, name: 'https' }, { port: 80, name: 'http' }] }));
    expect(res.status).toBe(201);
    const ports = res.json.spec.ports.map((p: any) => p.nodePort);
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(31000);
    for (const port of ports) expect(port).toBeLessThanOrEqual(31999);
    expect(new Set(ports).size).toBe(2);
    expect(res.json.spec.externalTrafficPolicy).toBe('Cluster');
    const put = await s.request('PUT', '/api/v1/namespaces/v/services/np', { body: service('np', { type: 'NodePort', ports: [{ port: 443, name: 'https' }, { port: 80, name: 'http' }] }) });
    expect(put.json.spec.ports.map((p: any) => p.nodePort)).toEqual(ports);
  });

  test('a requested nodePort is honoured, unless out of range or taken by another Service', async () => {
    const ok = await post('/api/v1/namespaces/v/services', service('want', { type: 'NodePort', ports: [{ port: 443, nodePort: 31080 }] }));
    expect(ok.json.spec.ports[0].nodePort).toBe(31080);
    const taken = await post('/api/v1/namespaces/v/services', service('clash', { type: 'LoadBalancer', ports: [{ port: 443, nodePort: 31080 }] }));
    expect(taken.status).toBe(422);
    expect(taken.json.message).toBe('Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 31080: provided port is already allocated');
    const range = await post('/api/v1/namespaces/v/services', service('range', { type: 'NodePort', ports: [{ port: 443, nodePort: 30080 }] }));
    expect(range.json.message).toBe('Service "range" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is not in the valid range. The range of valid ports is 31000-31999');
  });

  test.each([
    ['bad type', { type: 'Ingress', ports: [{ port: 1 }] }, 'Service "s" is invalid: spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ['no ports', { ports: [] }, 'Service "s" is invalid: spec.ports: Required value'],
    ['port missing', { ports: [{ name: 'x' }] }, 'Service "s" is invalid: spec.ports[0].port: Required value'],
    ['nodePort on ClusterIP', { ports: [{ port: 80, nodePort: 31111 }] }, "Service \"s\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ['unnamed ports', { ports: [{ port: 80 }, { port: 81 }] }, 'Service "s" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]'],
  ])('%s', async (_name, spec, message) => {
    const res = await post('/api/v1/namespaces/v/services', service('s', spec));
    expect(res.json.message).toBe(message);
  });
});

describe('allocateNodePort', () => {
  test('skips ports something on this machine listens on', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const result = await allocateNodePort(undefined, { range: { min: busy, max: busy + 1 }, inUse: new Set(), reserve: false });
      expect(result).toEqual({ ok: true, port: busy + 1 });
    } finally {
      blocker.close();
    }
  });

  test('reports a full range, a taken port and an out-of-range port', async () => {
    const range = { min: 32000, max: 32001 };
    expect(await allocateNodePort(undefined, { range, inUse: new Set([32000, 32001]) })).toEqual({ ok: false, reason: 'full' });
    expect(await allocateNodePort(32000, { range, inUse: new Set([32000]) })).toEqual({ ok: false, reason: 'allocated' });
    expect(await allocateNodePort(31999, { range, inUse: new Set() })).toEqual({ ok: false, reason: 'out-of-range' });
    expect(await allocateNodePort(undefined, { range, inUse: new Set([32000]), isFree: async () => true, reserve: false })).toEqual({ ok: true, port: 32001 });
  });
});

describe('Secret, PVC, Namespace', () => {
  test('a service-account token Secret needs the account annotation; type is immutable', async () => {
    const token = { metadata: { name: 'tok' }, type: 'kubernetes.io/service-account-token' };
    const res = await post('/api/v1/namespaces/v/secrets', token);
    expect(res.json.message).toBe('Secret "tok" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value');
    await post('/api/v1/namespaces/v/secrets', { metadata: { name: 'opaque' }, data: { 'a.b': 'eA==' } });
    const change = await s.request('PUT', '/api/v1/namespaces/v/secrets/opaque', { body: { metadata: { name: 'opaque' }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } } });
    expect(change.json.message).toBe('Secret "opaque" is invalid: type: Invalid value: "kubernetes.io/tls": field is immutable');
  });

  test('Secret data must be base64 (400) with valid keys (422)', async () => {
    const bad = await post('/api/v1/namespaces/v/secrets', { metadata: { name: 'b64' }, data: { key: 'not base64!' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    const key = await post('/api/v1/namespaces/v/secrets', { metadata: { name: 'key' }, data: { 'bad/key': 'eA==' } });
    expect(key.json.message).toBe("Secret \"key\" is invalid: data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  });

  test('PVC needs access modes and a storage request with a valid quantity', async () => {
    const claim = (spec: unknown) => ({ metadata: { name: 'claim' }, spec });
    expect((await post('/api/v1/namespaces/v/persistentvolumeclaims', claim({ resources: { requests: { storage: '10Gi' } } }))).json.message).toBe(
      'PersistentVolumeClaim "claim" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    );
    expect((await post('/api/v1/namespaces/v/persistentvolumeclaims', claim({ accessModes: ['ReadWriteOnce'] }))).json.message).toBe(
      'PersistentVolumeClaim "claim" is invalid: spec.resources[storage]: Required value',
    );
    const quantity = await post('/api/v1/namespaces/v/persistentvolumeclaims', claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10 GB' } } }));
    expect(quantity.status).toBe(400);
    expect(quantity.json.message).toBe("PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    const ok = await post('/api/v1/namespaces/v/persistentvolumeclaims', claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } }));
    expect(ok.json.spec.volumeMode).toBe('Filesystem');
    expect(ok.json.status).toEqual({ phase: 'Pending' });
  });

  test('Namespace gets its name label, the kubernetes finalizer and phase Active', async () => {
    const res = await post('/api/v1/namespaces', { metadata: { name: 'fresh', labels: { team: 'a' } } });
    expect(res.json.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'fresh' });
    expect(res.json.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(res.json.status).toEqual({ phase: 'Active' });
  });
});

describe('JSON types', () => {
  test('a field of the wrong JSON type is a decode error (400), as the server reports it', async () => {
    const res = await post('/apis/apps/v1/namespaces/v/deployments', deployment((d) => (d.spec.replicas = '2')));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      reason: 'BadRequest',
      message: 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Deployment.spec.replicas of type int32',
    });
    const port = await post('/api/v1/namespaces/v/services', service('typed', { ports: [{ port: 80, targetPort: 'http' }, { port: '81', name: 'b' }] }));
    expect(port.json.message).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field Service.spec.ports.port of type int32');
  });
});

describe('unknown fields and warnings', () => {
  test('Warn (the default) drops unknown fields and names them in Warning headers and the log', async () => {
    const res = await post('/apis/apps/v1/namespaces/v/deployments', deployment((d) => {
      d.metadata.name = 'typo';
      d.spec.replica = 3;
      d.spec.template.spec.containers[0].imagePullPolice = 'Always';
    }));
    expect(res.status).toBe(201);
    // In the order they appear in the body, as the decoder meets them.
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec.template.spec.containers[0].imagePullPolice\\"", 299 - "unknown field \\"spec.replica\\""');
    expect(res.json.spec.replica).toBeUndefined();
    expect(res.json.spec.template.spec.containers[0].imagePullPolice).toBeUndefined();
    expect((s.log[s.log.length - 1] as { warnings?: string[] }).warnings).toEqual(['unknown field "spec.template.spec.containers[0].imagePullPolice"', 'unknown field "spec.replica"']);
  });

  test('Strict refuses them; Ignore drops them silently', async () => {
    const strict = await post('/api/v1/namespaces/v/configmaps?fieldValidation=Strict', { metadata: { name: 'strict', labelz: { a: 'b' } }, date: { a: 'b' } });
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.labelz", unknown field "date"');
    const ignore = await post('/api/v1/namespaces/v/configmaps?fieldValidation=Ignore', { metadata: { name: 'ignore' }, date: { a: 'b' } });
    expect(ignore.status).toBe(201);
    expect(ignore.headers.warning).toBeUndefined();
    expect(ignore.json.date).toBeUndefined();
  });

  test('an empty imagePullSecrets entry is accepted with a warning', async () => {
    const res = await post('/apis/apps/v1/namespaces/v/deployments', deployment((d) => {
      d.metadata.name = 'pull';
      d.spec.template.spec.imagePullSecrets = [{ name: '' }];
    }));
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "spec.template.spec.imagePullSecrets[0].name: invalid empty name \\"\\""');
  });
});
