import { Command } from 'commander';
import type { Deps } from '../deps.js';
import { DEFAULT_TIMEOUT, INIT_FLAG_DEFAULTS } from '../init/defaults.js';
import type { InitFlags } from '../init/options.js';
import { INIT_SETTINGS, type InitFlagKey, type SettingKey, type SettingSpec } from '../init/settings.js';
import { addDryRunFlag, addHostFlags, addTimeoutFlag } from './flags.js';
import { addCommonOptions } from './shared.js';

const EXAMPLES = `
Examples:
  # Deploy a federation control plane named fellowship into the cluster of context rivendell,
  # publishing federated services in the CoreDNS zone example.com.
  kubefed init fellowship --host-cluster-context=rivendell --dns-provider=coredns \\
      --dns-zone-name=example.com. --dns-provider-config=coredns-provider.conf

  # On-premises or bare-metal host cluster without load balancers: expose the API server on a node port
  kubefed init fellowship --host-cluster-context=rivendell --dns-provider=coredns \\
      --dns-zone-name=example.com. --dns-provider-config=coredns-provider.conf --api-server-service-type=NodePort \\
      --api-server-advertise-address=10.0.0.10 --api-server-port=32111

  # Print every object init would create, and the kubeconfig entries, without sending anything
  kubefed init fellowship --host-cluster-context=rivendell --dns-provider=google-clouddns \\
      --dns-zone-name=example.com. --dry-run -o yaml
`;

/** `kubefed init FEDERATION_NAME`: flags of the original (fed HEAD), declared in src/init/settings.ts, and the shared ones. */
export function registerInit(program: Command, deps: Deps): void {
  const cmd = new Command('init')
    .summary('Initialize a federation control plane')
    .description(
      'Init initializes a federation control plane. Federation control plane is hosted inside a Kubernetes cluster. ' +
        'The host cluster must be specified using the --host-cluster-context flag (default: the current context).',
    )
    .argument('[FEDERATION_NAME]', 'name of the federation (an RFC 1123 label)')
    .allowExcessArguments();
  addHostFlags(cmd, 'init');
  for (const setting of INIT_SETTINGS) addSettingFlag(cmd, setting);
  addDryRunFlag(cmd, 'prints every object and the kubeconfig entries');
  cmd
    .option('--config <file>', 'YAML file of flag values (camelCase keys or flag names, plus the deploy.sh keys apiserverRegistry, apiserverVersion, controllerManagerRegistry, controllerManagerVersion); flags on the command line win.')
    .option('--show-secrets', 'Print Secret values and kubeconfig credentials instead of <redacted>.');
  addTimeoutFlag(cmd, 'wait for the control plane to come up', DEFAULT_TIMEOUT);
  addCommonOptions(cmd, undefined, "The host cluster's context, as --host-cluster-context (kubectl's flag for the cluster to act on).").addHelpText('after', EXAMPLES);
  cmd.action(async (_name: string | undefined, _opts: unknown, self: Command) => {
    const [{ needsConfigParser, readOptionalFile, resolveInitOptions }, { runInit }] = await Promise.all([import('../init/options.js'), import('../init/run.js')]);
    const flags = readInitFlags(self);
    const parseConfigFile = needsConfigParser(flags) ? (await import('../init/config-file.js')).parseInitConfigFile : undefined;
    const options = resolveInitOptions(flags, { cwd: deps.cwd, readFile: readOptionalFile, parseConfigFile });
    await runInit(options, deps);
  });
  program.addCommand(cmd);
}

/** One setting's flag (and its `--no-` form), its default shown in --help when it is text. */
function addSettingFlag(cmd: Command, setting: SettingSpec): void {
  if (setting.help === undefined) return;
  const fallback = INIT_FLAG_DEFAULTS[setting.key as SettingKey];
  cmd.option(`--${setting.flag}${setting.value ? ` ${setting.value}` : ''}`, setting.help, typeof fallback === 'string' ? fallback : undefined);
  if (setting.negated !== undefined) cmd.option(`--no-${setting.flag}`, setting.negated);
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
