import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freeNodePort } from '../../helpers/cli.js';
import { commands, endState, MEMBER, HOST, startWorld, stateDiff, type World } from './world.js';

/**
 * Kill tests (README, "Reliability suites"): the real `bin/kubefed.js` in a child process, stopped
 * by SIGINT or SIGKILL at ten points of init and join — while the Nth request to a cluster is in
 * flight (the emulator holds it), and while the kubeconfig lock is held. Afterwards no
 * `<kubeconfig>.lock` is left, or only one naming the killed process, which the next run takes
 * over; SIGINT exits 130 naming where the run stopped; and re-running init and join converges to
 * a fault-free run's state.
 */
const REPO = join(import.meta.dirname, '..', '..', '..');
const BIN = join(REPO, 'bin', 'kubefed.js');
const PARALLEL = 3;

type Phase = 'init' | 'join';
interface KillPoint {
  phase: Phase;
  /** The Nth request to this cluster during the phase; undefined: while the kubeconfig lock is held. */
  cluster?: string;
  nth?: number;
}

const reference: { state?: Record<string, unknown>; counts: Record<Phase, Record<string, number>> } = { counts: { init: {}, join: {} } };

/** dist/ from the current sources: built once, unless it is newer than every source file. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  const main = join(REPO, 'dist', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs > newest(join(REPO, 'src'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
}

beforeAll(async () => {
  ensureBuilt();
  const port = await freeNodePort();
  const argv = commands(port);
  const world = await startWorld();
  try {
    for (const phase of ['init', 'join'] as const) {
      const before: Record<string, number> = { [HOST]: world.emu.cluster(HOST).requests.length, [MEMBER]: world.emu.cluster(MEMBER).requests.length };
      const run = await world.run(argv[phase]);
      if (run.code !== 0) throw new Error(`reference ${phase} failed: ${run.stderr}`);
      await world.settle();
      for (const name of [HOST, MEMBER]) reference.counts[phase][name] = world.emu.cluster(name).requests.length - before[name];
    }
    reference.state = endState(world, port);
  } finally {
    await world.close();
  }
}, 240_000);

/** Seven points spread over init's requests to the host, two over join's to the member, one in the lock. */
function killPoints(): KillPoint[] {
  const spread = (phase: Phase, cluster: string, count: number): KillPoint[] => {
    const total = reference.counts[phase][cluster];
    return Array.from({ length: count }, (_, i) => ({ phase, cluster, nth: Math.max(1, Math.round(((i + 0.5) * total) / count)) }));
  };
  return [...spread('init', HOST, 7), ...spread('join', MEMBER, 2), { phase: 'init' }];
}

function describePoint(p: KillPoint): string {
  return p.cluster ? `${p.phase}, request ${p.nth} to ${p.cluster}` : `${p.phase}, while the kubeconfig lock is held`;
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  killed: boolean;
}

function spawnKubefed(world: World, argv: string[]): { child: ChildProcess; done: Promise<ChildRun>; killed: { value: boolean } } {
  const child = spawn(process.execPath, [BIN, ...argv], { env: { ...process.env, KUBECONFIG: world.kubeconfig, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const killed = { value: false };
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, killed: killed.value }));
  });
  return { child, done, killed };
}

/** Runs one phase in a child process and sends `signal` once the point is reached; resolves when the child is gone. */
async function runUntil(world: World, argv: string[], point: KillPoint | undefined, signal: NodeJS.Signals): Promise<ChildRun> {
  const { child, done, killed } = spawnKubefed(world, argv);
  const kill = (): void => {
    if (killed.value || child.exitCode !== null) return;
    killed.value = true;
    child.kill(signal);
  };
  let finished = false;
  void done.then(() => (finished = true));
  if (point?.cluster && point.nth) {
    // The emulator holds the Nth request (a slow answer) while the child is stopped.
    const cluster = world.emu.cluster(point.cluster);
    const rule = { skip: point.nth - 1, action: { type: 'latency' as const, ms: 3_000 } };
    cluster.faults.add(rule);
    while (!finished && cluster.faults.pending().includes(rule)) await new Promise((r) => setTimeout(r, 5));
    cluster.faults.clear();
    kill();
  } else if (point) {
    const lock = `${world.kubeconfig}.lock`;
    // The lock is held for a few milliseconds: poll for it as fast as we can.
    while (!finished && !existsSync(lock)) await new Promise((r) => setImmediate(r));
    kill();
  }
  return done;
}

interface Outcome {
  label: string;
  problems: string[];
  /** The signal reached a running kubefed (not one that had already finished). */
  stopped: boolean;
  /** A lock file was left behind (only after SIGKILL, naming the killed process). */
  staleLock: boolean;
}

async function killAt(point: KillPoint, signal: NodeJS.Signals): Promise<Outcome> {
  const label = `${signal} at ${describePoint(point)}`;
  const problems: string[] = [];
  const port = await freeNodePort();
  const argv = commands(port);
  const world = await startWorld();
  try {
    let stopped: ChildRun | undefined;
    for (const phase of ['init', 'join'] as const) {
      const run = await runUntil(world, argv[phase], point.phase === phase ? point : undefined, signal);
      if (run.killed) {
        stopped = run;
        break;
      }
      if (run.code !== 0) {
        problems.push(`${label}: ${phase} exited ${run.code} before the kill:\n${run.stderr}`);
        return { label, problems, stopped: false, staleLock: false };
      }
    }
    const handled = { SIGINT: 130, SIGTERM: 143 } as Partial<Record<NodeJS.Signals, number>>;
    const expectedCode = handled[signal];
    if (stopped && expectedCode !== undefined && stopped.code !== 0) {
      if (stopped.code !== expectedCode) problems.push(`${label}: exit ${stopped.code}, not ${expectedCode}:\n${stopped.stderr}`);
      const last = stopped.stderr.trim().split('\n').pop() ?? '';
      if (!new RegExp(`^error: stopped by ${signal}( while .+)?(; released the kubeconfig lock .+)?; run the same command again to resume$`).test(last)) {
        problems.push(`${label}: last line does not say where the run stopped: ${last}`);
      }
    }
    if (stopped && signal === 'SIGKILL' && stopped.signal !== 'SIGKILL' && stopped.code !== 0) problems.push(`${label}: not killed: exit ${stopped.code}`);
    const lock = `${world.kubeconfig}.lock`;
    const staleLock = existsSync(lock);
    if (staleLock) {
      const owner = readFileSync(lock, 'utf8');
      // Only a killed kubefed may leave its lock, and it must name that process.
      if (signal !== 'SIGKILL' || !/^kubefed pid=\d+ host=\S+\n$/.test(owner)) problems.push(`${label}: left ${lock}: ${JSON.stringify(owner)}`);
    }
    await world.settle();
    for (const phase of ['init', 'join'] as const) {
      const again = await world.run(argv[phase]);
      if (again.code !== 0) problems.push(`${label}: the re-run of ${phase} exited ${again.code}:\n${again.stderr}`);
      await world.settle();
    }
    if (existsSync(lock)) problems.push(`${label}: the re-runs left ${lock}`);
    const diff = stateDiff(endState(world, port), reference.state ?? {});
    if (diff.length > 0) problems.push(`${label}: the re-runs did not converge:\n${diff.join('\n')}`);
    const wasStopped = stopped !== undefined && (stopped.code !== 0 || stopped.signal !== null);
    if (point.cluster && !wasStopped) problems.push(`${label}: the signal did not stop the run while the emulator held the request`);
    return { label, problems, stopped: wasStopped, staleLock };
  } finally {
    await world.close();
  }
}

describe('SIGINT and SIGKILL at ten points of init and join', () => {
  it('SIGTERM: exits 143 saying where it stopped, no lock left, and the re-runs converge', async () => {
    const points = killPoints().filter((p, i, all) => i === 3 || i === all.length - 1);
    const outcomes = await Promise.all(points.map((p) => killAt(p, 'SIGTERM')));
    expect(outcomes.flatMap((o) => o.problems)).toEqual([]);
    expect(outcomes[0].stopped).toBe(true);
  }, 300_000);

  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`${signal}: no lock left (or a stale one the next run takes over), and the re-runs converge`, async () => {
      const points = killPoints();
      expect(points).toHaveLength(10);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < points.length; i += PARALLEL) outcomes.push(...(await Promise.all(points.slice(i, i + PARALLEL).map((p) => killAt(p, signal)))));
      process.stdout.write(
        `${signal}: ${outcomes.length} kill points, ${outcomes.filter((o) => o.stopped).length} stopped a running kubefed; ${outcomes.filter((o) => o.staleLock).length} stale locks taken over by the next run; ${outcomes.filter((o) => o.problems.length === 0).length} converged\n`,
      );
      expect(outcomes.flatMap((o) => o.problems)).toEqual([]);
    }, 600_000);
  }
});
