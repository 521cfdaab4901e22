/**
 * Every request and wait is bounded and says what it waited for (README "Reliability suites",
 * "Output, errors and exit codes"): kubefed against servers that misbehave on 127.0.0.1, each run
 * measured against its budget.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COREDNS_CONFIG, initArgs, kubefed, tempDir, writeTemp } from '../../helpers/cli.js';
import { refusedUrl, startMisbehavingServer, startUnacceptingListener, writeServerKubeconfig, type Behaviour, type MisbehavingServer } from '../../helpers/misbehaving-server.js';

/** What a loaded machine may add to a budget (the margin). */
const MARGIN_MS = 2_000;

// One untimed run first: it loads (and, under vitest, compiles) every module a run needs, which the
// budgets below are not about.
beforeAll(async () => {
  await initAgainst(await refusedUrl(), '--timeout=5s');
}, 30_000);

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

describe('a server whose TCP handshake never completes', () => {
  it('each connect ends at --request-timeout, the run at --timeout (exit 3), naming the server and what it waited for', async () => {
    const listener = await startUnacceptingListener();
    try {
      const run = await initAgainst(listener.url, '--request-timeout=2s', '--timeout=7s', '-v');
      console.log(`unanswered SYN, --request-timeout=2s --timeout=7s: exit ${run.code} after ${run.elapsedMs} ms\n${run.stderr}`);
      expect(run.code, run.stderr).toBe(3);
      expect(run.elapsedMs).toBeLessThanOrEqual(7_000 + MARGIN_MS);
      expect(run.elapsedMs).toBeGreaterThanOrEqual(6_000);
      // -v: one line per attempt; each connect was cut at --request-timeout (the last by --timeout).
      const attempts = run.stderr.split('\n').flatMap((line) => /^ {2}GET \/apis? failed: ETIMEDOUT after (\d+) ms \(rivendell\)$/.exec(line)?.[1] ?? []).map(Number);
      expect(attempts.length, run.stderr).toBeGreaterThanOrEqual(3);
      expect(Math.max(...attempts)).toBeLessThan(2_000 + 500);
      expect(attempts.filter((ms) => ms >= 1_900).length).toBeGreaterThanOrEqual(2);
      expect(run.stderr).toMatch(
        new RegExp(`^error: host cluster \\(context "rivendell"\\): --timeout ran out waiting for the API server ${listener.url.replace(/\./g, '\\.')} to answer GET /apis? \\(no connection within \\d+(?:\\.\\d)? m?s\\)`, 'm'),
      );
    } finally {
      await listener.close();
    }
  }, 30_000);
});

describe('init against a server that never answers', () => {
  it('--timeout=20s ends within 22 s, exit 3, naming the host and the request, and says what it waits for every 10 s', async () => {
    const hole = await serve({ kind: 'black-hole' });
    const run = await initAgainst(hole.url, "--timeout=20s");
    console.log(`black hole, --timeout=20s: exit ${run.code} after ${run.elapsedMs} ms\n${run.stderr}`);
    expect(run.code, run.stderr).toBe(3);
    expect(run.elapsedMs).toBeLessThanOrEqual(20_000 + MARGIN_MS);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(19_000);
    // Discovery asks /api and /apis at once: the message names whichever the deadline cut first.
    expect(run.stderr).toMatch(
      new RegExp(`^error: host cluster \\(context "rivendell"\\): --timeout ran out waiting for the API server ${hole.url.replace(/\./g, '\\.')} to answer GET /apis? \\(no TLS handshake within`, 'm'),
    );
    // One waiting line after 10 s without output (the monitor looks once a second: 10 or 11 s).
    expect(run.stderr).toMatch(/^ {2}waiting for rivendell to answer GET \/apis? \(1[01] s\)$/m);
    expect(hole.connections()).toBeGreaterThanOrEqual(1);
  }, 40_000);
});

describe('join against clusters that never answer', () => {
  it('--timeout=15s ends within 17 s, exit 3, naming a server and its request, with a waiting line every 10 s', async () => {
    const hole = await serve({ kind: 'black-hole' });
    const dir = tempDir('kubefed-deadline-');
    const kubeconfig = writeServerKubeconfig(dir, { fellowship: hole.url, rivendell: hole.url, gondor: hole.url });
    const started = Date.now();
    const run = await kubefed(['join', 'gondor', '--context=fellowship', '--host-cluster-context=rivendell', '--timeout=15s'], {
      env: { KUBECONFIG: kubeconfig },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    const elapsedMs = Date.now() - started;
    console.log(`join, black hole, --timeout=15s: exit ${run.code} after ${elapsedMs} ms\n${run.stderr}`);
    expect(run.code, run.stderr).toBe(3);
    expect(elapsedMs).toBeLessThanOrEqual(15_000 + MARGIN_MS);
    expect(run.stderr).toMatch(new RegExp(`--timeout ran out waiting for the API server ${hole.url.replace(/[.]/g, '\\.')} to answer GET /\\S+ \\(no TLS handshake within`));
    expect(run.stderr).toMatch(/^ {2}waiting for (fellowship|rivendell|gondor) to answer GET \/\S* \(1\d s\)$/m);
  }, 30_000);
});

describe('servers that answer too slowly, or not to the end', () => {
  it('headers that never come: each request ends at --request-timeout, the run at --timeout (exit 3)', async () => {
    const slow = await serve({ kind: 'slow-headers' });
    const run = await initAgainst(slow.url, '--request-timeout=1s', '--timeout=4s');
    console.log(`slow headers: exit ${run.code} after ${run.elapsedMs} ms, ${slow.requests.length} requests`);
    expect(run.elapsedMs).toBeLessThanOrEqual(4_000 + MARGIN_MS);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/--timeout ran out waiting for the API server http:\/\/127\.0\.0\.1:\d+ to answer GET \/apis? \(no answer within /);
    // Several attempts of 1 s fit in the 4 s.
    expect(slow.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('a body that trickles: each request ends when --request-timeout is up, the run within --timeout', async () => {
    const slow = await serve({ kind: 'slow-body' });
    const run = await initAgainst(slow.url, '--request-timeout=1s', '--timeout=6s', '-v');
    console.log(`slow body: exit ${run.code} after ${run.elapsedMs} ms, ${slow.requests.length} requests`);
    expect(run.elapsedMs).toBeLessThanOrEqual(6_000 + MARGIN_MS);
    expect([1, 3]).toContain(run.code);
    expect(run.stderr).toMatch(/error: host cluster \(context "rivendell"\): (the API server \S+ did not answer GET \/apis? \(no complete answer within 1 s, --request-timeout\)|--timeout ran out waiting for the API server \S+ to answer GET \/apis? \(no complete answer within [\d.]+ m?s\)); nothing was sent\n/);
    // -v: one line per attempt, each cut after 1 s. Discovery asks /api and /apis at once; the run
    // ends when the deadline cuts one of them, and the other's last attempt may go unreported.
    const apiRequests = slow.requests.filter((r) => r === 'GET /api').length;
    const attempts = run.stderr.split('\n').filter((l) => /^ {2}GET \/api failed: ETIMEDOUT after /.test(l));
    expect(attempts.length).toBeLessThanOrEqual(apiRequests);
    expect(attempts.length).toBeGreaterThanOrEqual(apiRequests - 1);
    expect(apiRequests).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('a connection reset mid-body is retried as a GET may be, then reported with the server', async () => {
    const reset = await serve({ kind: 'reset-mid-body' });
    const run = await initAgainst(reset.url, '--timeout=30s');
    console.log(`reset mid-body: exit ${run.code} after ${run.elapsedMs} ms, ${reset.requests.length} requests`);
    expect(run.code, run.stderr).toBe(1);
    expect(run.elapsedMs).toBeLessThanOrEqual(30_000);
    expect(reset.requests.length).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toContain(`error: host cluster (context "rivendell"): could not reach the API server ${reset.url}: the connection was reset (ECONNRESET); nothing was sent\n`);
  }, 40_000);
});

describe('503 storms', () => {
  it('without Retry-After: retried with backoff, then the server\'s answer, well within --timeout', async () => {
    const storm = await serve({ kind: 'storm', status: 503 });
    const run = await initAgainst(storm.url, '--timeout=30s');
    console.log(`503 storm: exit ${run.code} after ${run.elapsedMs} ms, ${storm.requests.length} requests`);
    expect(run.code, run.stderr).toBe(1);
    expect(storm.requests.length).toBeGreaterThanOrEqual(6);
    expect(run.elapsedMs).toBeLessThanOrEqual(30_000);
    expect(run.stderr).toContain('error: host cluster (context "rivendell"): Error from server (ServiceUnavailable): storm; nothing was sent\n');
  }, 40_000);

  it('with a Retry-After longer than what is left of --timeout: no wait past the deadline', async () => {
    const storm = await serve({ kind: 'storm', status: 503, retryAfterSeconds: 30 });
    const run = await initAgainst(storm.url, '--timeout=3s');
    console.log(`503 storm, Retry-After 30: exit ${run.code} after ${run.elapsedMs} ms, ${storm.requests.length} requests`);
    expect(run.elapsedMs).toBeLessThanOrEqual(3_000 + MARGIN_MS);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('Error from server (ServiceUnavailable): storm');
  });

  it('with Retry-After: 1, attempts about a second apart until --timeout', async () => {
    const storm = await serve({ kind: 'storm', status: 503, retryAfterSeconds: 1 });
    const run = await initAgainst(storm.url, '--timeout=4s');
    console.log(`503 storm, Retry-After 1: exit ${run.code} after ${run.elapsedMs} ms, ${storm.requests.length} requests`);
    expect(run.elapsedMs).toBeLessThanOrEqual(4_000 + MARGIN_MS);
    expect(run.code, run.stderr).toBe(1);
    // Discovery asks /api and /apis at once: count the attempts of one of them.
    const attempts = storm.requests.filter((r) => r === 'GET /api').length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(6);
  });
});
