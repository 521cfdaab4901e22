/**
 * API servers that misbehave, on 127.0.0.1, for the transport's deadline tests: a black hole that
 * accepts connections and never answers, servers whose headers or body come too slowly, one that
 * resets the connection mid-body, a 503 storm with or without Retry-After, and a port where
 * nothing listens. Each records the requests it saw ("GET /api").
 */
import http from 'node:http';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Behaviour =
  | { kind: 'black-hole' }
  | { kind: 'slow-headers' }
  | { kind: 'slow-body' }
  | { kind: 'reset-mid-body' }
  | { kind: 'storm'; status: number; retryAfterSeconds?: number };

export interface MisbehavingServer {
  /** http://127.0.0.1:PORT, or https:// for the black hole (a client waits for its TLS handshake). */
  readonly url: string;
  readonly port: number;
  /** "GET /api", in arrival order (none for the black hole: it never reads). */
  readonly requests: string[];
  /** Connections accepted. */
  connections(): number;
  close(): Promise<void>;
}

export async function startMisbehavingServer(behaviour: Behaviour, scheme: 'http' | 'https' = behaviour.kind === 'black-hole' ? 'https' : 'http'): Promise<MisbehavingServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const server: net.Server =
    behaviour.kind === 'black-hole'
      ? net.createServer(() => {})
      : http.createServer((req, res) => {
          requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
          req.resume();
          switch (behaviour.kind) {
            case 'slow-headers':
              later(() => res.end('{}'), 600_000);
              return;
            case 'slow-body': {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.write('{"kind":"APIVersions",');
              const drip = (): void => {
                if (res.destroyed) return;
                res.write(' ');
                later(drip, 200);
              };
              drip();
              return;
            }
            case 'reset-mid-body':
              res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
              res.write('{"kind":"APIVersions",');
              later(() => req.socket.destroy(), 20);
              return;
            case 'storm':
              res.writeHead(behaviour.status, {
                'content-type': 'application/json',
                ...(behaviour.retryAfterSeconds === undefined ? {} : { 'retry-after': String(behaviour.retryAfterSeconds) }),
              });
              res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'storm', reason: 'ServiceUnavailable', code: behaviour.status }));
              return;
          }
        });
  server.on('connection', (socket: net.Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago): connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}

/** A kubeconfig whose contexts each point at a server with a token user; the first is current. */
export function writeServerKubeconfig(dir: string, servers: Record<string, string>, user: Record<string, unknown> = { token: 'misbehaving-test-token-0123456789' }): string {
  const names = Object.keys(servers);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': names[0],
    clusters: names.map((name) => ({ name, cluster: { server: servers[name], 'insecure-skip-tls-verify': true } })),
    users: names.map((name) => ({ name, user })),
    contexts: names.map((name) => ({ name, context: { cluster: name, user: name } })),
  };
  const path = join(dir, 'config');
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}

/**
 * A listener on 127.0.0.1 that never accepts: a Python process with an accept queue of one,
 * filled by one connection of ours, so the kernel drops every further SYN and a client's connect
 * hangs in the TCP handshake (Node's net.Server accepts by itself, so it cannot be one).
 */
export async function startUnacceptingListener(): Promise<{ url: string; close(): Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const { connect } = await import('node:net');
  const python = spawn('python3', ['-c', "import socket, sys\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(0)\nprint(s.getsockname()[1], flush=True)\nsys.stdin.read()\n"], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    python.once('error', reject);
    python.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  const filler = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => filler.once('connect', () => resolve()).once('error', reject));
  return {
    url: `https://127.0.0.1:${port}`,
    close: async () => {
      filler.destroy();
      python.stdin.end();
      await new Promise((resolve) => (python.exitCode !== null ? resolve(undefined) : python.once('exit', resolve)));
    },
  };
}
