import { describe, expect, it } from 'vitest';
import { DEFAULT_ETCD_IMAGE, DEFAULT_IMAGE } from '../../../src/init/defaults.js';
import { resolveInitOptions } from '../../../src/init/options.js';
import { flagsOf, memoryIo, resolveOk, BASE_VALUES } from './helpers.js';

describe('resolveInitOptions: the options it builds', () => {
  it('fills every default of the original (fed HEAD) plus the new switches', () => {
    expect(resolveOk({ dnsProvider: 'google-clouddns', dnsProviderConfig: undefined })).toEqual({
      federationName: 'fellowship',
      hostClusterContext: 'rivendell',
      namespace: 'federation-system',
      kubeconfig: undefined,
      context: undefined,
      credentialsKubeconfig: undefined,
      dns: { provider: 'google-clouddns', zoneName: 'example.com.', providerConfig: undefined },
      images: { apiserver: DEFAULT_IMAGE, controllerManager: DEFAULT_IMAGE, etcd: DEFAULT_ETCD_IMAGE, pullPolicy: 'IfNotPresent', pullSecrets: [] },
      etcd: { servers: undefined, persistentStorage: true, pvCapacity: '10Gi', pvStorageClass: undefined },
      apiserverArgOverrides: {},
      controllerManagerArgOverrides: {},
      nodeSelector: {},
      service: { type: 'LoadBalancer', advertiseAddress: undefined, nodePort: undefined },
      auth: { basic: false, token: false },
      dryRun: undefined,
      showSecrets: false,
      wait: true,
      timeoutMs: 300_000,
      requestTimeoutMs: 30_000,
      setCurrentContext: false,
      overwrite: false,
      verbose: false,
      quiet: false,
      output: undefined,
      configFile: undefined,
      settings: expect.any(Object),
    });
  });

  it('hands on every setting typed by its kind', () => {
    const options = resolveOk({ apiServerServiceType: 'NodePort', apiServerPort: '32111', imagePullSecrets: 'a, b', nodeSelector: 'disk=ssd', overwrite: 'true' });
    expect(options.settings).toMatchObject({
      dnsProvider: 'coredns',
      apiServerPort: 32111,
      imagePullSecrets: ['a', 'b'],
      nodeSelector: { disk: 'ssd' },
      etcdPersistentStorage: true,
      wait: true,
      overwrite: true,
      kubeconfig: undefined,
      etcdServers: [],
    });
  });

  it('leaves the host context unset when not given (the kubeconfig current context is used)', () => {
    expect(resolveOk({ hostClusterContext: undefined }).hostClusterContext).toBeUndefined();
    const flags = flagsOf(['fellowship'], { dnsProvider: 'google-clouddns', dnsZoneName: 'example.com.' });
    expect(resolveInitOptions(flags, memoryIo()).hostClusterContext).toBeUndefined();
  });

  it('reads NodePort, advertise address and port', () => {
    const options = resolveOk({ apiServerServiceType: 'NodePort', apiServerAdvertiseAddress: '127.0.0.1', apiServerPort: '32111' });
    expect(options.service).toEqual({ type: 'NodePort', advertiseAddress: '127.0.0.1', nodePort: 32111 });
    expect(resolveOk({ apiServerServiceType: 'NodePort', apiServerAdvertiseAddress: 'fd00::1', apiServerPort: '0' }).service).toEqual({
      type: 'NodePort',
      advertiseAddress: 'fd00::1',
      nodePort: undefined,
    });
  });

  it.each([
    [undefined, undefined],
    [false, undefined],
    [true, 'client'],
    ['client', 'client'],
    ['server', 'server'],
    ['true', 'client'],
    ['false', undefined],
  ] as const)('--dry-run %s → %s', (value, mode) => {
    expect(resolveOk(value === undefined ? {} : { dryRun: value }).dryRun).toBe(mode);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['F', false],
    [true, true],
  ] as const)('boolean flags written --flag=%s read as %s (pflag rules)', (value, expected) => {
    const options = resolveOk({ etcdPersistentStorage: value, apiserverEnableBasicAuth: value, apiserverEnableTokenAuth: value });
    expect([options.etcd.persistentStorage, options.auth.basic, options.auth.token]).toEqual([expected, expected, expected]);
  });

  it('accepts a comma list of pull secrets and of etcd servers, trimming blanks', () => {
    const options = resolveOk({ imagePullSecrets: 'regcred, other-cred,', etcdServers: ' https://etcd-0:2379 ,http://10.0.0.5:2379' });
    expect(options.images.pullSecrets).toEqual(['regcred', 'other-cred']);
    expect(options.etcd.servers).toBe('https://etcd-0:2379,http://10.0.0.5:2379');
  });

  it('keeps overrides and node selectors as ordered maps (a later duplicate wins)', () => {
    const options = resolveOk({
      apiserverArgOverrides: '--v=4, --anonymous-auth = false,--v=2',
      controllermanagerArgOverrides: '--controllers=services=false',
      nodeSelector: 'disktype=ssd,topology.kubernetes.io/zone=eu-west-1a',
    });
    expect(Object.entries(options.apiserverArgOverrides)).toEqual([
      ['--anonymous-auth', 'false'],
      ['--v', '2'],
    ]);
    expect(options.controllerManagerArgOverrides).toEqual({ '--controllers': 'services=false' });
    expect(options.nodeSelector).toEqual({ disktype: 'ssd', 'topology.kubernetes.io/zone': 'eu-west-1a' });
  });

  it('lets --apiserver-image and --controllermanager-image replace --image per component', () => {
    const options = resolveOk({ image: 'example.com/fed/fcp-amd64:v1', apiserverImage: 'example.com/fed/hyperkube-amd64:v1.8.15' });
    expect(options.images.apiserver).toBe('example.com/fed/hyperkube-amd64:v1.8.15');
    expect(options.images.controllerManager).toBe('example.com/fed/fcp-amd64:v1');
  });

  it('makes flag paths absolute against the working directory', () => {
    const options = resolveOk({ kubeconfig: 'kube/config', credentialsKubeconfig: '/abs/creds' }, memoryIo({}, '/home/frodo'));
    expect(options.kubeconfig).toBe('/home/frodo/kube/config');
    expect(options.credentialsKubeconfig).toBe('/abs/creds');
  });

  it('passes the runtime switches through', () => {
    const flags = flagsOf(['fellowship'], {
      ...BASE_VALUES,
      showSecrets: true,
      verbose: true,
      quiet: true,
      output: 'json',
      context: 'fed',
      wait: false,
      timeout: '90s',
      requestTimeout: '0',
      setCurrentContext: true,
      overwrite: true,
    });
    const options = resolveInitOptions(flags, memoryIo());
    expect(options).toMatchObject({
      showSecrets: true,
      verbose: true,
      quiet: true,
      output: 'json',
      context: 'fed',
      wait: false,
      timeoutMs: 90_000,
      requestTimeoutMs: 0,
      setCurrentContext: true,
      overwrite: true,
    });
  });
});
