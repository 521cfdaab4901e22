import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConnectionOverrides, DryRunMode, OutputFormat } from '../options/common.js';
import { UsageError } from '../errors.js';
import type { ControlPlaneSpec } from '../federation/objects/spec.js';
import type { ConfigFileValues, parseInitConfigFile } from './config-file.js';
import { INIT_FLAG_DEFAULTS } from './defaults.js';
import { ProblemList, readNamedFile } from './problems.js';
import { INIT_SETTINGS, SWITCH_KEYS, type InitFlagKey, type InitInput, type SettingKey, type SettingValues, type Sourced, type SwitchKey } from './settings.js';
import { validateInit } from './validate.js';

/** What the command line gave, as commander parsed it: plain strings and booleans. */
export interface InitFlags {
  /** Positional arguments: FEDERATION_NAME, and anything after it (reported as a problem). */
  readonly args: readonly string[];
  /** Every flag's value by commander key, defaults included. */
  readonly values: Readonly<Partial<Record<InitFlagKey, string | boolean>>>;
  /** The keys the user set on the command line: these win over a `--config` file. */
  readonly explicit: readonly InitFlagKey[];
}

export interface DnsProviderConfigFile {
  /** The path as the user wrote it (for messages). */
  readonly path: string;
  readonly text: string;
  /** `coredns-endpoints` of a CoreDNS config: the nameserver join writes into stubDomains. */
  readonly nameserver?: string;
  readonly zones?: readonly string[];
}

/** Everything init needs, validated and typed; built only by `resolveInitOptions`. What the object builders read is the control plane's spec. */
export interface InitOptions extends ControlPlaneSpec {
  /** undefined: the kubeconfig's current context, as the original did. */
  readonly hostClusterContext?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** kubectl's connection flags, applied to the host context. */
  readonly connection?: ConnectionOverrides;
  readonly credentialsKubeconfig?: string;
  readonly dns: ControlPlaneSpec['dns'] & { readonly providerConfig?: DnsProviderConfigFile };
  readonly dryRun?: DryRunMode;
  readonly showSecrets: boolean;
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly setCurrentContext: boolean;
  readonly overwrite: boolean;
  readonly verbose: boolean;
  readonly quiet: boolean;
  /**
   * With `--dry-run=client`, the format the objects are printed in (YAML when unset). Otherwise
   * `json` (or `yaml`) prints the machine-readable result object at the end, and `name` prints
   * `kind/name` of every object sent.
   */
  readonly output?: OutputFormat;
  readonly configFile?: string;
  /** Every setting by its key, typed by its kind: what a step reads when no field above covers it. */
  readonly settings: SettingValues;
}

/** Reads a file named on the command line or in `--config`: its text, or undefined when missing. */
export interface InitIo {
  readFile(path: string): string | undefined;
  readonly cwd: string;
  /**
   * The `--config` parser (src/init/config-file.ts). It brings zod, so the command loads it only
   * when `--config` is given (`needsConfigParser`); every other init starts without it.
   */
  readonly parseConfigFile?: typeof parseInitConfigFile;
}

/** Whether these flags name a `--config` file, so `InitIo.parseConfigFile` must be given. */
export function needsConfigParser(flags: InitFlags): boolean {
  return typeof flags.values.config === 'string' && flags.values.config !== '';
}

/** The text of a file named on the command line or in `--config`, or undefined when it does not exist. */
export function readOptionalFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Turns the command line (and the `--config` file it names) into validated options, or throws a
 * UsageError listing every problem. Explicit flags win over the file, the file over defaults.
 */
export function resolveInitOptions(flags: InitFlags, io: InitIo): InitOptions {
  const problems = new ProblemList();
  const file = loadConfigFile(flags, io, problems);
  // A broken file would make every value it should have given look missing: report it alone.
  if (problems.all.length > 0) throw new UsageError(problems.all);
  const input = mergeInput(flags, file);
  const validated = validateInit(input, io);
  problems.addAll(validated.problems);
  if (problems.all.length > 0) throw new UsageError(problems.all);
  return validated.options;
}

interface LoadedConfig {
  path: string;
  dir: string;
  values: ConfigFileValues;
}

function loadConfigFile(flags: InitFlags, io: InitIo, problems: ProblemList): LoadedConfig | undefined {
  const given = flags.values.config;
  if (typeof given !== 'string' || given === '') return undefined;
  const absolute = resolve(io.cwd, given);
  const read = readNamedFile(io, given, absolute);
  if (read.text === undefined) {
    problems.add(`error reading file provided to --config flag, err: ${read.error}`);
    return undefined;
  }
  if (!io.parseConfigFile) throw new Error('internal error: --config given but no config file parser was loaded');
  const parsed = io.parseConfigFile(read.text, given);
  problems.addAll(parsed.problems);
  return { path: given, dir: dirname(absolute), values: parsed.values };
}

function mergeInput(flags: InitFlags, file: LoadedConfig | undefined): InitInput {
  const explicit = new Set(flags.explicit);
  const settings = {} as Record<SettingKey, Sourced>;
  for (const { key } of INIT_SETTINGS) {
    const fromFile = file?.values.settings[key];
    if (explicit.has(key) || fromFile === undefined) {
      settings[key] = { value: flags.values[key] ?? INIT_FLAG_DEFAULTS[key], from: explicit.has(key) ? 'flag' : 'default' };
    } else {
      settings[key] = { value: fromFile, from: 'file' };
    }
  }
  const switches: Partial<Record<SwitchKey, string | boolean>> = {};
  for (const key of SWITCH_KEYS) switches[key] = flags.values[key];
  const fileName = file?.values.federationName;
  const federationName: Sourced =
    flags.args.length > 0 || fileName === undefined ? { value: flags.args[0], from: 'flag' } : { value: fileName, from: 'file' };
  return {
    args: flags.args,
    federationName,
    settings,
    switches,
    deploy: file?.values.deploy ?? {},
    configFile: file?.path,
    configDir: file?.dir,
  };
}
