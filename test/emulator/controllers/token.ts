/**
 * The service-account token controller (legacy token Secrets, Kubernetes ≥ 1.24 behaviour): a
 * Secret of type `kubernetes.io/service-account-token` naming an existing ServiceAccount is
 * filled with a token, the cluster CA and the namespace; one naming a missing ServiceAccount is
 * deleted; deleting a ServiceAccount deletes its token Secrets and their tokens stop working.
 * No Secret is ever created for a new ServiceAccount.
 */
import { randomBytes } from 'node:crypto';
import type { Identity, StoredObject } from '../contracts.js';
import { ignoreGone, typeOf, watchKinds, type ControllerContext, type Stop } from './kit.js';

export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

export interface TokenSink {
  add(token: string, identity: Identity): void;
  remove(token: string): boolean;
}

export interface TokenControllerOptions {
  caPem: string;
  tokens: TokenSink;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A token shaped like the legacy service-account JWT (the emulator looks tokens up; it never verifies a signature). */
function mintToken(ns: string, secret: string, sa: string, saUid: string): string {
  const header = { alg: 'RS256', kid: b64url(randomBytes(12)) };
  const claims = {
    iss: 'kubernetes/serviceaccount',
    'kubernetes.io/serviceaccount/namespace': ns,
    'kubernetes.io/serviceaccount/secret.name': secret,
    'kubernetes.io/serviceaccount/service-account.name': sa,
    'kubernetes.io/serviceaccount/service-account.uid': saUid,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${b64url(randomBytes(256))}`;
}

function serviceAccountIdentity(ns: string, sa: string): Identity {
  return { user: `system:serviceaccount:${ns}:${sa}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`] };
}

function tokenOf(secret: StoredObject): string | undefined {
  const data = secret.data as Record<string, string> | undefined;
  return data?.token ? Buffer.from(data.token, 'base64').toString('utf8') : undefined;
}

export function startTokenController(ctx: ControllerContext, options: TokenControllerOptions): Stop {
  const { store } = ctx;
  const secretType = typeOf(store, 'v1', 'Secret');
  const saType = typeOf(store, 'v1', 'ServiceAccount');

  function syncSecret(secret: StoredObject): void {
    if (secret.type !== SA_TOKEN_TYPE) return;
    const ns = secret.metadata.namespace ?? 'default';
    const saName = secret.metadata.annotations?.[SA_NAME_ANNOTATION] ?? '';
    const sa = saName ? store.get(saType, ns, saName) : undefined;
    const wantedUid = secret.metadata.annotations?.[SA_UID_ANNOTATION];
    if (!sa || (wantedUid && wantedUid !== sa.metadata.uid)) {
      const token = tokenOf(secret);
      if (token) options.tokens.remove(token);
      store.delete(secretType, ns, secret.metadata.name);
      return;
    }
    const existing = tokenOf(secret);
    if (existing) {
      options.tokens.add(existing, serviceAccountIdentity(ns, saName));
      return;
    }
    const token = mintToken(ns, secret.metadata.name, saName, sa.metadata.uid ?? '');
    const data = { ...((secret.data as Record<string, string> | undefined) ?? {}), token: b64(token), 'ca.crt': b64(options.caPem), namespace: b64(ns) };
    const annotations = { ...secret.metadata.annotations, [SA_UID_ANNOTATION]: sa.metadata.uid ?? '' };
    const written = ignoreGone(() => store.update(secretType, { ...secret, metadata: { ...secret.metadata, annotations }, data }));
    if (written) options.tokens.add(token, serviceAccountIdentity(ns, saName));
  }

  function deleteTokensOf(sa: StoredObject): void {
    const ns = sa.metadata.namespace ?? 'default';
    for (const secret of store.list(secretType, ns)) {
      if (secret.type !== SA_TOKEN_TYPE || secret.metadata.annotations?.[SA_NAME_ANNOTATION] !== sa.metadata.name) continue;
      const uid = secret.metadata.annotations?.[SA_UID_ANNOTATION];
      if (uid && uid !== sa.metadata.uid) continue;
      const token = tokenOf(secret);
      if (token) options.tokens.remove(token);
      store.delete(secretType, ns, secret.metadata.name);
    }
  }

  return watchKinds(ctx, 'token-controller', ['Secret', 'ServiceAccount'], (event) => {
    const obj = event.object;
    if (event.resource.kind === 'ServiceAccount') {
      if (event.type === 'DELETED') deleteTokensOf(obj);
      return;
    }
    if (event.type === 'DELETED') {
      const token = obj.type === SA_TOKEN_TYPE ? tokenOf(obj) : undefined;
      if (token) options.tokens.remove(token);
      return;
    }
    // Act on the stored state, not the event's copy: the Secret may have changed since.
    const current = store.get(secretType, obj.metadata.namespace, obj.metadata.name);
    if (current) syncSecret(current);
  });
}
