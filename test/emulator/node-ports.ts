/**
 * Cluster IP and node port allocation, done by the API server as on a real cluster. Node ports
 * are also checked against this machine, because the emulated kube-proxy listens on them here.
 */
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

export interface PortRange {
  min: number;
  max: number;
}

/**
 * Ports handed out by any emulated API server in this process. The proxy listens on a port only
 * some time after the Service exists, so two clusters could otherwise pick the same free port.
 */
const handedOut = new Set<number>();

/** Whether nothing on 127.0.0.1 holds the port (we can listen on it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export interface AllocateNodePortOptions {
  range: PortRange;
  /** Node ports already used by Services of the same API server. */
  inUse: ReadonlySet<number>;
  /** Probes the machine; replaceable in tests. */
  isFree?: (port: number) => Promise<boolean>;
  /** Dry runs pick a port but do not keep it. */
  reserve?: boolean;
}

export type NodePortResult = { ok: true; port: number } | { ok: false; reason: 'out-of-range' | 'allocated' | 'full' };

/**
 * A requested port is honoured when it is in range and no other Service of this server has it.
 * Otherwise the first port, from a random start, that no Service here has, this process has not
 * handed out, and nothing on the machine listens on.
 */
export async function allocateNodePort(requested: number | undefined, options: AllocateNodePortOptions): Promise<NodePortResult> {
  const { range, inUse } = options;
  const keep = options.reserve ?? true;
  if (requested !== undefined) {
    if (requested < range.min || requested > range.max) return { ok: false, reason: 'out-of-range' };
    if (inUse.has(requested)) return { ok: false, reason: 'allocated' };
    if (keep) handedOut.add(requested);
    return { ok: true, port: requested };
  }
  const isFree = options.isFree ?? ((port: number) => isPortFree(port));
  const size = range.max - range.min + 1;
  const start = randomInt(size);
  for (let i = 0; i < size; i++) {
    const port = range.min + ((start + i) % size);
    if (inUse.has(port) || handedOut.has(port)) continue;
    if (!(await isFree(port))) continue;
    if (keep) handedOut.add(port);
    return { ok: true, port };
  }
  return { ok: false, reason: 'full' };
}

/** The next free cluster IP `<prefix>.x.y`, skipping .0.0 and .0.1 (the kubernetes Service's). */
export function allocateClusterIp(prefix: string, inUse: ReadonlySet<string>): string | undefined {
  for (let n = 10; n < 65535; n++) {
    const ip = `${prefix}.${Math.floor(n / 256)}.${n % 256}`;
    if (!inUse.has(ip)) return ip;
  }
  return undefined;
}

export function isInServiceRange(prefix: string, ip: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  return m !== null && `${m[1]}.${m[2]}` === prefix && Number(m[3]) <= 255 && Number(m[4]) <= 255;
}
