import type { Command } from 'commander';
import type { Deps } from '../deps.js';
import { VERSION } from '../version.js';
import { UsageError } from '../errors.js';

export function registerVersion(program: Command, deps: Deps): void {
  program
    .command('version')
    .description('Print the kubefed version')
    .option('-o, --output <format>', 'json for a machine-readable result')
    .action((opts: { output?: string }) => {
      if (opts.output === 'json') {
        deps.stdout.write(`${JSON.stringify({ kubefedVersion: VERSION, nodeVersion: process.version })}\n`);
      } else if (opts.output === undefined) {
        deps.stdout.write(`kubefed version: v${VERSION}\n`);
      } else {
        throw new UsageError(`invalid --output "${opts.output}": use json or leave it out`);
      }
    });
}
