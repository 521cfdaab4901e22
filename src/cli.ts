import { Command, CommanderError } from 'commander';
import type { Deps } from './deps.js';
import { describeError } from './describe-error.js';
import { ExitCode } from './errors.js';
import { VERSION } from './version.js';
import { registerVersion } from './commands/version.js';
import { registerCompletion } from './commands/completion.js';
import { registerInit } from './commands/init.js';
import { registerJoin } from './commands/join.js';
import { registerUnjoin } from './commands/unjoin.js';
import { registerDestroy } from './commands/destroy.js';

export function buildProgram(deps: Deps): Command {
  const program = new Command('kubefed')
    .description('kubefed controls a Kubernetes Cluster Federation')
    .version(VERSION, '--version', 'Print the kubefed version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
    })
    .exitOverride();
  registerInit(program, deps);
  registerJoin(program, deps);
  registerUnjoin(program, deps);
  registerDestroy(program, deps);
  registerVersion(program, deps);
  registerCompletion(program, deps);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs one kubefed invocation and returns its exit code. Only main.ts exits the process. */
export async function runCli(argv: readonly string[], deps: Deps): Promise<number> {
  const program = buildProgram(deps);
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.Ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end here too; commander has already printed what it had to say.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const described = describeError(err);
    // API errors keep the original's `Error from server (Reason): …` form; everything else gets `error: `.
    const prefix = described.message.startsWith('Error from server') ? '' : 'error: ';
    deps.stderr.write(`${prefix}${described.message}\n`);
    for (const line of described.details) deps.stderr.write(`${line}\n`);
    if (argv.includes('-v') || argv.includes('--verbose')) {
      deps.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    }
    return described.exitCode;
  }
}
