import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';
import { comparableSnapshot, federationClusters } from '../join/federation-fixture.js';
import { expectCleanOutcome, projectCluster, projectFederation, projectKubeconfig } from './converge.js';
import { applyFaults, clearFaults, describeFaults, planFaults, targetsFrom, type FaultTarget } from './fault-plan.js';
import { createPrng } from './prng.js';

/**
 * Randomized fault schedules (README, "Reliability suites"): 429 with Retry-After, 500/503, dropped connections and
 * latency on the requests init and join really send. Every run must succeed or fail cleanly; a
 * failed join must roll back to exactly the state before it; and once the faults are cleared, a
 * re-run must converge to the state of a fault-free reference run with the same inputs.
 * Replay a failure with KUBEFED_FAULT_SEED=<seed from the test name>.
 */
const SEED = Number(process.env.KUBEFED_FAULT_SEED ?? 20261121);
const RUNS = 8;
const HOST = 'rivendell';
const MEMBER = 'gondor';
const NAMESPACE = 'federation-system';
const FEDERATION = 'fellowship';

interface World {
  emu: Emulator;
  kubeconfig: string;
  run(argv: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

let port: number;
let conf: string;
const initArgv = () => initArgs(conf, port, '--timeout=20s');
const joinArgv = () => ['join', MEMBER, `--context=${FEDERATION}`, '--timeout=20s'];

async function startWorld(): Promise<World> {
  const emu = await startEmulator([{ name: HOST }, { name: MEMBER }]);
  const kubeconfig = join(tempDir('kubefed-faults-'), 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: HOST });
  return { emu, kubeconfig, run: (argv) => kubefed(argv, { env: { KUBECONFIG: kubeconfig } }), close: () => emu.close() };
}

async function settleAll(emu: Emulator): Promise<void> {
  await Promise.all(emu.clusters.map((c) => c.settle()));
}

function endState(world: World, withFederation: boolean): Record<string, unknown> {
  return {
    host: projectCluster(world.emu, HOST),
    member: projectCluster(world.emu, MEMBER),
    kubeconfig: projectKubeconfig(world.emu, world.kubeconfig, FEDERATION),
    ...(withFederation ? { federation: projectFederation(world.emu, HOST, NAMESPACE) } : {}),
  };
}

const reference: { initTargets: FaultTarget[]; joinTargets: FaultTarget[]; afterInit: unknown; afterJoin: unknown } = {
  initTargets: [],
  joinTargets: [],
  afterInit: undefined,
  afterJoin: undefined,
};

beforeAll(async () => {
  port = await freeNodePort();
  conf = writeTemp(tempDir('kubefed-faults-'), 'coredns.conf', COREDNS_CONFIG);
  const world = await startWorld();
  try {
    const init = await world.run(initArgv());
    if (init.code !== 0) throw new Error(`reference init failed: ${init.stderr}`);
    await settleAll(world.emu);
    reference.initTargets = targetsFrom(HOST, world.emu.cluster(HOST).requests);
    reference.afterInit = endState(world, false);
    const seen = { host: world.emu.cluster(HOST).requests.length, member: world.emu.cluster(MEMBER).requests.length };
    const joined = await world.run(joinArgv());
    if (joined.code !== 0) throw new Error(`reference join failed: ${joined.stderr}`);
    await settleAll(world.emu);
    reference.joinTargets = [
      ...targetsFrom(HOST, world.emu.cluster(HOST).requests.slice(seen.host)),
      ...targetsFrom(MEMBER, world.emu.cluster(MEMBER).requests.slice(seen.member)),
    ];
    reference.afterJoin = endState(world, true);
  } finally {
    await world.close();
  }
});

describe(`randomized fault schedules (seed ${SEED})`, () => {
  for (let i = 0; i < RUNS; i++) {
    const command = i % 2 === 0 ? 'init' : 'join';
    // Every other run of each command also has a fault that never clears, so failures are exercised.
    const persistent = Math.floor(i / 2) % 2 === 1;
    it(`run ${i}: ${command} under faults${persistent ? ' (one never clears)' : ''}, then a clean re-run converges [seed ${SEED}]`, async () => {
      const prng = createPrng(SEED + i);
      const world = await startWorld();
      try {
        if (command === 'init') await checkInit(world, prng, persistent);
        else await checkJoin(world, prng, persistent);
      } finally {
        await world.close();
      }
    });
  }
});

async function checkInit(world: World, prng: ReturnType<typeof createPrng>, persistent: boolean): Promise<void> {
  const faults = planFaults(prng, reference.initTargets, { persistent });
  applyFaults(world.emu, faults);
  const first = await world.run(initArgv());
  const context = `faults:\n${describeFaults(faults)}\nexit ${first.code}, stderr:\n${first.stderr}`;
  expectCleanOutcome(first, context);
  if (persistent) expect(first.code, context).not.toBe(0);

  clearFaults(world.emu);
  await settleAll(world.emu);
  const again = await world.run(initArgv());
  expect(again.code, `${context}\nre-run:\n${again.stderr}`).toBe(0);
  expect(again.stdout).toBe(`Federation API server is running at: 127.0.0.1:${port}\n`);
  await settleAll(world.emu);
  expect(endState(world, false), context).toEqual(reference.afterInit);
}

async function checkJoin(world: World, prng: ReturnType<typeof createPrng>, persistent: boolean): Promise<void> {
  const init = await world.run(initArgv());
  expect(init.code, init.stderr).toBe(0);
  await settleAll(world.emu);
  const before = { host: comparableSnapshot(world.emu, HOST), member: comparableSnapshot(world.emu, MEMBER) };

  const faults = planFaults(prng, reference.joinTargets, { persistent });
  applyFaults(world.emu, faults);
  const first = await world.run(joinArgv());
  const context = `faults:\n${describeFaults(faults)}\nexit ${first.code}, stderr:\n${first.stderr}`;
  expectCleanOutcome(first, context);
  if (persistent) expect(first.code, context).not.toBe(0);

  clearFaults(world.emu);
  await settleAll(world.emu);
  if (first.code !== 0) {
    // Rolled back: both clusters exactly as before the join, and no Cluster in the federation.
    expect(comparableSnapshot(world.emu, MEMBER), context).toEqual(before.member);
    expect(comparableSnapshot(world.emu, HOST), context).toEqual(before.host);
    expect(federationClusters(world.emu).map((c) => c.metadata.name), context).toEqual([]);
  } else {
    expect(first.stdout).toBe(`cluster "${MEMBER}" created\n`);
  }
  const again = await world.run(joinArgv());
  expect(again.code, `${context}\nre-run:\n${again.stderr}`).toBe(0);
  await settleAll(world.emu);
  expect(endState(world, true), context).toEqual(reference.afterJoin);
}
