/**
 * A GET over HTTPS as a Go client would make it, for the emulated binaries: the server name is
 * checked against the host that was dialled (even when the connection really goes to a
 * loopback forwarder), and failures read like Go's `Get "<url>": …` errors.
 */
import { request } from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

export interface ClientCredentials {
  ca?: string;
  insecure?: boolean;
  cert?: string;
  key?: string;
  token?: string;
  /** base64 of `user:password`. */
  basic?: string;
}

export class GetError extends Error {}

function goTlsMessage(error: NodeJS.ErrnoException & { cert?: PeerCertificate }, host: string): string {
  switch (error.code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = (error.cert?.subjectaltname ?? '').split(', ').map((n) => n.replace(/^(DNS|IP Address):/, '')).filter(Boolean);
      return `tls: failed to verify certificate: x509: certificate is valid for ${names.join(', ')}, not ${host}`;
    }
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ECONNREFUSED':
      return `dial tcp ${host}: connect: connection refused`;
    default:
      return error.message;
  }
}

/**
 * GET `path` from `url`'s server; `via` is where the connection really goes (a forwarder or
 * the pod's port), default the URL's own host and port.
 */
export function httpsGet(url: URL, path: string, creds: ClientCredentials, via?: { host: string; port: number }): Promise<{ status: number; body: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const target = via ?? { host, port: Number(url.port || 443) };
  // The emulated controller manager names itself, as the real one does in its User-Agent.
  const headers: Record<string, string> = { 'User-Agent': 'federation-controller-manager' };
  if (creds.token) headers.Authorization = `Bearer ${creds.token}`;
  else if (creds.basic) headers.Authorization = `Basic ${creds.basic}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'GET',
        headers,
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        rejectUnauthorized: !creds.insecure,
        ...(isIP(host) ? {} : { servername: host }),
        checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
        timeout: 5000,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('net/http: request canceled (Client.Timeout exceeded while awaiting headers)')));
    req.on('error', (error) => reject(new GetError(`Get "${url.origin}${path}": ${goTlsMessage(error as NodeJS.ErrnoException, host)}`)));
    req.end();
  });
}
