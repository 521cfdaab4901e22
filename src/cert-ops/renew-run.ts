/**
 * `kubefed certs renew`: resolve (no network) → read the Secrets and Deployments on the host →
 * issue the new certificates → write them through the applier and the locked kubeconfig writer,
 * rolling the Deployments that mount them. A dry run says what would change and sends nothing.
 */
import { inspectCertificate } from '../certs/inspect.js';
import { APISERVER_NAME, CONTROLLER_MANAGER_NAME } from '../constants.js';
import type { Deps } from '../deps.js';
import { readStoredSecrets, storedPki } from '../federation/stored-pki.js';
import { createApplier } from '../k8s/apply.js';
import { updateKubeconfig } from '../kubeconfig/write.js';
import { progressFor } from '../session.js';
import { issueRenewal, type Renewal } from './issue.js';
import { hostClient, resolveCertsTargets } from './locate.js';
import type { RenewOptions } from './options.js';
import { planRenewal } from './renew-plan.js';

const LABELS: Record<string, string> = { ca: 'ca', server: 'apiserver', 'controller-manager': 'controller-manager', admin: 'admin' };

export async function runRenew(options: RenewOptions, deps: Deps): Promise<void> {
  const targets = resolveCertsTargets(options, deps);
  const progress = progressFor(deps, options.quiet);
  const now = deps.now();
  const host = await hostClient(targets, options, deps);
  const ns = targets.namespace;
  const deployment = (name: string) => host.get({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns });
  const [secrets, apiserver, cmDeployment] = await Promise.all([readStoredSecrets(host, ns), deployment(APISERVER_NAME), deployment(CONTROLLER_MANAGER_NAME)]);
  const found = storedPki(secrets, targets.federation.user);
  const renewal = await issueRenewal(found, options.target, { federationName: targets.federationName, namespace: ns }, deps);
  const plan = planRenewal(renewal, { ...secrets, apiserver, cmDeployment }, targets.federation, now);
  const renewed = renewal.renewed.map((name) => LABELS[name]).join(', ');

  const changes = [...plan.host.map((c) => c.description), ...(plan.kubeconfig ? [plan.kubeconfig.description] : [])];
  const result = { renewed: renewal.renewed.map((name) => LABELS[name]), ...(options.dryRun ? { dryRun: options.dryRun } : {}), changes };
  if (options.dryRun === 'client') {
    if (options.output === 'json') return void deps.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    deps.stdout.write(`Would renew: ${renewed}\n`);
    for (const change of plan.host) deps.stdout.write(`Would update ${change.description}\n`);
    if (plan.kubeconfig) deps.stdout.write(`Would update ${plan.kubeconfig.description}\n`);
    return;
  }
  const applier = createApplier({ dryRun: options.dryRun });
  for (const change of plan.host) {
    const step = progress.step(`Updating ${change.description}`);
    try {
      await applier.replace(host, change.object);
      step.done();
    } catch (err) {
      step.fail();
      throw err;
    }
  }
  if (plan.kubeconfig && !options.dryRun) {
    const step = progress.step(`Updating ${plan.kubeconfig.description}`);
    await updateKubeconfig(targets.paths, plan.kubeconfig.edit, { overwrite: true, sleep: deps.sleep, randomBytes: deps.randomBytes });
    step.done();
  }
  if (options.output === 'json') return void deps.stdout.write(`${JSON.stringify({ ...result, validUntil: validUntil(renewal) }, null, 2)}\n`);
  deps.stdout.write(`${options.dryRun ? 'Would renew' : 'Renewed'}: ${renewed} (valid until ${validUntil(renewal)})\n`);
}

/** The leaves of one renewal share their validity: its end (the CA's only when no leaf was renewed). */
function validUntil(renewal: Renewal): string {
  const first = renewal.renewed.find((name) => name !== 'ca') ?? renewal.renewed[0];
  const pair = first === 'ca' ? renewal.pki.ca : first === 'server' ? renewal.pki.server : first === 'controller-manager' ? renewal.pki.controllerManager : renewal.pki.admin;
  return pair ? inspectCertificate(pair.certPem).notAfter.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}
