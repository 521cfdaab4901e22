import { describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../src/cli.js';
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
