/**
 * Dry runs of init create nothing: a client dry run prints every object (stdout) and the
 * kubeconfig entries (stderr); a server dry run has the API server check every object with dryRun=All. Afterwards
 * the host has no namespace of the federation and the kubeconfig has no entry for it.
 */
import * as yaml from 'js-yaml';
import { expect } from 'vitest';
import { initArgv, kubeconfigNames } from './federation-queries.js';
import type { EnvSource, ScenarioStep } from './steps.js';

type Printed = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, string> };

/** The objects init plans, in apply order (a client dry run); the kubeconfig entries go to stderr. */
const CLIENT_ORDER = [
  'Namespace', 'Service', 'Secret', 'Secret', 'Secret', 'PersistentVolumeClaim', 'Deployment',
  'ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'Deployment',
];

export function dryRunScenario(envOf: EnvSource): ScenarioStep[] {
  async function expectNothingCreated(): Promise<void> {
    const env = envOf();
    expect(await env.listObjects(env.hostContext, 'namespace')).not.toContain(`namespace/${env.namespace}`);
    expect((await kubeconfigNames(env)).contexts).not.toContain(env.federationName);
  }

  return [
    {
      name: 'nothing of the federation exists before',
      run: expectNothingCreated,
    },
    {
      name: 'init --dry-run prints every object in apply order, secrets redacted',
      async run() {
        const env = envOf();
        const run = await env.kubefed(initArgv(env, '--dry-run'));
        expect(run.code).toBe(0);
        const docs = yaml.loadAll(run.stdout) as Printed[];
        expect(docs.map((d) => d.kind)).toEqual(CLIENT_ORDER);
        expect(docs[0].metadata.name).toBe(env.namespace);
        expect(docs.filter((d) => d.metadata.namespace !== undefined).every((d) => d.metadata.namespace === env.namespace)).toBe(true);
        for (const secret of docs.filter((d) => d.kind === 'Secret')) {
          expect(Object.values(secret.data ?? {}).every((v) => v === '<redacted>')).toBe(true);
        }
        expect(run.stdout).not.toContain('PRIVATE KEY');
        expect(run.stderr).toMatch(/^Kubeconfig entries that would be written to .*:\napiVersion: v1\nkind: Config\n/m);
        expect(run.stderr).not.toContain('PRIVATE KEY');
      },
    },
    {
      name: 'after a client dry run, nothing was created',
      run: expectNothingCreated,
    },
    {
      name: 'init --dry-run=server has the API server accept every object',
      async run() {
        const env = envOf();
        const run = await env.kubefed(initArgv(env, '--dry-run=server'));
        expect(run.stderr).not.toMatch(/^error/m);
        expect(run.code).toBe(0);
        const kinds = (yaml.loadAll(run.stdout) as Printed[]).map((d) => d.kind);
        expect(kinds).toEqual(CLIENT_ORDER);
      },
    },
    {
      name: 'after a server dry run, nothing was created',
      run: expectNothingCreated,
    },
  ];
}
