import { CliError, ExitCode, TimeoutError, UsageError, type ExitCodeValue } from './errors.js';
import { isApiExceptionLike, kubeApiErrorFromResponse } from './k8s/api-error.js';

export interface DescribedError {
  exitCode: ExitCodeValue;
  /** One or two sentences; the first line printed after "error: ". */
  message: string;
  /** Further lines (a hint, a diagnosis). */
  details: string[];
}

/** Errors from the API layer carry these; see src/k8s/api-error.ts. */
interface ApiLikeError {
  status: number;
  reason?: string;
  message: string;
  server?: string;
}

const TLS_HINT = "check the cluster's certificate-authority (or certificate-authority-data) and server in your kubeconfig";

const TRANSPORT_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the request timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate is not signed by the cluster's certificate authority",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate could not be verified with the cluster's certificate authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate is not signed by the cluster's certificate authority",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name this address",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  INVALID_PURPOSE: "the server's certificate is not meant for serving",
  EPROTO: 'the TLS handshake failed',
};

const TLS_CODES = new Set(Object.keys(TRANSPORT_CODES).filter((c) => c.includes('CERT') || c.startsWith('UNABLE_') || c === 'INVALID_PURPOSE'));

function transportCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (code in TRANSPORT_CODES || code.startsWith('ERR_SSL_'))) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function transportTarget(err: unknown): string {
  const e = err as { server?: unknown; host?: unknown; address?: unknown; port?: unknown };
  if (typeof e.server === 'string') return e.server;
  if (typeof e.host === 'string') return e.host;
  if (typeof e.address === 'string') return typeof e.port === 'number' ? `${e.address}:${e.port}` : e.address;
  return '';
}

function isApiLike(err: unknown): err is ApiLikeError {
  return typeof err === 'object' && err !== null && typeof (err as ApiLikeError).status === 'number' && err instanceof Error;
}

function describeApiError(err: ApiLikeError): DescribedError {
  if (err.status === 401) {
    const where = err.server ? `the API server ${err.server}` : 'the API server';
    return {
      exitCode: ExitCode.Failure,
      message: `${where} did not accept the credentials (Unauthorized)`,
      details: ["check the user of the context in your kubeconfig (token, client certificate or password)"],
    };
  }
  const reason = err.reason ? ` (${err.reason})` : '';
  return { exitCode: ExitCode.Failure, message: `Error from server${reason}: ${err.message}`, details: [] };
}

/** src/k8s/transport.ts's RequestTimeoutError, recognised without loading the transport. */
interface RequestTimeoutLike {
  name: 'RequestTimeoutError';
  url: string;
  request: string;
  wait: string;
  runDeadline: boolean;
  server?: string;
}

function isRequestTimeout(err: unknown): err is RequestTimeoutLike {
  return err instanceof Error && err.name === 'RequestTimeoutError' && typeof (err as Partial<RequestTimeoutLike>).request === 'string';
}

/**
 * A request that ran out of time names the server, the request and what it was waiting for; when
 * the command's --timeout ran out (not --request-timeout) the exit code is 3, as for every wait.
 */
function describeRequestTimeout(err: RequestTimeoutLike): DescribedError {
  const server = err.server ?? new URL(err.url).origin;
  if (err.runDeadline) {
    return {
      exitCode: ExitCode.Timeout,
      message: `--timeout ran out waiting for the API server ${server} to answer ${err.request} (${err.wait})`,
      details: ['give --timeout more time, or check that the address is a Kubernetes API server that answers from this machine'],
    };
  }
  return {
    exitCode: ExitCode.Failure,
    message: `the API server ${server} did not answer ${err.request} (${err.wait}, --request-timeout)`,
    details: ['check that the address is a Kubernetes API server that answers from this machine, or raise --request-timeout'],
  };
}

/** Turns any thrown value into the one plain sentence the user sees (style §7). */
export function describeError(err: unknown): DescribedError {
  if (err instanceof TimeoutError) {
    return { exitCode: err.exitCode, message: err.message, details: [...err.diagnosis, ...(err.hint ? [err.hint] : [])] };
  }
  if (err instanceof UsageError || err instanceof CliError) {
    return { exitCode: err.exitCode, message: err.message, details: err.hint ? [err.hint] : [] };
  }
  if (isApiLike(err)) return describeApiError(err);
  if (isRequestTimeout(err)) return describeRequestTimeout(err);
  // client-node's ApiException ("HTTP-Code: 409 Message: … Headers: …") is never shown as is.
  if (isApiExceptionLike(err)) return describeApiError(kubeApiErrorFromResponse(err.code, err.body, err.headers ?? {}));
  const code = transportCode(err);
  if (code) {
    const target = transportTarget(err);
    const what = TRANSPORT_CODES[code] ?? 'the TLS handshake failed';
    const tls = TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code === 'EPROTO';
    return {
      exitCode: ExitCode.Failure,
      message: `could not reach the API server${target ? ` ${target}` : ''}: ${what} (${code})`,
      details: tls ? [TLS_HINT] : [],
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { exitCode: ExitCode.Failure, message: message.split('\n')[0] || 'unknown error', details: [] };
}
