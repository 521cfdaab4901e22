import { UsageError } from '../../../src/errors.js';
import { parseInitConfigFile } from '../../../src/init/config-file.js';
import { resolveInitOptions, type InitFlags, type InitIo, type InitOptions } from '../../../src/init/options.js';
import type { InitFlagKey } from '../../../src/init/settings.js';

export const COREDNS_CONF = '[Global]\netcd-endpoints = http://etcd-cluster.dns:2379\nzones = example.com.\ncoredns-endpoints = 172.16.1.12:30630\n';

/** The flags every valid invocation needs; tests add or replace values. */
export const BASE_VALUES: Partial<Record<InitFlagKey, string | boolean>> = {
  hostClusterContext: 'rivendell',
  dnsProvider: 'coredns',
  dnsZoneName: 'example.com.',
  // CoreDNS cannot start without its config file; memoryIo holds it at <cwd>/coredns.conf.
  dnsProviderConfig: 'coredns.conf',
};

/** InitFlags as the command builds them: every value given counts as typed on the command line. */
export function flagsOf(args: string[], values: Partial<Record<InitFlagKey, string | boolean>>, explicit?: InitFlagKey[]): InitFlags {
  return { args, values, explicit: explicit ?? (Object.keys(values) as InitFlagKey[]) };
}

/** A file reader over an in-memory map of absolute paths, plus BASE_VALUES' provider config. */
export function memoryIo(files: Record<string, string> = {}, cwd = '/work'): InitIo {
  const all: Record<string, string> = { [`${cwd}/coredns.conf`]: COREDNS_CONF, ...files };
  return { cwd, readFile: (path) => all[path], parseConfigFile: parseInitConfigFile };
}

export function resolveOk(values: Partial<Record<InitFlagKey, string | boolean>>, io = memoryIo(), args = ['fellowship']): InitOptions {
  return resolveInitOptions(flagsOf(args, { ...BASE_VALUES, ...values }), io);
}

/** The problems a UsageError lists, or a failure when resolving succeeds. */
export function problemsOf(flags: InitFlags, io = memoryIo()): readonly string[] {
  try {
    resolveInitOptions(flags, io);
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  throw new Error('expected a UsageError');
}

