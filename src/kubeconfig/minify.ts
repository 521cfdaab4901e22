import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { ClusterFields, KubeconfigDoc, LoadedKubeconfig, RawMap, UserFields } from './model.js';
import { resolveContext } from './resolve.js';

/** A file reference and the inline field that replaces it. */
const CLUSTER_INLINE: ReadonlyArray<readonly [string, string]> = [['certificate-authority', 'certificate-authority-data']];
const USER_INLINE: ReadonlyArray<readonly [string, string]> = [
  ['client-certificate', 'client-certificate-data'],
  ['client-key', 'client-key-data'],
];

export interface MinifyOptions {
  /** The flag that picks this context, for the message when it does not exist. */
  flag?: string;
  readFile?: (path: string) => Buffer;
}

/**
 * A standalone kubeconfig holding only one context, its cluster and its user, with every file
 * reference read and inlined, so that it still works on another machine or inside a Secret
 * (kubectl config view --minify --flatten).
 */
export function minifyFlatten(loaded: LoadedKubeconfig, contextName: string, options: MinifyOptions = {}): KubeconfigDoc {
  const ctx = resolveContext(loaded, contextName, options.flag ?? '--context');
  const read = options.readFile ?? ((path: string) => readFileSync(path));
  const describe = (what: string, origin: string) => ({ read, what, origin, context: ctx.name });
  const doc: KubeconfigDoc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: ctx.clusterName, cluster: inlineFiles(ctx.cluster, CLUSTER_INLINE, describe('cluster', ctx.origin.cluster)) }],
    contexts: [{ name: ctx.name, context: structuredClone(ctx.context) }],
    'current-context': ctx.name,
  };
  if (ctx.userName !== undefined && ctx.user !== undefined) {
    const user = inlineFiles(ctx.user, USER_INLINE, describe('user', ctx.origin.user ?? ctx.origin.context));
    doc.users = [{ name: ctx.userName, user: inlineTokenFile(user, describe('user', ctx.origin.user ?? ctx.origin.context)) }];
  }
  return doc;
}

interface ReadContext {
  read: (path: string) => Buffer;
  what: string;
  origin: string;
  context: string;
}

function inlineFiles<T extends ClusterFields | UserFields>(fields: T, pairs: ReadonlyArray<readonly [string, string]>, rc: ReadContext): T {
  const out: RawMap = structuredClone(fields);
  for (const [fileKey, dataKey] of pairs) {
    const path = out[fileKey];
    if (typeof path !== 'string' || path === '') continue;
    // Inline data already wins over the file for kubectl, so the file is only read when needed.
    if (typeof out[dataKey] !== 'string' || out[dataKey] === '') out[dataKey] = readReferenced(path, fileKey, rc).toString('base64');
    delete out[fileKey];
  }
  return out as T;
}

function inlineTokenFile(user: UserFields, rc: ReadContext): UserFields {
  const path = user.tokenFile;
  if (typeof path !== 'string' || path === '') return user;
  const out = { ...user };
  // kubectl trims the token file's content, and a token set inline takes precedence over it.
  if (typeof out.token !== 'string' || out.token === '') out.token = readReferenced(path, 'tokenFile', rc).toString('utf8').trim();
  delete out.tokenFile;
  return out;
}

function readReferenced(path: string, key: string, rc: ReadContext): Buffer {
  try {
    return rc.read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(
      `cannot read the ${key} file ${path} of the ${rc.what} of context "${rc.context}" (${code}); fix the path in kubeconfig ${rc.origin}`,
    );
  }
}
