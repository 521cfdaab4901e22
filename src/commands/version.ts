import type { Command } from 'commander';
import type { Deps } from '../deps.js';
import { VERSION } from '../version.js';
import { UsageError } from '../errors.js';

export function registerVersion(program: Command, deps: Deps): void {
  program
    .command('version')
    .description('Print the kubefed version')
    .option('-o, --output <format>', 'json or yaml for a machine-readable result')
    // Scripts written for `kubectl version` pass it; kubefed prints only its own version anyway.
    .option('--client', "print only kubefed's own version (what it always prints)")
    .action((opts: { output?: string }) => {
      const result = { kubefedVersion: VERSION, nodeVersion: process.version };
      if (opts.output === 'json') {
        deps.stdout.write(`${JSON.stringify(result)}\n`);
      } else if (opts.output === 'yaml') {
        deps.stdout.write(Object.entries(result).map(([key, value]) => `${key}: ${value}\n`).join(''));
      } else if (opts.output === undefined) {
        deps.stdout.write(`kubefed version: v${VERSION}\n`);
      } else {
        throw new UsageError(`invalid --output "${opts.output}": use json or yaml, or leave it out`);
      }
    });
}
