/**
 * Authentication as kube-apiserver does it: a client certificate verified against the client CA
 * (CN → user, O → groups), a bearer token, or HTTP basic credentials. Every authenticated
 * identity also belongs to `system:authenticated`.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Identity } from './contracts.js';

export { createEmulatorCa, issueClientCert, issueServerCert } from './pki.js';
export type { CertOptions, CertPair, EmulatorCa, ServerCertOptions } from './pki.js';

export interface BasicCredential {
  password: string;
  identity: Identity;
}

/** Bearer tokens the server accepts; the token controller adds and removes entries at run time. */
export class TokenRegistry {
  private readonly tokens = new Map<string, Identity>();

  constructor(initial?: Iterable<[string, Identity]>) {
    for (const [token, identity] of initial ?? []) this.tokens.set(token, identity);
  }

  add(token: string, identity: Identity): void {
    this.tokens.set(token, { user: identity.user, groups: [...identity.groups] });
  }

  remove(token: string): boolean {
    return this.tokens.delete(token);
  }

  /** Drops every token issued to this user (a deleted service account's tokens stop working). */
  removeUser(user: string): number {
    let removed = 0;
    for (const [token, identity] of this.tokens) {
      if (identity.user === user) {
        this.tokens.delete(token);
        removed++;
      }
    }
    return removed;
  }

  get(token: string): Identity | undefined {
    return this.tokens.get(token);
  }

  has(token: string): boolean {
    return this.tokens.has(token);
  }

  get size(): number {
    return this.tokens.size;
  }
}

export interface AuthenticatorOptions {
  /** When absent, client certificates are not accepted at all. */
  clientCaPem?: string;
  tokens: Pick<Map<string, Identity>, 'get'> | TokenRegistry;
  basic: Pick<Map<string, BasicCredential>, 'get'>;
  /** Checked on every use of a known bearer token; false makes it fail (401), as a revoked token does. */
  tokenStillValid?: (token: string) => boolean;
}

export type Authenticator = (req: IncomingMessage) => Identity | undefined;

function withAuthenticatedGroup(identity: Identity): Identity {
  const groups = identity.groups.includes('system:authenticated') ? identity.groups : [...identity.groups, 'system:authenticated'];
  return { user: identity.user, groups: [...groups] };
}

function fromClientCertificate(req: IncomingMessage): Identity | undefined {
  const socket = req.socket as TLSSocket;
  // `authorized` is only true when the peer presented a certificate that chains to `ca`.
  if (!socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  const cn = cert?.subject?.CN;
  if (!cn) return undefined;
  const user = Array.isArray(cn) ? cn[0] : cn;
  const o = cert.subject.O as string | string[] | undefined;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { user, groups };
}

function fromAuthorizationHeader(header: string | undefined, options: AuthenticatorOptions): Identity | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) {
    const identity = options.tokens.get(bearer[1]);
    return identity && (options.tokenStillValid?.(bearer[1]) ?? true) ? identity : undefined;
  }
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const entry = options.basic.get(decoded.slice(0, colon));
    return entry && entry.password === decoded.slice(colon + 1) ? entry.identity : undefined;
  }
  return undefined;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  return (req) => {
    const identity = (options.clientCaPem ? fromClientCertificate(req) : undefined) ?? fromAuthorizationHeader(req.headers.authorization, options);
    return identity ? withAuthenticatedGroup(identity) : undefined;
  };
}
