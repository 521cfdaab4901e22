import { describe, expect, it } from 'vitest';
import { buildProgram, extractVerbosity, runCli } from '../../src/cli.js';
import { COMMANDS } from '../../src/commands/table.js';
import { makeTestDeps } from '../helpers/deps.js';

describe('the command table', () => {
  it('lists each command with the usage and summary its own definition has', async () => {
    const full = await buildProgram(makeTestDeps(), ['help']);
    for (const entry of COMMANDS) {
      const cmd = full.commands.find((c) => c.name() === entry.name);
      expect(cmd, entry.name).toBeDefined();
      expect([cmd!.usage(), cmd!.summary() || cmd!.description()]).toEqual([entry.usage, entry.summary]);
    }
  });

  it('top-level help lists every command', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['--help'], deps)).toBe(0);
    for (const entry of COMMANDS) expect(deps.stdout.text()).toContain(`${entry.name} ${entry.usage}`);
  });

  it('a command runs with only its own definition loaded', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['init', '--help'], deps)).toBe(0);
    expect(deps.stdout.text()).toContain('--dns-zone-name <zone>');
  });
});

describe('flags with an optional value', () => {
  it('take it only after "=", so the next word stays an argument (as pflag and kubectl do)', async () => {
    const { attachOptionalValues } = await import('../../src/cli.js');
    const optional = new Set(['--dry-run', '--etcd-persistent-storage']);
    expect(attachOptionalValues(['join', '--dry-run', 'gondor'], optional)).toEqual(['join', '--dry-run=true', 'gondor']);
    expect(attachOptionalValues(['init', 'f', '--dry-run=server', '--etcd-persistent-storage'], optional)).toEqual(['init', 'f', '--dry-run=server', '--etcd-persistent-storage=true']);
    expect(attachOptionalValues(['unjoin', '--', '--dry-run'], optional)).toEqual(['unjoin', '--', '--dry-run']);
  });
});

describe('a mistyped flag', () => {
  it.each([
    [['init', 'fellowship', '--host-cluster-contxt=rivendell'], "error: unknown option '--host-cluster-contxt'; did you mean --host-cluster-context?\n"],
    [['init', 'fellowship', '--host-cluster-contxt', 'rivendell'], "error: unknown option '--host-cluster-contxt'; did you mean --host-cluster-context?\n"],
    [['join', 'gondor', '--contxt=fellowship'], "error: unknown option '--contxt'; did you mean --context?\n"],
    [['destroy', 'fellowship', '--host-cluster-context=rivendell', '--kubeconfg=/tmp/x'], "error: unknown option '--kubeconfg'; did you mean --kubeconfig?\n"],
    [['init', 'fellowship', '--frobnicate=1'], "error: unknown option '--frobnicate'; run kubefed init --help for the flags\n"],
  ])('%j: exit 2, one line naming the flag it resembles', async (argv, stderr) => {
    const deps = makeTestDeps();
    expect(await runCli(argv, deps)).toBe(2);
    expect(deps.stderr.text()).toBe(stderr);
    expect(deps.stdout.text()).toBe('');
  });
});

describe("kubectl's log level flag", () => {
  it.each([
    [['join', 'gondor', '-v'], ['join', 'gondor', '-v'], 1],
    [['join', '--verbose', 'gondor'], ['join', '--verbose', 'gondor'], 1],
    [['join', '-v', 'gondor'], ['join', '-v', 'gondor'], 1],
    [['join', 'gondor', '--v=6'], ['join', 'gondor', '--verbose'], 6],
    [['join', 'gondor', '-v=4'], ['join', 'gondor', '--verbose'], 4],
    [['join', '-v', '8', 'gondor'], ['join', '--verbose', 'gondor'], 8],
    [['join', '--v', '2', 'gondor'], ['join', '--verbose', 'gondor'], 2],
    [['join', 'gondor', '--v=0'], ['join', 'gondor'], 0],
    [['join', 'gondor', '--', '--v=6'], ['join', 'gondor', '--', '--v=6'], 0],
  ])('%j → %j at level %i', (argv, out, level) => {
    expect(extractVerbosity(argv)).toEqual({ argv: out, level });
  });

  it('a level that is not a number is a usage error (exit 2), before anything runs', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['join', 'gondor', '--v=high'], deps)).toBe(2);
    expect(deps.stderr.text()).toBe('error: invalid value "high" for --v: the log level is a whole number, e.g. --v=6\n');
  });

  it('`join -v gondor` still joins gondor, and -v reaches every command', async () => {
    for (const command of ['init', 'join', 'unjoin', 'destroy']) {
      const program = await buildProgram(makeTestDeps(), [command]);
      const cmd = program.commands.find((c) => c.name() === command);
      expect(cmd?.options.some((o) => o.short === '-v' && o.long === '--verbose'), command).toBe(true);
    }
    const program = await buildProgram(makeTestDeps(), ['join']);
    const join = program.commands.find((c) => c.name() === 'join');
    let args: unknown;
    join?.action((names: string[]) => {
      args = names;
    });
    await program.parseAsync(extractVerbosity(['join', '-v', 'gondor']).argv, { from: 'user' });
    expect(args).toEqual(['gondor']);
  });
});
