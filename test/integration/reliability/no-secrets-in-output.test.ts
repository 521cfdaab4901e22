import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_LINE } from '../../../src/output/activity.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COREDNS_CONFIG, freeNodePort, initArgs, kubefed, tempDir, writeTemp, type CliRun } from '../../helpers/cli.js';
import {
  adminKeyNeedles, findLeak, fixtureKeyNeedles, kubeconfigNeedles, storedSecretNeedles, type Needle,
} from './secret-needles.js';

/**
 * No key material in any output unless asked (README, "Reliability suites"): every variant of init, join and unjoin —
 * progress, -v, -o json|yaml, dry runs, failures with stack traces — is collected, then searched for
 * every private key, token and password that exists anywhere in the clusters or the kubeconfig.
 * With --show-secrets the same search must find them, so the check is known to work.
 */
const FED = '--context=fellowship';

let emu: Emulator;
let kubeconfig: string;
let conf: string;
let port: number;
const outputs: { label: string; run: CliRun }[] = [];
const needles: Needle[] = [];

async function run(label: string, argv: string[], expectedCode = 0): Promise<CliRun> {
  const result = await kubefed(argv, { env: { KUBECONFIG: kubeconfig } });
  expect(result.code, `${label}\n${result.stderr}`).toBe(expectedCode);
  outputs.push({ label, run: result });
  return result;
}

const init = (...extra: string[]) => initArgs(conf, port, '--timeout=60s', ...extra);

beforeAll(async () => {
  emu = await startEmulator([{ name: 'rivendell' }, { name: 'gondor' }, { name: 'mordor', rbac: false }, { name: 'rohan' }]);
  const dir = tempDir('kubefed-secrets-');
  kubeconfig = join(dir, 'config');
  emu.writeKubeconfig(kubeconfig, { currentContext: 'rivendell' });
  conf = writeTemp(dir, 'coredns.conf', COREDNS_CONFIG);
  port = await freeNodePort();
  needles.push(...fixtureKeyNeedles(), ...adminKeyNeedles(emu));
});
afterAll(async () => emu?.close());

describe('no key material in any output', () => {
  it('init: normal, -v, -o json, -o yaml, client and server dry runs, failures', async () => {
    await run('init', init());
    await run('init -v', init('-v'));
    await run('init -o json', init('-o', 'json'));
    await run('init -o yaml', init('-o', 'yaml'));
    await run('init --dry-run', init('--dry-run'));
    await run('init --dry-run -o json', init('--dry-run', '-o', 'json'));
    await run('init --dry-run=server', init('--dry-run=server'));
    await run('init --dry-run=server -o yaml -v', init('--dry-run=server', '-o', 'yaml', '-v'));
    await run('init --v=9 (full URLs of every request)', init('--v=9'));
    // A failure while the new credentials are being sent, with -v's stack trace.
    emu.cluster('rivendell').faults.add({ method: 'POST', path: '/api/v1/namespaces/leaky/secrets', times: Infinity, action: { type: 'status', status: 500 } });
    const leaky = (...extra: string[]) => init('--federation-system-namespace=leaky', ...extra).map((a) => (a === 'fellowship' ? 'leaky' : a));
    await run('failing init -v', leaky('-v'), 1);
    await run('failing init -o json', leaky('-o', 'json'), 1);
    emu.cluster('rivendell').faults.clear();
  });

  it('join: normal, -v, -o json, -o yaml, dry runs, a cluster without RBAC, a rolled-back failure', async () => {
    await run('join gondor', ['join', 'gondor', FED]);
    await run('join gondor -v', ['join', 'gondor', FED, '-v']);
    await run('join gondor -o json', ['join', 'gondor', FED, '-o', 'json']);
    await run('join gondor -o yaml', ['join', 'gondor', FED, '-o', 'yaml']);
    await run('join mordor -v (stores a kubeconfig)', ['join', 'mordor', FED, '-v']);
    await run('join mordor -o json', ['join', 'mordor', FED, '-o', 'json']);
    await run('join rohan --dry-run', ['join', 'rohan', FED, '--dry-run']);
    await run('join mordor --dry-run -o json', ['join', 'mordor', FED, '--dry-run', '-o', 'json']);
    await run('join rohan --dry-run=server -v', ['join', 'rohan', FED, '--dry-run=server', '-v']);
    await run('join rohan --dry-run=server --v=9', ['join', 'rohan', FED, '--dry-run=server', '--v=9']);
    await run('join mordor --dry-run=server -v 6', ['join', 'mordor', FED, '--dry-run=server', '-v', '6']);
    emu.cluster('rohan').faults.add({ method: 'POST', path: /clusterrolebindings$/, times: Infinity, action: { type: 'status', status: 500 } });
    await run('failing join rohan -v', ['join', 'rohan', FED, '-v'], 1);
    emu.cluster('rohan').faults.clear();
  });

  it('collects every secret that now exists: stored keys, tokens, passwords, kubeconfig credentials', () => {
    const before = needles.length;
    needles.push(...storedSecretNeedles(emu, 'rivendell'), ...storedSecretNeedles(emu, 'gondor'));
    needles.push(...kubeconfigNeedles('local kubeconfig', readFileSync(kubeconfig, 'utf8'), (name) => name.startsWith('fellowship')));
    const labels = needles.slice(before).map((n) => n.label);
    // The search is only as good as what it looks for: each kind of secret must be among the needles.
    for (const expected of [
      /apiserver-credentials server\.key/,
      /federation-ca ca\.key/,
      /controller-manager-kubeconfig kubeconfig user .* client key/,
      /gondor secret federation-system\/gondor-rivendell-token token/,
      /rivendell secret federation-system\/gondor-\w{5} token/,
      /rivendell secret federation-system\/mordor-\w{5} kubeconfig user mordor client key/,
      /local kubeconfig user fellowship client key/,
    ]) {
      expect(labels.some((l) => expected.test(l)), `${expected} among ${labels.join('\n')}`).toBe(true);
    }
    expect(needles.every((n) => n.text.length >= 16)).toBe(true);
  });

  it('unjoin: normal, -v, -o json, already gone', async () => {
    await run('unjoin gondor -v', ['unjoin', 'gondor', FED, '-v']);
    await run('unjoin mordor -o json --v=8', ['unjoin', 'mordor', FED, '-o', 'json', '--v=8']);
    await run('unjoin gondor again', ['unjoin', 'gondor', FED]);
  });

  it('none of those outputs contains a private key, a token or a password, in any encoding', () => {
    expect(outputs.length).toBe(26);
    // The -v runs did print their requests, so the search covered request lines at every level.
    const verbose = outputs.filter(({ label }) => / -v|--v=/.test(label));
    for (const { label, run: result } of verbose) expect(result.stderr.split('\n').some((l) => REQUEST_LINE.test(l)), label).toBe(true);
    for (const { label, run: result } of outputs) {
      const text = `${result.stdout}\n${result.stderr}`;
      expect(text, label).not.toContain('PRIVATE KEY');
      // Request lines carry no headers: no Authorization, no bearer token.
      expect(text, label).not.toMatch(/Authorization:|Bearer \S/i);
      const leak = findLeak(text, needles);
      expect(leak?.label, `${label} prints ${leak?.label}`).toBeUndefined();
    }
  });
});

describe('--show-secrets prints them (the search above would find a leak)', () => {
  it('init --dry-run --show-secrets prints the stored server key and the CA key', async () => {
    const result = await kubefed(init('--dry-run', '--show-secrets'), { env: { KUBECONFIG: kubeconfig } });
    expect(result.code).toBe(0);
    const text = result.stdout + result.stderr;
    const found = (pattern: RegExp) => needles.filter((n) => pattern.test(n.label)).some((n) => findLeak(text, [n]));
    expect(found(/apiserver-credentials server\.key/)).toBe(true);
    expect(found(/federation-ca ca\.key/)).toBe(true);
  });

  it("join --dry-run --show-secrets prints the member's credentials, even base64 inside base64", async () => {
    const result = await kubefed(['join', 'mordor', FED, '--dry-run', '--show-secrets'], { env: { KUBECONFIG: kubeconfig } });
    expect(result.code).toBe(0);
    expect(findLeak(result.stdout, adminKeyNeedles(emu).filter((n) => n.label.includes('mordor')))).toBeDefined();
  });
});
