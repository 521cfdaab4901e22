/**
 * The built CLI as users run it, against real control planes: `scripts/build.mjs` bundles kubefed
 * into a staged folder (bin/kubefed.js and dist/, as the package ships them) and the lifecycle
 * scenario runs `node bin/kubefed.js` as a child process — init, join, status, unjoin, destroy —
 * on a real host and member with their node agents. Everything else this tier runs calls the
 * TypeScript sources in process, so only this file sees what the bundling leaves out or breaks
 * (client-node's parts, the lazy stand-ins). Every result is checked through the real kubectl.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { stageBuild } from '../integration/package/stage.js';
import { kubectlIn, listObjectsVia, type CliOutcome, type ScenarioEnv } from '../scenarios/env.js';
import { lifecycleScenario } from '../scenarios/lifecycle.js';
import { registerSteps, type ScenarioStep } from '../scenarios/steps.js';
import { storedMemberCredentials, waitNamespaceGone } from '../scenarios/world.js';
import { startNodeAgent } from './node-agent/index.js';
import { HOST, realScenarioSettings } from './real-env.js';
import { startRealWorld, type RealWorld } from './world.js';

const MEMBER = 'gondor';

interface BundleEnv extends ScenarioEnv {
  world: RealWorld;
  /** The staged bin/kubefed.js. */
  cli: string;
  /** Environment of every child process: a scratch HOME, only the staged folder added to PATH. */
  childEnv: NodeJS.ProcessEnv;
  /** Every kubefed run of the bundle, with what it printed. */
  runs: { argv: string[]; stdout: string; stderr: string }[];
}

/** `node bin/kubefed.js …` from the staged folder, its exit code and output. */
function runBundle(cli: string, argv: string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...argv], { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

async function bundleEnv(): Promise<BundleEnv> {
  const dir = tempDir('kubefed-real-bundle-');
  // The build runs while the clusters start.
  const [cli, world] = await Promise.all([
    stageBuild(join(dir, 'pkg')),
    startRealWorld({
      clusters: [{ name: HOST }, { name: MEMBER }],
      onClusterReady: (cluster) => startNodeAgent({ cluster, memberDns: cluster.name !== HOST }),
    }),
  ]);
  process.stdout.write(`real control plane: ${world.clusters.length} clusters ready in ${world.startupMs} ms\n`);
  const settings = await realScenarioSettings(world, dir);
  const path = join(dir, 'path');
  mkdirSync(path);
  symlinkSync(cli, join(path, 'kubectl-kubefed'));
  const home = join(dir, 'home');
  mkdirSync(home);
  const childEnv: NodeJS.ProcessEnv = { PATH: `${path}${delimiter}${process.env.PATH ?? ''}`, HOME: home, KUBECONFIG: settings.kubeconfig };
  const self: BundleEnv = {
    world,
    cli,
    childEnv,
    runs: [],
    ...settings,
    async kubefed(argv) {
      const run = await runBundle(cli, argv, childEnv);
      self.runs.push({ argv, stdout: run.stdout, stderr: run.stderr });
      return run;
    },
    listObjects: (context, kind, namespace) => listObjectsVia(self, context, kind, namespace),
    async cleanup() {
      await world.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

interface StatusResult {
  healthy: boolean;
  problems: unknown[];
  endpoint: { healthz: string; healthy: boolean };
  clusters: { name: string; reachable: boolean; status: string }[];
}

/** Credentials the runs must never print: the admin keys, the federation user's and the member's. */
const secrets: { what: string; value: string }[] = [];

function secretForms(what: string, value: string): { what: string; value: string }[] {
  const trimmed = value.trim();
  if (trimmed.length < 16) throw new Error(`${what} is too short to look for in output: ${trimmed.length} characters`);
  return [{ what, value: trimmed }, { what: `${what} (base64)`, value: Buffer.from(trimmed).toString('base64') }];
}

/** The PEM body of a key: a run printing it reformatted (or cut) still shows its lines. */
function keyLines(what: string, pem: string): { what: string; value: string }[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----')).slice(0, 2).map((value) => ({ what, value }));
}

function statusSteps(envOf: () => BundleEnv): ScenarioStep[] {
  return [
    {
      name: 'kubectl lists the member as a Cluster of the federation',
      async run() {
        const env = envOf();
        expect((await kubectlIn(env, ['--context', env.federationName, 'get', 'clusters', '-o', 'name'])).trim()).toBe(`cluster.federation/${MEMBER}`);
      },
    },
    {
      name: 'status -o json: exit 0, healthy, the member ready',
      async run() {
        const env = envOf();
        const run = await env.kubefed(['status', env.federationName, '-o', 'json']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const result = JSON.parse(run.stdout) as StatusResult;
        expect(result.problems).toEqual([]);
        expect(result.healthy).toBe(true);
        expect(result.endpoint).toMatchObject({ healthz: 'ok', healthy: true });
        expect(result.clusters.map(({ name, reachable, status }) => ({ name, reachable, status }))).toEqual([{ name: MEMBER, reachable: true, status: 'ready' }]);
      },
    },
    {
      name: 'status as a table: the member reachable and ready, the control plane pods ready',
      async run() {
        const env = envOf();
        const run = await env.kubefed(['status', env.federationName]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(new RegExp(`^${MEMBER}\\s+https://127\\.0\\.0\\.1:\\d+\\s+yes\\s+ready\\s*$`, 'm'));
        expect(run.stdout).toMatch(/^Deployment\/apiserver pods\s+1\/1 ready\s*$/m);
        expect(run.stdout).toMatch(/^Deployment\/controller-manager pods\s+1\/1 ready\s*$/m);
      },
    },
    {
      name: "the credentials to keep out of the output: the member's stored token, the federation user's key",
      async run() {
        const env = envOf();
        const secretName = (await kubectlIn(env, ['--context', env.federationName, 'get', 'cluster', MEMBER, '-o', 'jsonpath={.spec.secretRef.name}'])).trim();
        const { token } = await storedMemberCredentials(env, secretName);
        secrets.push(...secretForms('the member token join stored', token));
        const user = (await kubectlIn(env, ['config', 'view', '--raw', '--minify', '--context', env.federationName, '-o', 'jsonpath={.users[0].user.client-key-data}'])).trim();
        expect(user, 'init gives the federation user a client key').not.toBe('');
        secrets.push(...secretForms('the federation user key', user), ...keyLines('the federation user key', Buffer.from(user, 'base64').toString('utf8')));
        for (const cluster of env.world.clusters) secrets.push(...keyLines(`the admin key of ${cluster.name}`, cluster.adminKeyPem));
      },
    },
  ];
}

/** The lifecycle scenario with `steps` placed before the step whose name starts with `before`. */
function insertBefore(scenario: ScenarioStep[], before: string, steps: ScenarioStep[]): ScenarioStep[] {
  const at = scenario.findIndex((s) => s.name.startsWith(before));
  if (at < 0) throw new Error(`the lifecycle scenario has no step starting "${before}": ${scenario.map((s) => s.name).join('; ')}`);
  return [...scenario.slice(0, at), ...steps, ...scenario.slice(at)];
}

describe('the bundled CLI (node bin/kubefed.js) against real control planes', () => {
  let env: BundleEnv | undefined;
  const envOf = (): BundleEnv => {
    if (!env) throw new Error('the real world and the staged build did not start');
    return env;
  };

  beforeAll(async () => {
    env = await bundleEnv();
  }, 300_000);
  afterAll(async () => env?.cleanup());

  it('kubectl kubefed version runs the staged bundle through the real kubectl', async () => {
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      execFile('kubectl', ['kubefed', 'version'], { env: envOf().childEnv, encoding: 'utf8' }, (error, out) => (error ? reject(error) : resolve({ stdout: out })));
    });
    expect(stdout).toMatch(/^kubefed version: v\d+\.\d+\.\d+\n$/);
  });

  registerSteps([
    ...insertBefore(lifecycleScenario(envOf), 'unjoin', statusSteps(envOf)),
    {
      name: "the real namespace controller removes the host's namespace (destroy) and the member's (unjoin)",
      async run() {
        const env = envOf();
        expect(await waitNamespaceGone(env, env.hostContext, env.namespace, 60_000), `${env.namespace} on ${HOST}`).toBe(true);
        expect(await waitNamespaceGone(env, MEMBER, env.namespace, 60_000), `${env.namespace} on ${MEMBER}`).toBe(true);
      },
    },
  ]);

  it('no run printed a credential, and every command of the lifecycle ran', () => {
    const { runs } = envOf();
    const commands = new Set(runs.map((r) => r.argv[0]));
    for (const command of ['init', 'join', 'status', 'unjoin', 'destroy']) expect(commands, `a run of ${command}`).toContain(command);
    expect(secrets.length, 'the credentials were collected').toBeGreaterThan(0);
    for (const run of runs) {
      const printed = `${run.stdout}\n${run.stderr}`;
      for (const secret of secrets) expect(printed.includes(secret.value), `kubefed ${run.argv.join(' ')} printed ${secret.what}`).toBe(false);
      expect(printed).not.toMatch(/PRIVATE KEY|eyJ[\w-]{10,}\.[\w-]{10,}/);
    }
  });
});
