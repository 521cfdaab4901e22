import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { COMMANDS } from '../../src/commands/table.js';
import { makeTestDeps } from '../helpers/deps.js';

async function script(shell: string): Promise<string> {
  const deps = makeTestDeps();
  expect(await runCli(['completion', shell], deps), deps.stderr.text()).toBe(0);
  return deps.stdout.text();
}

describe('kubefed completion', () => {
  it('offers every command of the command table, with its own flags', async () => {
    const bash = await script('bash');
    for (const { name } of COMMANDS) expect(bash).toContain(`    ${name}) opts="`);
    expect(bash).toMatch(/init\) opts="[^"]*--dns-zone-name[^"]*--dry-run/);
    expect(bash).toMatch(/join\) opts="[^"]*--retain/);
  });

  it('offers kubefed status with its flags, and kubectl\'s connection flags on every command that talks to a cluster', async () => {
    const bash = await script('bash');
    expect(bash).toContain('COMPREPLY=( $(compgen -W "init join unjoin destroy certs status version completion" -- "$cur") )');
    expect(bash).toMatch(/status\) opts="[^"]*--warn-days[^"]*--output/);
    for (const name of ['init', 'join', 'unjoin', 'destroy', 'certs', 'status']) {
      expect(bash).toMatch(new RegExp(`${name}\\) opts="[^"]*--server --token --user --cluster --insecure-skip-tls-verify --certificate-authority`));
    }
    expect(bash).toContain('--cluster)\n      COMPREPLY=( $(compgen -W "$(kubectl config get-clusters 2>/dev/null | tail -n +2)" -- "$cur") ) ;;');
  });

  it('writes fish completions for the same commands', async () => {
    const fish = await script('fish');
    for (const { name } of COMMANDS) expect(fish).toContain(`-a ${name}`);
    expect(fish).toContain("__fish_seen_subcommand_from destroy' -l keep-data");
  });
});
