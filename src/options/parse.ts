import { UsageError } from '../errors.js';
import type { ConnectionOverrides, DryRunMode } from './common.js';

/**
 * One parser per kind of flag value, shared by every command, so that the same text means the
 * same thing on every command line (and in init's `--config` file).
 */

const TRUE_TEXT = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const FALSE_TEXT = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

/** A boolean as Go's strconv.ParseBool reads it (the original's flags were pflag bools); undefined when it is none. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (TRUE_TEXT.includes(value)) return true;
  if (FALSE_TEXT.includes(value)) return false;
  return undefined;
}

/** Durations such as 300ms, 30s, 5m, 1h, 1m30s; a bare number means seconds. */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    if (match.index !== consumed) break;
    const amount = Number(match[1]);
    const unit = match[2];
    total += amount * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
    consumed += match[0].length;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new UsageError(`invalid ${flag}: "${value}", use a duration such as 30s, 5m or 1h`);
  }
  return Math.round(total);
}

/**
 * `--dry-run[=client|server|none]`, as kubectl reads it: a bare `--dry-run` (given to commander as
 * `--dry-run=true`) is client, and the boolean spellings of the original's `--dry-run` flag still
 * work (true is client, false is none); anything else, the empty value included, is refused.
 */
export function parseDryRun(value: unknown): DryRunMode | undefined {
  if (value === undefined || value === 'none') return undefined;
  if (value === 'client') return 'client';
  if (value === 'server') return 'server';
  const asBool = parseBool(value);
  if (asBool !== undefined) return asBool ? 'client' : undefined;
  throw new UsageError(`invalid --dry-run "${String(value)}": use --dry-run, --dry-run=client or --dry-run=server`);
}

/**
 * kubectl's connection flags from commander's values (keys server, token, user, cluster,
 * insecureSkipTlsVerify, certificateAuthority); undefined when none was given. A bad value is
 * reported without echoing it: it may be a credential.
 */
export function parseConnectionOverrides(values: Record<string, unknown>): ConnectionOverrides | undefined {
  const text = (key: string, flag: string): string | undefined => {
    const value = values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} needs a non-empty value`);
    return value;
  };
  const rawInsecure = values.insecureSkipTlsVerify;
  const insecure = rawInsecure === undefined ? undefined : parseBool(rawInsecure);
  if (rawInsecure !== undefined && insecure === undefined) {
    throw new UsageError(`--insecure-skip-tls-verify takes true or false, e.g. --insecure-skip-tls-verify=true; got "${String(rawInsecure)}"`);
  }
  const overrides: ConnectionOverrides = {
    server: text('server', '--server'),
    token: text('token', '--token'),
    user: text('user', '--user'),
    cluster: text('cluster', '--cluster'),
    insecureSkipTlsVerify: insecure,
    certificateAuthority: text('certificateAuthority', '--certificate-authority'),
  };
  if (overrides.insecureSkipTlsVerify && overrides.certificateAuthority !== undefined) {
    throw new UsageError('--insecure-skip-tls-verify and --certificate-authority exclude each other: the server is either verified against that CA or not at all; pass one of them');
  }
  return Object.values(overrides).some((v) => v !== undefined) ? overrides : undefined;
}
