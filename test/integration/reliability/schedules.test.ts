import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultAction } from '../../emulator/contracts.js';
import { freeNodePort, type CliRun } from '../../helpers/cli.js';
import { expectCleanOutcome } from './converge.js';
import { createPrng, type Prng } from './prng.js';
import { clearAllFaults, commands, duplicates, endState, servers, startWorld, stateDiff, type World } from './world.js';

/**
 * Seeded single-fault schedules (README, "Reliability suites"): one fault — a 500 or 503, a 429
 * with Retry-After, a reset before or after the request is handled, or a slow answer — at the Nth
 * request one server sees during init, join or unjoin, with N drawn over the requests a fault-free
 * run sends. Each faulted run must exit 0 or fail cleanly (one error line); a join that reports
 * its rollback must leave exactly the state before it; a fault-free re-run must converge to the
 * fault-free reference; and no object may exist twice. The suite prints its counts. Replay with
 * KUBEFED_SCHEDULE_SEED=<seed> (the first schedule's seed).
 */
const FIRST_SEED = Number(process.env.KUBEFED_SCHEDULE_SEED ?? 7300);
/** init needs a fresh world per schedule (a few seconds each); join and unjoin share worlds. */
const SCALE = Number(process.env.KUBEFED_SCHEDULE_SCALE ?? 1);
const COUNTS: Record<'init' | 'join' | 'unjoin', number> = { init: Math.round(20 * SCALE), join: Math.round(40 * SCALE), unjoin: Math.round(40 * SCALE) };
const TOTAL = COUNTS.init + COUNTS.join + COUNTS.unjoin;
/** join and unjoin schedules run in this many worlds, a join then an unjoin schedule per cycle. */
const LANES = 4;
const PARALLEL = 4;

type Command = 'init' | 'join' | 'unjoin';
const COMMANDS: readonly Command[] = ['init', 'join', 'unjoin'];

interface Schedule {
  seed: number;
  command: Command;
  server: string;
  nth: number;
  action: FaultAction;
}

/** Requests each server saw during each command of the fault-free reference run. */
const seen: Record<Command, Record<string, number>> = { init: {}, join: {}, unjoin: {} };
/** The reference end state after each command, and after a second join / unjoin cycle. */
const reference: Record<Command, Record<string, unknown>> = { init: {}, join: {}, unjoin: {} };

async function runCommand(world: World, argv: string[]): Promise<CliRun> {
  const run = await world.run(argv);
  clearAllFaults(world);
  await world.settle();
  return run;
}

beforeAll(async () => {
  const port = await freeNodePort();
  const argv = commands(port);
  const world = await startWorld();
  try {
    // Two cycles of join and unjoin: the later cycles of a lane start from an unjoined federation,
    // which must look exactly like one that was never joined.
    for (const command of [...COMMANDS, 'join', 'unjoin'] as const) {
      const before = Object.fromEntries(servers(world).map((s) => [s.name, s.requests.length]));
      const run = await runCommand(world, argv[command]);
      if (run.code !== 0) throw new Error(`reference ${command} failed: ${run.stderr}`);
      const state = endState(world, port);
      if (Object.keys(seen[command]).length === 0) {
        // Only servers that are up when the command starts can be given a fault for it.
        seen[command] = Object.fromEntries(servers(world).filter((s) => s.name in before).map((s) => [s.name, s.requests.length - before[s.name]]));
        reference[command] = state;
      } else {
        expect(stateDiff(state, reference[command]), `a second ${command} ends elsewhere`).toEqual([]);
      }
    }
    expect(stateDiff(reference.unjoin, reference.init), 'unjoin leaves the federation as init made it').toEqual([]);
  } finally {
    await world.close();
  }
});

function randomAction(prng: Prng): FaultAction {
  switch (prng.int(0, 5)) {
    case 0:
      return { type: 'status', status: 500 };
    case 1:
      return { type: 'status', status: 503 };
    case 2:
      return { type: 'status', status: 429, retryAfterSeconds: 1 };
    case 3:
      return { type: 'drop' };
    case 4:
      return { type: 'drop-after-commit' };
    default:
      return { type: 'latency', ms: prng.int(100, 800) };
  }
}

/** The Nth request over all servers the command talks to, drawn uniformly, and one fault for it. */
function makeSchedule(seed: number, command: Command): Schedule {
  const prng = createPrng(seed);
  const counts = Object.entries(seen[command]).filter(([, n]) => n > 0);
  let pick = prng.int(1, counts.reduce((n, [, c]) => n + c, 0));
  for (const [server, count] of counts) {
    if (pick <= count) return { seed, command, server, nth: pick, action: randomAction(prng) };
    pick -= count;
  }
  throw new Error('no requests to fault');
}

function describeSchedule(s: Schedule): string {
  const a = s.action;
  const what = a.type === 'status' ? `${a.status}` : a.type === 'latency' ? `slow answer (+${a.ms} ms)` : a.type === 'drop' ? 'reset before commit' : 'reset after commit';
  return `[seed ${s.seed}] ${s.command}: ${what} at request ${s.nth} to ${s.server}`;
}

interface Tally {
  runs: number;
  exit0: number;
  failedCleanly: number;
  rerunsConverged: number;
  duplicates: number;
  leftAfterRollback: number;
  problems: string[];
}

const slowest: { label: string; ms: number }[] = [];
const tally: Tally = { runs: 0, exit0: 0, failedCleanly: 0, rerunsConverged: 0, duplicates: 0, leftAfterRollback: 0, problems: [] };

/** One schedule on a world whose state is the reference before `s.command`. */
async function runSchedule(world: World, port: number, s: Schedule): Promise<void> {
  const argv = commands(port);
  const label = describeSchedule(s);
  const before = endState(world, port);
  const target = servers(world).find((srv) => srv.name === s.server);
  if (!target) throw new Error(`${label}: no server ${s.server}`);
  target.faults.add({ skip: s.nth - 1, action: s.action });
  const started = Date.now();
  const first = await runCommand(world, argv[s.command]);
  slowest.push({ label, ms: Date.now() - started });
  tally.runs++;
  try {
    expectCleanOutcome(first, `${label}\nexit ${first.code}\n${first.stderr}`);
    if (first.code === 0) tally.exit0++;
    else tally.failedCleanly++;
  } catch (err) {
    tally.problems.push(`${label}: not a clean outcome: ${(err as Error).message.slice(0, 1500)}`);
  }
  if (first.code !== 0 && s.command === 'join' && /rolled back|was not joined/.test(first.stderr)) {
    const left = stateDiff(endState(world, port), before);
    if (left.length > 0) {
      tally.leftAfterRollback += left.length;
      tally.problems.push(`${label}: left after the reported rollback:\n${left.join('\n')}\n${first.stderr}`);
    }
  }
  const dupsAfterFault = duplicates(world);
  const again = await runCommand(world, argv[s.command]);
  const dups = [...dupsAfterFault, ...duplicates(world)];
  tally.duplicates += dups.length;
  if (dups.length > 0) tally.problems.push(`${label}: duplicates: ${dups.join('; ')}`);
  const diff = stateDiff(endState(world, port), reference[s.command]);
  if (again.code === 0 && diff.length === 0) tally.rerunsConverged++;
  else tally.problems.push(`${label}: the re-run (exit ${again.code}) did not converge:\n${diff.join('\n')}\nfaulted run:\n${first.stderr}\nre-run:\n${again.stderr}`);
}

async function withWorld(fn: (world: World, port: number) => Promise<void>): Promise<void> {
  const port = await freeNodePort();
  const world = await startWorld();
  try {
    await fn(world, port);
  } finally {
    await world.close();
  }
}

async function pool(tasks: (() => Promise<void>)[], parallel: number): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}

describe('seeded single-fault schedules over init, join and unjoin', () => {
  it(`${TOTAL} schedules from seed ${FIRST_SEED}: clean outcomes, converging re-runs, nothing twice, nothing left`, async () => {
    let seed = FIRST_SEED;
    const schedules = COMMANDS.flatMap((command) => Array.from({ length: COUNTS[command] }, () => makeSchedule(seed++, command)));
    expect(schedules.length).toBeGreaterThanOrEqual(SCALE === 1 ? 100 : 1);
    const inits = schedules.filter((s) => s.command === 'init');
    const joins = schedules.filter((s) => s.command === 'join');
    const unjoins = schedules.filter((s) => s.command === 'unjoin');
    const tasks: (() => Promise<void>)[] = [];
    for (let lane = 0; lane < LANES; lane++) {
      tasks.push(() =>
        withWorld(async (world, port) => {
          const argv = commands(port);
          const init = await runCommand(world, argv.init);
          if (init.code !== 0) throw new Error(`lane ${lane}: init failed: ${init.stderr}`);
          for (let i = lane; i < Math.max(joins.length, unjoins.length); i += LANES) {
            if (joins[i]) await runSchedule(world, port, joins[i]);
            else await runCommand(world, argv.join);
            if (unjoins[i]) await runSchedule(world, port, unjoins[i]);
          }
        }),
      );
    }
    for (const s of inits) tasks.push(() => withWorld((world, port) => runSchedule(world, port, s)));
    await pool(tasks, PARALLEL);

    process.stdout.write(
      `fault schedules: ${tally.runs} runs: ${tally.exit0} exit 0, ${tally.failedCleanly} failed cleanly; ${tally.rerunsConverged} re-runs converged; ${tally.duplicates} duplicates; ${tally.leftAfterRollback} left after a reported rollback\n`,
    );
    if (process.env.KUBEFED_SCHEDULE_TIMES) for (const t of slowest.sort((a, b) => b.ms - a.ms).slice(0, 12)) process.stdout.write(`${t.ms} ms ${t.label}\n`);
    expect(tally.problems).toEqual([]);
    expect(tally.runs).toBe(schedules.length);
    expect(tally.exit0 + tally.failedCleanly).toBe(tally.runs);
    expect(tally.rerunsConverged).toBe(tally.runs);
    expect(tally.duplicates).toBe(0);
    expect(tally.leftAfterRollback).toBe(0);
  }, 900_000);
});
