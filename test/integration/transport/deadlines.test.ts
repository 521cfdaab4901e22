/**
 * Every request and wait is bounded and says what it waited for (README "Reliability suites",
 * "Output, errors and exit codes"): kubefed against servers that misbehave on 127.0.0.1, each run
 * measured against its budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COREDNS_CONFIG, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { refusedUrl, startMisbehavingServer, writeServerKubeconfig, type Behaviour, type MisbehavingServer } from '../../helpers/misbehaving-server.js';

/** What a loaded machine may add to a budget (the margin). */
const MARGIN_MS = 2_000;

const servers: MisbehavingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(behaviour: Behaviour, scheme?: 'http' | 'https'): Promise<MisbehavingServer> {
  const server = await startMisbehavingServer(behaviour, scheme);
  servers.push(server);
  return server;
}

/** init against context rivendell at `server`, timed. */
async function initAgainst(server: string, ...extra: string[]) {
  const dir = tempDir('kubefed-deadline-');
  const kubeconfig = writeServerKubeconfig(dir, { rivendell: server });
  const conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
  const started = Date.now();
  const run = await kubefed(initArgs(conf, 30123, ...extra), { env: { KUBECONFIG: kubeconfig }, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  return { ...run, elapsedMs: Date.now() - started };
}

describe('init against a server that never answers', () => {
  it('--timeout=20s ends within 22 s, exit 3, naming the host and the request, and says what it waits for every 10 s', async () => {
    const hole = await serve({ kind: 'black-hole' });
    const run = await initAgainst(hole.url, "--timeout=20s");
    console.log(`black hole, --timeout=20s: exit ${run.code} after ${run.elapsedMs} ms\n${run.stderr}`);
    expect(run.code, run.stderr).toBe(3);
    expect(run.elapsedMs).toBeLessThanOrEqual(20_000 + MARGIN_MS);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(19_000);
    expect(run.stderr).toContain(
      `error: host cluster (context "rivendell"): --timeout ran out waiting for the API server ${hole.url} to answer GET /api (no TLS handshake within`,
    );
    expect(run.stderr).toContain('  waiting for rivendell to answer GET /api (10 s)\n');
    expect(hole.connections()).toBeGreaterThanOrEqual(1);
  }, 40_000);
});

describe('a refused connection', () => {
  it('ends in under 2 s, naming the server', async () => {
    const url = await refusedUrl();
    const run = await initAgainst(url, '--timeout=60s');
    console.log(`refused: exit ${run.code} after ${run.elapsedMs} ms`);
    expect(run.code, run.stderr).toBe(1);
    expect(run.elapsedMs).toBeLessThan(2_000);
    expect(run.stderr).toContain(`error: host cluster (context "rivendell"): could not reach the API server ${url}: the connection was refused (ECONNREFUSED); nothing was sent\n`);
  });
});
