import { CliError, ExitCode, TimeoutError, UsageError, type ExitCodeValue } from './errors.js';

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
}

const TRANSPORT_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate is not signed by the cluster's certificate authority",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate could not be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name this address",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  INVALID_PURPOSE: "the server's certificate is not meant for serving",
};

function transportCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code in TRANSPORT_CODES) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isApiLike(err: unknown): err is ApiLikeError {
  return typeof err === 'object' && err !== null && typeof (err as ApiLikeError).status === 'number' && err instanceof Error;
}

/** Turns any thrown value into the one plain sentence the user sees (style §7). */
export function describeError(err: unknown): DescribedError {
  if (err instanceof TimeoutError) {
    return { exitCode: err.exitCode, message: err.message, details: [...err.diagnosis, ...(err.hint ? [err.hint] : [])] };
  }
  if (err instanceof UsageError || err instanceof CliError) {
    return { exitCode: err.exitCode, message: err.message, details: err.hint ? [err.hint] : [] };
  }
  if (isApiLike(err)) {
    const reason = err.reason ? ` (${err.reason})` : '';
    return { exitCode: ExitCode.Failure, message: `Error from server${reason}: ${err.message}`, details: [] };
  }
  const code = transportCode(err);
  if (code) {
    const target = (err as { address?: string; host?: string }).host ?? '';
    return {
      exitCode: ExitCode.Failure,
      message: `could not reach the API server${target ? ` ${target}` : ''}: ${TRANSPORT_CODES[code]} (${code})`,
      details: [],
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { exitCode: ExitCode.Failure, message: message.split('\n')[0] ?? 'unknown error', details: [] };
}
