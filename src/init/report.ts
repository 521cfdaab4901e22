import * as yaml from 'js-yaml';
import type { Deps } from '../deps.js';
import type { K8sObject } from '../k8s/types.js';
import { renderKubeconfigEntries, renderObjectNames, renderObjects } from '../output/render.js';
import type { KubeconfigEntries } from './kubeconfig-entries.js';
import type { InitOptions } from './options.js';

/** The machine-readable result of one init run (`-o json|yaml`). */
export interface InitReport {
  apiVersion: 'kubefed/v1';
  kind: 'InitResult';
  federation: string;
  hostContext: string;
  namespace: string;
  endpoint?: string;
  runningAt?: string;
  /** Every object in apply order and what happened to it. */
  objects: { kind: string; name: string; action: 'created' | 'kept' | 'repaired' | 'planned' }[];
  certificates?: { reused: string[]; generated: string[] };
  kubeconfig?: { file: string; context: string; added: string[]; updated: string[] };
  dryRun?: 'client' | 'server';
  waited?: boolean;
}

/**
 * A dry run prints every object that would be sent, in apply order, on stdout: a manifest stream
 * that `kubectl create -f -` accepts. The kubeconfig entries it would write are a preview for the
 * reader, not a manifest, so they go to stderr (as a `Config` document). Secret values and
 * credentials are redacted unless --show-secrets.
 */
export function printDryRun(deps: Deps, options: InitOptions, objects: readonly K8sObject[], kubeconfig: KubeconfigEntries, kubeconfigFile: string): void {
  const format = options.output === 'json' ? 'json' : 'yaml';
  if (options.output === 'name') {
    deps.stdout.write(renderObjectNames(objects));
  } else {
    deps.stdout.write(renderObjects(objects, format, { showSecrets: options.showSecrets }));
  }
  const config = { apiVersion: 'v1', kind: 'Config', ...kubeconfig };
  deps.stderr.write(`Kubeconfig entries that would be written to ${kubeconfigFile}:\n`);
  deps.stderr.write(renderKubeconfigEntries(config, format, { showSecrets: options.showSecrets }));
}

/** stdout after a real run: the original's final line, the result object with -o json|yaml, or names with -o name. */
export function printResult(deps: Deps, options: InitOptions, report: InitReport): void {
  if (options.output === 'json') {
    deps.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (options.output === 'yaml') {
    deps.stdout.write(yaml.dump(report, { lineWidth: -1, noRefs: true }));
  } else if (options.output === 'name') {
    deps.stdout.write(report.objects.map((o) => `${o.kind.toLowerCase()}/${o.name}\n`).join(''));
  } else if (report.waited === false) {
    deps.stdout.write(`Federation API server endpoint: ${report.runningAt} (not waited for; check with: kubectl --context=${report.federation} get --raw /healthz)\n`);
  } else {
    deps.stdout.write(`Federation API server is running at: ${report.runningAt}\n`);
  }
}
