/**
 * Reads the server and credentials of a kubeconfig's current context, as client-go's clientcmd
 * does for the emulated binaries (file references are read through the container's files).
 */
import * as yaml from 'js-yaml';
import type { ClientCredentials } from './https-get.js';

type Named<T> = { name: string } & T;
interface KubeconfigDoc {
  'current-context'?: string;
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: { cluster?: string; user?: string } }>[];
}

export class KubeconfigError extends Error {}

/** Reads a file a kubeconfig refers to; throws with Go's message when it is missing. */
export type ReadFile = (path: string) => string;

function dataOrFile(entry: Record<string, unknown>, key: string, readFile: ReadFile): string | undefined {
  const data = entry[`${key}-data`];
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  const path = entry[key];
  if (typeof path !== 'string' || !path) return undefined;
  try {
    return readFile(path);
  } catch (error) {
    throw new KubeconfigError(`invalid configuration: unable to read ${key} from ${path}: ${(error as Error).message}`);
  }
}

export function kubeconfigCredentials(text: string, source: string, readFile: ReadFile): { server?: string; creds: ClientCredentials } {
  let doc: KubeconfigDoc;
  try {
    doc = (yaml.load(text) ?? {}) as KubeconfigDoc;
  } catch (error) {
    throw new KubeconfigError(`error loading config file "${source}": ${(error as Error).message.split('\n')[0]}`);
  }
  const contextName = doc['current-context'] ?? '';
  const context = doc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new KubeconfigError('invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster ?? {};
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  const creds: ClientCredentials = {
    ca: dataOrFile(cluster, 'certificate-authority', readFile),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    cert: dataOrFile(user, 'client-certificate', readFile),
    key: dataOrFile(user, 'client-key', readFile),
    token: typeof user.token === 'string' ? user.token : undefined,
  };
  if (typeof user.username === 'string') creds.basic = Buffer.from(`${user.username}:${String(user.password ?? '')}`).toString('base64');
  return { server: typeof cluster.server === 'string' ? cluster.server : undefined, creds };
}
