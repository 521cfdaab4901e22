import { Command, CommanderError } from 'commander';
import type { Deps } from './deps.js';
import { describeError } from './describe-error.js';
import { ExitCode } from './errors.js';
import { COMMANDS } from './commands/table.js';
import { closestMatch } from './options/suggest.js';
import { VERSION } from './version.js';

/** The command argv names, or undefined for top-level help; `help` and `completion` need every command. */
function commandsToLoad(argv: readonly string[]): ReadonlySet<string> {
  const first = argv.find((a) => !a.startsWith('-'));
  const entry = COMMANDS.find((c) => c.name === first);
  if (first === 'help' || first === 'completion' || (first !== undefined && !entry)) return new Set(COMMANDS.map((c) => c.name));
  return new Set(entry ? [entry.name] : []);
}

/**
 * Commander's own "unknown option" message suggests a flag only for `--flag value`: written as
 * `--flag=value` the whole word is compared. Both spellings get the suggestion here, on one line.
 */
function suggestFlags(cmd: Command): void {
  Object.assign(cmd, {
    unknownOption(flag: string): never {
      const name = flag.startsWith('--') && flag.includes('=') ? flag.slice(0, flag.indexOf('=')) : flag;
      const known: string[] = [];
      for (let at: Command | null = cmd; at; at = at.parent) known.push(...at.options.filter((o) => !o.hidden && o.long).map((o) => o.long as string));
      const close = name.startsWith('--') ? closestMatch(name, known) : undefined;
      const help = cmd.parent ? `kubefed ${cmd.name()} --help` : 'kubefed --help';
      return cmd.error(`error: unknown option '${name}'; ${close ? `did you mean ${close}?` : `run ${help} for the flags`}`, { code: 'commander.unknownOption' });
    },
  });
  for (const sub of cmd.commands) suggestFlags(sub);
}

export async function buildProgram(deps: Deps, argv: readonly string[] = ['help']): Promise<Command> {
  const program = new Command('kubefed')
    .description('kubefed controls a Kubernetes Cluster Federation')
    .version(VERSION, '--version', 'Print the kubefed version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}` })
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
    })
    .exitOverride();
  const load = commandsToLoad(argv);
  for (const entry of COMMANDS) {
    if (load.has(entry.name)) (await entry.load())(program, deps);
    else program.command(entry.name).usage(entry.usage).summary(entry.summary); // listed in help only
  }
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  suggestFlags(program);
  return program;
}

/**
 * Flags whose value is optional (`--dry-run [mode]`) take it only as `--flag=value`, as the
 * original's pflag booleans and kubectl's `--dry-run` do: in `kubefed init --dry-run fellowship`,
 * fellowship is the name.
 */
export function attachOptionalValues(argv: readonly string[], optionalValueFlags: ReadonlySet<string>): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, i) => (optionalValueFlags.has(arg) && (end === -1 || i < end) ? `${arg}=true` : arg));
}

/** The long names of the loaded commands' flags whose value is optional. */
function optionalValueFlags(program: Command): Set<string> {
  return new Set(program.commands.flatMap((cmd) => cmd.options.filter((o) => o.optional && o.long).map((o) => o.long as string)));
}

/** Runs one kubefed invocation and returns its exit code. Only main.ts exits the process. */
export async function runCli(rawArgv: readonly string[], deps: Deps): Promise<number> {
  const program = await buildProgram(deps, rawArgv);
  const argv = attachOptionalValues(rawArgv, optionalValueFlags(program));
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
