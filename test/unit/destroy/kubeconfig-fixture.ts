import type { KubeconfigDoc, LoadedKubeconfig, NamedContext } from '../../../src/kubeconfig/model.js';
import { mergeKubeconfigFiles } from '../../../src/kubeconfig/load.js';

export const FILE = '/home/frodo/.kube/config';

/** A kubeconfig as loaded from one file, without touching the disk. */
export function loadedFrom(doc: KubeconfigDoc): LoadedKubeconfig {
  return mergeKubeconfigFiles({ paths: [FILE], explicit: false }, [{ path: FILE, doc }]);
}

/** The context init writes: cluster and user of the same name, and its record. */
export function federationContext(name: string, record: Record<string, string> | null): NamedContext {
  return {
    name,
    context: { cluster: name, user: name, ...(record ? { extensions: [{ name: 'kubefed', extension: record }] } : {}) },
  };
}

export const RECORD = { 'host-context': 'rivendell', 'federation-system-namespace': 'fed-ns', 'federation-name': 'fellowship' };

/** rivendell, gondor and the federation fellowship as init leaves them (with basic auth). */
export function kubeconfigAfterInit(record: Record<string, string> | null = RECORD): KubeconfigDoc {
  const cluster = (name: string) => ({ name, cluster: { server: `https://${name}.example:6443` } });
  const user = (name: string) => ({ name, user: { token: `${name}-token` } });
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster('rivendell'), cluster('gondor'), cluster('fellowship')],
    users: [user('rivendell'), user('gondor'), user('fellowship'), { name: 'fellowship-basic-auth', user: { username: 'admin', password: 'p' } }],
    contexts: [
      { name: 'rivendell', context: { cluster: 'rivendell', user: 'rivendell' } },
      { name: 'gondor', context: { cluster: 'gondor', user: 'gondor' } },
      federationContext('fellowship', record),
    ],
    'current-context': 'fellowship',
  };
}
