import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { makeTestDeps } from '../../helpers/deps.js';

const seen: { command: string; dryRun: unknown }[] = [];
const capture = (command: string) => async (options: { dryRun?: unknown }) => {
  seen.push({ command, dryRun: options.dryRun });
};
vi.mock('../../../src/init/run.js', () => ({ runInit: capture('init') }));
vi.mock('../../../src/join/run.js', () => ({ runJoin: capture('join') }));
vi.mock('../../../src/unjoin/run.js', () => ({ runUnjoin: capture('unjoin') }));
vi.mock('../../../src/destroy/run.js', () => ({ runDestroy: capture('destroy') }));

const COMMANDS: Record<string, string[]> = {
  init: ['init', 'fellowship', '--host-cluster-context=rivendell', '--dns-provider=google-clouddns', '--dns-zone-name=example.com.'],
  join: ['join', 'gondor'],
  unjoin: ['unjoin', 'gondor'],
  destroy: ['destroy', 'fellowship', '--yes'],
};

/** What each command made of the flag: its dry-run mode, or the exit code and message of a refusal. */
async function readBy(flag: string): Promise<Record<string, unknown>> {
  const outcome: Record<string, unknown> = {};
  for (const [name, argv] of Object.entries(COMMANDS)) {
    seen.length = 0;
    const deps = makeTestDeps();
    const code = await runCli([...argv, flag], deps);
    outcome[name] = code === 0 ? seen[0]?.dryRun ?? 'none' : `exit ${code}: ${deps.stderr.text().trim()}`;
  }
  return outcome;
}

describe('--dry-run means the same on every command', () => {
  it.each([
    ['--dry-run', 'client'],
    ['--dry-run=client', 'client'],
    ['--dry-run=server', 'server'],
    ['--dry-run=none', 'none'],
    ['--dry-run=true', 'client'],
    ['--dry-run=1', 'client'],
    ['--dry-run=false', 'none'],
  ])('%s is %s', async (flag, mode) => {
    const outcome = await readBy(flag);
    expect(outcome).toEqual({ init: mode, join: mode, unjoin: mode, destroy: mode });
  });

  it.each(['--dry-run=maybe', '--dry-run='])('%s is refused alike, exit 2', async (flag) => {
    const value = flag.slice('--dry-run='.length);
    const refusal = `exit 2: error: invalid --dry-run "${value}": use --dry-run, --dry-run=client or --dry-run=server`;
    expect(await readBy(flag)).toEqual({ init: refusal, join: refusal, unjoin: refusal, destroy: refusal });
  });
});
