import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';
import { createFederationPki, randomUuid } from '../../../src/certs/index.js';
import { runCli } from '../../../src/cli.js';
import type { InitOptions } from '../../../src/init/options.js';
import { planInit, planObjects, type InitFacts, type InitPlan } from '../../../src/init/plan.js';
import type { K8sObject } from '../../../src/k8s/types.js';
import { renderObjects } from '../../../src/output/render.js';
import { makeTestDeps } from '../../helpers/deps.js';
import { expectGolden } from './golden.js';
import { validateWithModels } from './models.js';

const captured: InitOptions[] = [];
vi.mock('../../../src/init/run.js', () => ({
  runInit: async (options: InitOptions) => {
    captured.push(options);
  },
}));

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CASES_DIR = join(ROOT, 'fixtures', 'init');
const GOLDEN_DIR = join(ROOT, 'fixtures', 'golden', 'init');

type FactsFile = Pick<InitFacts, 'rbacVersion' | 'endpoint' | 'namespaceExists' | 'hostContext'>;

/** Runs the real command line up to run.ts, which gets the options, then plans with pinned clock, keys and randomness. */
async function planCase(name: string): Promise<{ options: InitOptions; plan: InitPlan }> {
  const dir = join(CASES_DIR, name);
  const args = readFileSync(join(dir, 'args.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const deps = makeTestDeps({ cwd: dir });
  captured.length = 0;
  expect(await runCli(['init', ...args], deps), deps.stderr.text()).toBe(0);
  expect(captured).toHaveLength(1);
  const options = captured[0];
  const facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8')) as FactsFile;
  const { pki } = await createFederationPki({
    federationName: options.federationName,
    namespace: options.namespace,
    serviceName: 'apiserver',
    ips: facts.endpoint.ips,
    hostnames: facts.endpoint.hostnames,
    now: deps.now(),
    randomBytes: deps.randomBytes,
    generateKeyPair: deps.generateKeyPair,
  });
  const auth: InitFacts['auth'] = {};
  if (options.auth.token) Object.assign(auth, { token: randomUuid(deps.randomBytes), tokenUid: randomUuid(deps.randomBytes) });
  if (options.auth.basic) Object.assign(auth, { password: randomUuid(deps.randomBytes), passwordUid: randomUuid(deps.randomBytes) });
  return { options, plan: planInit(options, { ...facts, pki, auth }) };
}

/** Secrets with their data decoded, so the golden file shows what the pods will read. */
function decodedSecrets(objects: K8sObject[]): string {
  const secrets = objects
    .filter((o) => o.kind === 'Secret')
    .map((o) => ({
      name: o.metadata.name,
      data: Object.fromEntries(Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])),
    }));
  return yaml.dump(secrets, { lineWidth: -1, noRefs: true });
}

const CASES = readdirSync(CASES_DIR).sort();

describe('planInit golden files', () => {
  it('has the three reference cases', () => {
    expect(CASES).toEqual(['coredns-nodeport', 'external-etcd', 'loadbalancer-auth']);
  });

  it.each(CASES)('%s', async (name) => {
    const { plan } = await planCase(name);
    const objects = planObjects(plan);
    const steps = plan.steps.map((s) => `# ${s.step}: ${s.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ') || '(nothing to create)'}`).join('\n');
    expectGolden(join(GOLDEN_DIR, name, 'objects.yaml'), `${steps}\n${renderObjects(objects, 'yaml', { showSecrets: false })}`);
    expectGolden(join(GOLDEN_DIR, name, 'secrets.yaml'), decodedSecrets(objects));
    const kubeconfig = { endpointUrl: plan.endpointUrl, runningAt: plan.runningAt, ...plan.kubeconfig };
    expectGolden(join(GOLDEN_DIR, name, 'kubeconfig.yaml'), yaml.dump(kubeconfig, { lineWidth: -1, noRefs: true }));
  });

  it.each(CASES)('%s: every object validates against the Kubernetes models', async (name) => {
    const { plan } = await planCase(name);
    for (const obj of planObjects(plan)) expect(() => validateWithModels(obj), `${obj.kind}/${obj.metadata.name}`).not.toThrow();
  });
});
