/** Pure: how long each certificate has left, and the table and JSON `check-expiration` prints. */
import { inspectCertificate } from '../certs/inspect.js';
import type { InventoryEntry } from './inventory.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export type ExpiryStatus = 'ok' | 'expiring' | 'expired' | 'missing' | 'unreadable' | 'no expiry';

export interface ExpiryRow {
  readonly certificate: string;
  readonly subject: string;
  /** RFC 3339, seconds precision; undefined for a token or a missing certificate. */
  readonly expires?: string;
  /** Whole days from now until expiry, negative once expired. */
  readonly daysLeft?: number;
  readonly status: ExpiryStatus;
  readonly source: string;
}

export function computeExpiry(entries: readonly InventoryEntry[], now: Date, warnDays: number): ExpiryRow[] {
  return entries.map((entry) => {
    const base = { certificate: entry.name, source: entry.source };
    if (entry.token) return { ...base, subject: 'token', status: 'no expiry' };
    if (!entry.certPem) return { ...base, subject: '', status: 'missing' };
    let info;
    try {
      info = inspectCertificate(entry.certPem);
    } catch {
      return { ...base, subject: '', status: 'unreadable' };
    }
    const leftMs = info.notAfter.getTime() - now.getTime();
    const status: ExpiryStatus = leftMs <= 0 ? 'expired' : leftMs < warnDays * DAY_MS ? 'expiring' : 'ok';
    return { ...base, subject: `CN=${info.subjectCN}`, expires: formatTime(info.notAfter), daysLeft: Math.floor(leftMs / DAY_MS), status };
  });
}

/** The rows that make the command exit 1. */
export function needsAttention(rows: readonly ExpiryRow[]): ExpiryRow[] {
  return rows.filter((row) => row.status !== 'ok' && row.status !== 'no expiry');
}

export function renderExpiryTable(rows: readonly ExpiryRow[]): string {
  const header = ['CERTIFICATE', 'SUBJECT', 'EXPIRES', 'DAYS LEFT', 'STATUS', 'SOURCE'];
  const cells = rows.map((r) => [r.certificate, r.subject || '-', r.expires ?? '-', r.daysLeft === undefined ? '-' : String(r.daysLeft), r.status, r.source]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('   ');
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

export function renderExpiryJson(federation: string, now: Date, warnDays: number, rows: readonly ExpiryRow[]): string {
  const doc = { federation, checkedAt: formatTime(now), warnDays, certificates: rows };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
