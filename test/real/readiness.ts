/** Waiting for a real cluster to be usable, with errors that show why it is not. */
import { request } from 'node:https';
import { delay, isAlive, tail } from './process-group.js';

export interface ApiClient {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** One GET; resolves with the status code (0 when the connection failed) and body. */
export function get(client: ApiClient, path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const url = new URL(path, client.server);
    const req = request(url, { ca: client.caPem, cert: client.certPem, key: client.keyPem, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (error) => resolve({ status: 0, body: String(error) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ status: 0, body: String(error) }));
    req.end();
  });
}

export interface WatchedProcess {
  what: string;
  pid: number;
  logFile: string;
}

/**
 * Polls `path` until it answers 200. Fails early when a watched process has exited, and at the
 * deadline; both errors carry the last answer and the tail of the log of the process concerned.
 */
export async function waitFor200(client: ApiClient, path: string, opts: { what: string; deadline: number; watch: WatchedProcess[] }): Promise<void> {
  let last = { status: 0, body: '' };
  for (;;) {
    const dead = opts.watch.find((p) => !isAlive(p.pid));
    if (dead) throw new Error(`${dead.what} (pid ${dead.pid}) exited while waiting for ${opts.what}; log ${dead.logFile}:\n${tail(dead.logFile)}`);
    last = await get(client, path);
    if (last.status === 200) return;
    if (Date.now() > opts.deadline) {
      const logs = opts.watch.map((p) => `--- ${p.what}, log ${p.logFile}:\n${tail(p.logFile)}`).join('\n');
      throw new Error(`timed out waiting for ${opts.what} (GET ${path}: ${last.status || 'no connection'} ${last.body.slice(0, 300).trim()})\n${logs}`);
    }
    await delay(250);
  }
}
