import type { Command } from 'commander';
import type { Deps } from '../deps.js';
// `version` is a few lines that need only what every start loads: a chunk of its own would cost
// one more module load on the way to printing one line.
import { registerVersion } from './version.js';

type Register = (program: Command, deps: Deps) => void;

interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load(): Promise<Register>;
}

/**
 * Each command's definition is loaded only when that command runs (or its help is shown), so
 * `kubefed --help` loads commander and this file, not every command's flags and helpers.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', usage: '[options] [FEDERATION_NAME]', summary: 'Initialize a federation control plane', load: async () => (await import('./init.js')).registerInit },
  { name: 'join', usage: '[options] [CLUSTER_NAME...]', summary: 'Join a cluster to a federation', load: async () => (await import('./join.js')).registerJoin },
  { name: 'unjoin', usage: '[options] [CLUSTER_NAME...]', summary: 'Unjoin a cluster from a federation', load: async () => (await import('./unjoin.js')).registerUnjoin },
  { name: 'destroy', usage: '[options] [FEDERATION_NAME]', summary: 'Destroy a federation control plane', load: async () => (await import('./destroy.js')).registerDestroy },
  { name: 'certs', usage: '[options] <check-expiration|renew>', summary: 'Check and renew the certificates of a federation', load: async () => (await import('./certs.js')).registerCerts },
  { name: 'status', usage: '[options] [FEDERATION]', summary: 'Show the health of a federation', load: async () => (await import('./status.js')).registerStatus },
  { name: 'version', usage: '[options]', summary: 'Print the kubefed version', load: async () => registerVersion },
  { name: 'completion', usage: '[options] <shell>', summary: 'Print a shell completion script (bash, zsh or fish)', load: async () => (await import('./completion.js')).registerCompletion },
];
