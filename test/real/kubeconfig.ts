/** Kubeconfig files for real clusters: certificates inline, so a file stands alone. */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as yaml from 'js-yaml';

export interface KubeconfigEntry {
  /** Context, cluster and user name. */
  context: string;
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function kubeconfigYaml(entries: KubeconfigEntry[], currentContext = ''): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: entries.map((e) => ({ name: e.context, cluster: { server: e.server, 'certificate-authority-data': b64(e.caPem) } })),
    users: entries.map((e) => ({ name: e.context, user: { 'client-certificate-data': b64(e.clientCertPem), 'client-key-data': b64(e.clientKeyPem) } })),
    contexts: entries.map((e) => ({ name: e.context, context: { cluster: e.context, user: e.context } })),
    'current-context': currentContext,
  };
  return yaml.dump(doc, { lineWidth: -1, noRefs: true });
}

/** Mode 0600 also when the file existed with wider permissions: it holds private keys. */
export function writeKubeconfigFile(path: string, entries: KubeconfigEntry[], currentContext?: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(entries, currentContext), { mode: 0o600 });
  chmodSync(path, 0o600);
}
