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

  it('writes fish completions for the same commands', async () => {
    const fish = await script('fish');
    for (const { name } of COMMANDS) expect(fish).toContain(`-a ${name}`);
    expect(fish).toContain("__fish_seen_subcommand_from destroy' -l keep-data");
  });
});
