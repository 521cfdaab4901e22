import { Command } from 'commander';
import type { Deps } from '../deps.js';
import { INIT_FLAG_DEFAULTS } from '../init/defaults.js';
import type { InitFlags } from '../init/options.js';
import type { InitFlagKey } from '../init/settings.js';
import { addCommonOptions } from './shared.js';

const EXAMPLES = `
Examples:
  # Deploy a federation control plane named fellowship into the cluster of context rivendell,
  # publishing federated services in the CoreDNS zone example.com.
  kubefed init fellowship --host-cluster-context=rivendell --dns-provider=coredns \\
      --dns-zone-name=example.com. --dns-provider-config=coredns-provider.conf

  # On-premises or bare-metal host cluster without load balancers: expose the API server on a node port
  kubefed init fellowship --host-cluster-context=rivendell --dns-provider=coredns \\
      --dns-zone-name=example.com. --api-server-service-type=NodePort \\
      --api-server-advertise-address=10.0.0.10 --api-server-port=32111

  # Print every object init would create, and the kubeconfig entries, without sending anything
  kubefed init fellowship --host-cluster-context=rivendell --dns-provider=google-clouddns \\
      --dns-zone-name=example.com. --dry-run -o yaml
`;

const OVERRIDES_HELP = (component: string): string =>
  `comma separated list of ${component} arguments to override: Example "--arg1=value1,--arg2=value2..."`;

function text(key: InitFlagKey): string | undefined {
  const value = INIT_FLAG_DEFAULTS[key as keyof typeof INIT_FLAG_DEFAULTS];
  return typeof value === 'string' ? value : undefined;
}

/** `kubefed init FEDERATION_NAME`: flags of the original (fed HEAD) plus spec §3's additions. */
export function registerInit(program: Command, deps: Deps): void {
  const cmd = new Command('init')
    .summary('Initialize a federation control plane')
    .description(
      'Init initializes a federation control plane. Federation control plane is hosted inside a Kubernetes cluster. ' +
        'The host cluster must be specified using the --host-cluster-context flag (default: the current context).',
    )
    .argument('[FEDERATION_NAME]', 'name of the federation (an RFC 1123 label)')
    .allowExcessArguments()
    .option('--host-cluster-context <context>', 'Host cluster context (default: the current context)')
    .option('--federation-system-namespace <namespace>', 'Namespace in the host cluster where the federation system components are installed', text('federationSystemNamespace'))
    .option(
      '--credentials-kubeconfig <file>',
      'Kubeconfig file path on local file system, which should be used to authenticate with host cluster or the joining cluster (instead of the default kubeconfig). ' +
        'This can be used to override the RBAC based authentication while initialising the federation control plane or joining a cluster to one, even when the cluster exposes the RBAC API.',
    )
    .option('--dns-provider <provider>', 'Dns provider to be used for this deployment: google-clouddns, aws-route53, azure-azuredns or coredns.')
    .option('--dns-zone-name <zone>', 'DNS suffix for this federation. Federated Service DNS names are published with this suffix (end it with a dot).')
    .option('--dns-provider-config <file>', 'Config file path on local file system for configuring DNS provider.')
    .option('--image <image>', 'Image to use for federation API server and controller manager binaries.', text('image'))
    .option('--apiserver-image <image>', 'Image for the federation API server (default: --image).')
    .option('--controllermanager-image <image>', 'Image for the federation controller manager (default: --image).')
    .option('--etcd-image <image>', 'Image to use for etcd server.', text('etcdImage'))
    .option(
      '--image-pull-policy <policy>',
      'PullPolicy describes a policy for if/when to pull a container image. The default pull policy is IfNotPresent which will not pull an image if it already exists.',
      text('imagePullPolicy'),
    )
    .option('--image-pull-secrets <names>', 'Provide secrets that can access the private registry (one name, or several separated by commas).')
    .option('--etcd-servers <urls>', 'External pre-deployed etcd server to be used to store federation state (comma-separated URLs).')
    .option('--etcd-pv-capacity <quantity>', 'Size of persistent volume claim to be used for etcd.', text('etcdPvCapacity'))
    .option(
      '--etcd-pv-storage-class <class>',
      'The storage class of the persistent volume claim used for etcd. Must be provided if a default storage class is not enabled for the host cluster.',
    )
    .option('--etcd-persistent-storage [bool]', "Use persistent volume for etcd. Defaults to 'true'.")
    .option('--dry-run [mode]', 'dry run without sending commands to server: client (the default mode) prints the objects; server sends them with dryRun=All.')
    .option('--apiserver-arg-overrides <args>', OVERRIDES_HELP('federation-apiserver'))
    .option('--controllermanager-arg-overrides <args>', OVERRIDES_HELP('federation-controller-manager'))
    .option(
      '--api-server-service-type <type>',
      "The type of service to create for federation API server. Options: 'LoadBalancer' (default), 'NodePort'.",
      text('apiServerServiceType'),
    )
    .option('--api-server-advertise-address <ip>', "Preferred address to advertise api server nodeport service. Valid only if 'api-server-service-type=NodePort'.")
    .option(
      '--api-server-port <port>',
      "Preferred port to use for api server nodeport service (0 for random port assignment). Valid only if 'api-server-service-type=NodePort'.",
      text('apiServerPort'),
    )
    .option('--apiserver-enable-basic-auth [bool]', 'Enables HTTP Basic authentication for the federation-apiserver. Defaults to false.')
    .option('--apiserver-enable-token-auth [bool]', 'Enables token authentication for the federation-apiserver. Defaults to false.')
    .option('--node-selector <labels>', 'comma separated list of nodeSelector arguments: Example "arg1=value1,arg2=value2..."')
    .option('--config <file>', 'YAML file of flag values (camelCase keys or flag names, plus the deploy.sh keys apiserverRegistry, apiserverVersion, controllerManagerRegistry, controllerManagerVersion); flags on the command line win.')
    .option('--show-secrets', 'Print Secret values and kubeconfig credentials instead of <redacted>.')
    .option('--wait', 'Wait for the load-balancer address, the pods and /healthz (default).')
    .option('--no-wait', 'Return once the objects are created and the kubeconfig is written.')
    .option('--timeout <duration>', 'How long to wait for the control plane to come up, e.g. 5m.', text('timeout'))
    .option('--set-current-context', "Switch the kubeconfig's current context to the new federation.")
    .option('--overwrite', 'Replace kubeconfig entries of the same name that point elsewhere.')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, undefined, 'The host cluster\'s context, as --host-cluster-context (kubectl\'s flag for the cluster to act on).');
  cmd.action(async (_name: string | undefined, _opts: unknown, self: Command) => {
    const [{ readOptionalFile, resolveInitOptions }, { runInit }] = await Promise.all([import('../init/options.js'), import('../init/run.js')]);
    const options = resolveInitOptions(readInitFlags(self), { cwd: deps.cwd, readFile: readOptionalFile });
    await runInit(options, deps);
  });
  program.addCommand(cmd);
}

/** Commander's values as plain data, and which flags the user typed (those beat a --config file). */
function readInitFlags(cmd: Command): InitFlags {
  const opts = cmd.opts<Record<string, string | boolean | undefined>>();
  const values: Partial<Record<InitFlagKey, string | boolean>> = {};
  const explicit: InitFlagKey[] = [];
  for (const option of cmd.options) {
    const key = option.attributeName() as InitFlagKey;
    const value = opts[key];
    if (value !== undefined) values[key] = value;
    if (cmd.getOptionValueSource(key) === 'cli' && !explicit.includes(key)) explicit.push(key);
  }
  return { args: [...cmd.args], values, explicit };
}
