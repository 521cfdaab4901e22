import { describe, expect, it } from 'vitest';
import { resolveInitOptions } from '../../../src/init/options.js';
import type { InitFlagKey } from '../../../src/init/settings.js';
import { COREDNS_CONF, flagsOf, memoryIo, problemsOf } from './helpers.js';

const FILE = '/work/fed.yaml';

/** Resolve with `--config fed.yaml` holding `yaml`, plus explicit flags. */
function withFile(yamlText: string, values: Partial<Record<InitFlagKey, string | boolean>> = {}, args = ['fellowship'], extraFiles: Record<string, string> = {}) {
  const flags = flagsOf(args, { config: 'fed.yaml', ...values });
  return { flags, io: memoryIo({ [FILE]: yamlText, ...extraFiles }) };
}

const MINIMAL = 'hostClusterContext: rivendell\ndnsProvider: google-clouddns\ndnsZoneName: example.com.\n';

describe('--config FILE', () => {
  it('takes values from the file, in camelCase or as flag names', () => {
    const { flags, io } = withFile(
      'host-cluster-context: rivendell\ndnsProvider: google-clouddns\ndns-zone-name: example.com.\napiServerServiceType: NodePort\napi-server-port: 32111\netcdPersistentStorage: false\n',
    );
    const options = resolveInitOptions(flags, io);
    expect(options.hostClusterContext).toBe('rivendell');
    expect(options.dns).toMatchObject({ provider: 'google-clouddns', zoneName: 'example.com.' });
    expect(options.service).toEqual({ type: 'NodePort', advertiseAddress: undefined, nodePort: 32111 });
    expect(options.etcd.persistentStorage).toBe(false);
    expect(options.configFile).toBe('fed.yaml');
  });

  it('lets explicit flags win over the file, and the file win over defaults', () => {
    const { io } = withFile(`${MINIMAL}federationSystemNamespace: fed-ns\nimagePullPolicy: Always\n`);
    // imagePullPolicy arrives with commander's default but was not typed: the file wins.
    const flags = flagsOf(['fellowship'], { config: 'fed.yaml', dnsProvider: 'google-clouddns', imagePullPolicy: 'IfNotPresent' }, ['config', 'dnsProvider']);
    const options = resolveInitOptions(flags, io);
    expect(options.dns.provider).toBe('google-clouddns');
    expect(options.namespace).toBe('fed-ns');
    expect(options.images.pullPolicy).toBe('Always');
  });

  it('accepts lists and mappings where the flag takes comma lists and key=value pairs', () => {
    const { flags, io } = withFile(
      `${MINIMAL}imagePullSecrets: [regcred, other]\netcdServers:\n  - https://etcd-0:2379\n  - https://etcd-1:2379\n` +
        `apiserverArgOverrides:\n  --v: 4\n  --cors-allowed-origins: "a.example.com,b.example.com"\nnodeSelector: disktype=ssd\n`,
    );
    const options = resolveInitOptions(flags, io);
    expect(options.images.pullSecrets).toEqual(['regcred', 'other']);
    expect(options.etcd.servers).toBe('https://etcd-0:2379,https://etcd-1:2379');
    expect(options.apiserverArgOverrides).toEqual({ '--v': '4', '--cors-allowed-origins': 'a.example.com,b.example.com' });
    expect(options.nodeSelector).toEqual({ disktype: 'ssd' });
  });

  it('takes federationName from the file unless NAME is given', () => {
    const { flags, io } = withFile(`${MINIMAL}federationName: fellowship\n`, {}, []);
    expect(resolveInitOptions(flags, io).federationName).toBe('fellowship');
    const named = withFile(`${MINIMAL}federationName: fellowship\n`, {}, ['mordor']);
    expect(resolveInitOptions(named.flags, named.io).federationName).toBe('mordor');
  });

  it('builds hyperkube images from the deploy.sh values keys, "+" becoming "_"', () => {
    const { flags, io } = withFile(
      `${MINIMAL}apiserverRegistry: "gcr.io/myrepository"\napiserverVersion: "v1.5.0-alpha.0.1010+892a6d7af59c0b"\ncontrollerManagerVersion: v1.8.15\n`,
    );
    const options = resolveInitOptions(flags, io);
    expect(options.images.apiserver).toBe('gcr.io/myrepository/hyperkube-amd64:v1.5.0-alpha.0.1010_892a6d7af59c0b');
    expect(options.images.controllerManager).toBe('registry.k8s.io/hyperkube-amd64:v1.8.15');
  });

  it('lets an explicit --image or --apiserver-image beat the deploy.sh keys', () => {
    const deploy = `${MINIMAL}apiserverRegistry: gcr.io/myrepository\ncontrollerManagerRegistry: gcr.io/myrepository\n`;
    const a = withFile(deploy, { image: 'example.com/fcp-amd64:v2' });
    expect(resolveInitOptions(a.flags, a.io).images).toMatchObject({ apiserver: 'example.com/fcp-amd64:v2', controllerManager: 'example.com/fcp-amd64:v2' });
    const b = withFile(deploy, { apiserverImage: 'example.com/fcp-amd64:v3' });
    expect(resolveInitOptions(b.flags, b.io).images).toMatchObject({
      apiserver: 'example.com/fcp-amd64:v3',
      controllerManager: 'gcr.io/myrepository/hyperkube-amd64:v1.8.15',
    });
  });

  it('resolves relative paths in the file against the file directory', () => {
    const flags = flagsOf(['fellowship'], { config: 'conf/fed.yaml' });
    const io = memoryIo({
      '/work/conf/fed.yaml': `${MINIMAL.replace('google-clouddns', 'coredns')}dnsProviderConfig: coredns.conf\nkubeconfig: ../kube/config\n`,
      '/work/conf/coredns.conf': COREDNS_CONF,
    });
    const options = resolveInitOptions(flags, io);
    expect(options.dns.providerConfig?.nameserver).toBe('172.16.1.12:30630');
    expect(options.kubeconfig).toBe('/work/kube/config');
  });

  it('treats an empty file as no settings', () => {
    const { flags, io } = withFile('# nothing yet\n', { dnsProvider: 'google-clouddns', dnsZoneName: 'example.com.' });
    expect(resolveInitOptions(flags, io).federationName).toBe('fellowship');
  });

  it.each([
    {
      name: 'the file is missing',
      flags: flagsOf(['fellowship'], { config: 'missing.yaml', dnsProvider: 'coredns', dnsZoneName: 'example.com.' }),
      files: {},
      problems: ['error reading file provided to --config flag, err: stat missing.yaml: no such file or directory'],
    },
    {
      name: 'unknown key, with a suggestion',
      ...withFile(`${MINIMAL}hostClusterContxt: rivendell\ndns_zone_name: x.\n`),
      problems: [
        '--config file fed.yaml: unknown key "hostClusterContxt"; did you mean "hostClusterContext"?',
        '--config file fed.yaml: unknown key "dns_zone_name"; did you mean "dnsZoneName"?',
      ],
    },
    {
      name: 'unknown key, unlike any flag',
      ...withFile(`${MINIMAL}replicas: 3\n`),
      problems: ['--config file fed.yaml: unknown key "replicas"; keys are the flags of kubefed init (e.g. hostClusterContext or host-cluster-context)'],
    },
    {
      name: 'runtime switches are not settings',
      ...withFile(`${MINIMAL}dryRun: true\n`),
      problems: ['--config file fed.yaml: unknown key "dryRun"; keys are the flags of kubefed init (e.g. hostClusterContext or host-cluster-context)'],
    },
    {
      name: 'values of the wrong type',
      ...withFile(`${MINIMAL}etcdPersistentStorage: "no"\napiServerPort: 1.5\nnodeSelector: [a]\nimagePullSecrets: {a: b}\n`),
      problems: [
        '--config file fed.yaml: "etcdPersistentStorage" must be true or false',
        '--config file fed.yaml: "apiServerPort" must be a whole number',
        '--config file fed.yaml: "nodeSelector" must be a "key=value,..." string or a mapping of keys to values',
        '--config file fed.yaml: "imagePullSecrets" must be a string or a list of strings',
      ],
    },
    {
      name: 'the same flag under both spellings',
      ...withFile(`${MINIMAL}host-cluster-context: mordor\n`),
      problems: ['--config file fed.yaml: "hostClusterContext" and "host-cluster-context" set the same flag; keep one of them'],
    },
    {
      name: 'not YAML',
      ...withFile('dnsProvider: [coredns\n'),
      problems: ['--config file fed.yaml is not valid YAML: unexpected end of the stream within a flow collection; fix the file or drop --config'],
    },
    {
      name: 'not a mapping',
      ...withFile('- dnsProvider\n'),
      problems: ['--config file fed.yaml must be a mapping of flag names to values, e.g. "dnsProvider: coredns"'],
    },
    {
      name: 'an image key together with the deploy.sh keys for it',
      ...withFile(`${MINIMAL}apiserverImage: example.com/fcp-amd64:v1\napiserverVersion: v1.8.15\n`),
      problems: ['fed.yaml: apiserver-image and apiserverRegistry/apiserverVersion both set the image; keep one of them'],
    },
    {
      name: 'bad values from the file name the file, keeping the original wording',
      ...withFile(`${MINIMAL}apiServerServiceType: ClusterIP\netcdPvCapacity: 10GB\napiserverRegistry: "Bad Registry"\n`),
      problems: [
        'fed.yaml: invalid api-server-service-type: ClusterIP, should be either LoadBalancer or NodePort',
        'fed.yaml: invalid apiserverRegistry/apiserverVersion "Bad Registry/hyperkube-amd64:v1.8.15": not a valid image reference; use [registry/]repository[:tag][@digest], e.g. registry.k8s.io/hyperkube-amd64:v1.8.15',
        'fed.yaml: invalid --etcd-pv-capacity "10GB": must be a Kubernetes quantity such as 10Gi, 500M or 1.5Gi',
      ],
    },
  ])('reports: $name', (testCase) => {
    const io = 'io' in testCase ? testCase.io : memoryIo(testCase.files);
    expect(problemsOf(testCase.flags, io)).toEqual(testCase.problems);
  });
});
