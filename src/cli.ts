import { Command, CommanderError } from 'commander';
import type { Deps, OutStream } from './deps.js';
import { ExitCode, UsageError } from './errors.js';
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

/** A terminal's width, for help text; 80 (commander's own default) for a pipe or a file. */
function widthOf(stream: OutStream & { columns?: number }): number {
  return (stream.isTTY && stream.columns) || 80;
}

/** Colours as commander decides them: NO_COLOR / FORCE_COLOR / CLICOLOR_FORCE first, then the terminal. */
function hasColors(deps: Deps, stream: OutStream & { hasColors?: () => boolean }): boolean {
  const { NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE } = deps.env;
  if (NO_COLOR || FORCE_COLOR === '0' || FORCE_COLOR === 'false') return false;
  if (FORCE_COLOR || CLICOLOR_FORCE !== undefined) return true;
  return Boolean(stream.isTTY && stream.hasColors?.());
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
      // From the run's own streams: commander's defaults would set up process.stdout and stderr.
      getOutHelpWidth: () => widthOf(deps.stdout),
      getErrHelpWidth: () => widthOf(deps.stderr),
      getOutHasColors: () => hasColors(deps, deps.stdout),
      getErrHasColors: () => hasColors(deps, deps.stderr),
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

const LEVEL_FLAG = /^--?v=(.*)$/;

/**
 * kubectl's log level flag, as scripts written for the original pass it: `--v=N`, `-v=N`, and
 * `-v N` / `--v N` when N is a whole number (so in `kubefed join -v gondor`, gondor stays the
 * cluster). Each becomes `--verbose` (level 1 and up) or nothing (level 0); a bare `-v` or
 * `--verbose` is level 1. Returns the argv commander parses and the level.
 */
export function extractVerbosity(argv: readonly string[]): { argv: string[]; level: number } {
  const out: string[] = [];
  let level = 0;
  let end = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (end || arg === '--') {
      end = true;
      out.push(arg);
      continue;
    }
    const inline = LEVEL_FLAG.exec(arg);
    let value: string | undefined;
    if (inline) value = inline[1];
    else if ((arg === '-v' || arg === '--v') && /^\d+$/.test(argv[i + 1] ?? '')) value = argv[++i];
    else if (arg === '-v' || arg === '--verbose') {
      level = Math.max(level, 1);
      out.push(arg);
      continue;
    } else {
      out.push(arg);
      continue;
    }
    if (!/^\d+$/.test(value)) throw new UsageError(`invalid value "${value}" for --v: the log level is a whole number, e.g. --v=6`);
    level = Number(value);
    if (level > 0) out.push('--verbose');
  }
  return { argv: out, level };
}

/** Runs one kubefed invocation and returns its exit code. Only main.ts exits the process. */
export async function runCli(rawArgv: readonly string[], deps: Deps): Promise<number> {
  let leveled: { argv: string[]; level: number };
  try {
    leveled = extractVerbosity(rawArgv);
  } catch (err) {
    const { describeError } = await import('./describe-error.js');
    deps.stderr.write(`error: ${describeError(err).message}\n`);
    return ExitCode.Usage;
  }
  // The error describer and the request observer are loaded only when needed, so `--help` and
  // `version` load commander, the command table and the one command run (docs/architecture.md).
  if (leveled.level > 0) (await import('./session.js')).sessionActivity(deps).verbosity = leveled.level;
  const program = await buildProgram(deps, leveled.argv);
  const argv = attachOptionalValues(leveled.argv, optionalValueFlags(program));
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
    const { describeError } = await import('./describe-error.js');
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
