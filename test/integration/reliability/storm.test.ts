import { beforeAll, describe, expect, it } from 'vitest';
import { freeNodePort } from '../../helpers/cli.js';
import { createPrng } from './prng.js';
import { expectCleanOutcome } from './converge.js';
import { clearAllFaults, commands, duplicates, endState, servers, startWorld, stateDiff, type World } from './world.js';

/**
 * A 503 storm (README, "Reliability suites"): every server answers a seeded 20 % of all requests,
 * creates included, with 503. init, join and unjoin must all exit 0 — creates are retried, and a
 * create whose first answer was lost is adopted on AlreadyExists — and end in exactly the state of
 * a fault-free run: nothing duplicated, nothing left over. Replay one seed with
 * KUBEFED_STORM_SEED=<seed>.
 */
const FIRST_SEED = Number(process.env.KUBEFED_STORM_SEED ?? 4100);
const SEEDS = process.env.KUBEFED_STORM_SEED ? 1 : Number(process.env.KUBEFED_STORM_SEEDS ?? 20);
const SHARE = 0.2;
/** Worlds run side by side: each mostly waits on its emulator's controllers. */
const PARALLEL = 4;

type Step = 'init' | 'join' | 'unjoin';
const STEPS: readonly Step[] = ['init', 'join', 'unjoin'];

const reference: Partial<Record<Step, Record<string, unknown>>> = {};

beforeAll(async () => {
  const port = await freeNodePort();
  const argv = commands(port);
  const world = await startWorld();
  try {
    for (const step of STEPS) {
      const run = await world.run(argv[step]);
      if (run.code !== 0) throw new Error(`reference ${step} failed: ${run.stderr}`);
      await world.settle();
      reference[step] = endState(world, port);
    }
  } finally {
    await world.close();
  }
});

/** Adds the storm to every server not yet under it (the federation endpoint appears during init). */
function storm(world: World, random: () => number, stormed: Set<string>): void {
  for (const server of servers(world)) {
    if (stormed.has(server.name)) continue;
    stormed.add(server.name);
    server.faults.add({ times: Infinity, probability: SHARE, random, action: { type: 'status', status: 503 } });
  }
}

interface SeedResult {
  seed: number;
  problems: string[];
  faulted: number;
  requests: number;
}

async function runSeed(seed: number): Promise<SeedResult> {
  const prng = createPrng(seed);
  const port = await freeNodePort();
  const argv = commands(port);
  const world = await startWorld();
  const stormed = new Set<string>();
  const problems: string[] = [];
  try {
    for (const step of STEPS) {
      storm(world, () => prng.next(), stormed);
      const run = await world.run(argv[step]);
      if (run.code !== 0) {
        problems.push(`seed ${seed}: ${step} exited ${run.code}:\n${run.stderr}`);
        expectCleanOutcome(run, `seed ${seed} ${step}`);
        break;
      }
      // The comparison reads the stores directly; the controllers finish without faults in the way.
      clearAllFaults(world);
      stormed.clear();
      await world.settle();
      const dups = duplicates(world);
      if (dups.length > 0) problems.push(`seed ${seed}: after ${step}: ${dups.join('; ')}`);
      const diff = stateDiff(endState(world, port), reference[step] ?? {});
      if (diff.length > 0) {
        problems.push(`seed ${seed}: after ${step} the state differs from a fault-free run:\n${diff.join('\n')}\n${run.stderr}`);
        break;
      }
    }
    const all = servers(world).flatMap((s) => s.requests);
    return { seed, problems, faulted: all.filter((r) => r.status === 503).length, requests: all.length };
  } finally {
    await world.close();
  }
}

describe('a 503 storm on 20 % of all requests', () => {
  it(`init, join and unjoin exit 0 for ${SEEDS} seeds from ${FIRST_SEED}, each object exactly once`, async () => {
    const seeds = Array.from({ length: SEEDS }, (_, i) => FIRST_SEED + i);
    const results: SeedResult[] = [];
    for (let i = 0; i < seeds.length; i += PARALLEL) results.push(...(await Promise.all(seeds.slice(i, i + PARALLEL).map(runSeed))));
    const problems = results.flatMap((r) => r.problems);
    const faulted = results.reduce((n, r) => n + r.faulted, 0);
    const requests = results.reduce((n, r) => n + r.requests, 0);
    process.stdout.write(
      `503 storm: ${SEEDS} seeds × ${STEPS.length} commands, ${requests} requests of which ${faulted} answered 503; ${results.length * STEPS.length - problems.length} runs exit 0 and match the fault-free state\n`,
    );
    expect(problems).toEqual([]);
    // The storm really was one: about a fifth of the requests failed.
    expect(faulted / requests).toBeGreaterThan(SHARE / 2);
  }, 600_000);
});
