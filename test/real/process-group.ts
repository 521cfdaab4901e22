/**
 * Every process of a real world runs in one process group, led by a small bash launcher that we
 * start in a session of its own. The launcher reads one shell command per line on stdin, starts it
 * in the background and answers with its pid. When its stdin closes — `stop()`, or the test
 * process dying in any way, SIGKILL included — it sends SIGTERM to the whole group, waits a
 * bounded time and then SIGKILLs the group. So nothing outlives the test process even when no
 * handler of ours gets to run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** The launcher. $1 is the grace period in tenths of a second; $0 names the world in `ps`. */
const LAUNCHER = [
  // Survive the group-wide SIGTERM below; the children still start with default handlers.
  "trap ':' TERM INT HUP",
  // A test process that dies right after a request must not kill the launcher through its answer.
  "trap '' PIPE",
  'pids=()',
  'while IFS= read -r line; do eval "$line" & pids+=("$!"); echo "$!"; done',
  'kill -TERM 0 2>/dev/null',
  'for ((i = 0; i < $1; i++)); do',
  '  alive=0',
  '  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done',
  '  [ "$alive" = 0 ] && exit 0',
  '  sleep 0.1',
  'done',
  'kill -KILL 0',
].join('\n');

export interface Launch {
  /** Program and arguments. */
  argv: string[];
  /** stdout and stderr go here (appended). */
  logFile: string;
  env?: Record<string, string>;
}

function quote(word: string): string {
  if (/[\n\r\0]/.test(word)) throw new Error(`a launched argument may not contain a line break: ${JSON.stringify(word)}`);
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export class ProcessGroup {
  private readonly launcher: ChildProcess;
  private readonly waiting: { resolve: (pid: number) => void; reject: (error: Error) => void }[] = [];
  private readonly exited: Promise<void>;
  private readonly children: number[] = [];
  private closed = false;

  /** `label` appears in the launcher's command line, so `ps` (and the leak check) can find it. */
  constructor(label: string, graceMs: number) {
    this.launcher = spawn('bash', ['-c', LAUNCHER, label, String(Math.ceil(graceMs / 100))], {
      detached: true, // a new session and process group, out of reach of the terminal's Ctrl-C
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.launcher.once('exit', () => resolve()));
    this.launcher.once('error', () => undefined); // bash missing shows up as a failed launch
    const lines = createInterface({ input: this.launcher.stdout! });
    lines.on('line', (line) => this.waiting.shift()?.resolve(Number(line)));
    this.launcher.once('exit', () => {
      for (const w of this.waiting.splice(0)) w.reject(new Error('the process group launcher exited before starting a process'));
    });
  }

  /** The group id: the launcher's pid. */
  get pgid(): number {
    if (this.launcher.pid === undefined) throw new Error('bash could not be started for the process group');
    return this.launcher.pid;
  }

  /** The launcher and everything it started. */
  pids(): number[] {
    return this.launcher.pid === undefined ? [...this.children] : [this.launcher.pid, ...this.children];
  }

  launch(spec: Launch): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the process group is stopped'));
    const env = Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${quote(v)} `).join('');
    const line = `${env}exec ${spec.argv.map(quote).join(' ')} >>${quote(spec.logFile)} 2>&1 </dev/null\n`;
    return new Promise((resolve, reject) => {
      if (this.launcher.exitCode !== null || this.launcher.signalCode !== null) return reject(new Error('the process group launcher has exited'));
      this.waiting.push({
        resolve: (pid) => {
          this.children.push(pid);
          resolve(pid);
        },
        reject,
      });
      this.launcher.stdin!.write(line);
    });
  }

  /** Lets the test process exit while the group runs; the exit handler still kills it. */
  unref(): void {
    this.launcher.unref();
    for (const stream of [this.launcher.stdin, this.launcher.stdout] as unknown as { unref?: () => void }[]) stream?.unref?.();
  }

  /**
   * SIGTERM to some processes of the group, SIGKILL to those still running after `graceMs`; for
   * stopping in order (API servers before the etcd they need to shut down cleanly).
   */
  async terminate(pids: number[], graceMs: number): Promise<void> {
    const signal = (sig: NodeJS.Signals) => {
      for (const pid of pids.filter(isAlive)) {
        try {
          process.kill(pid, sig);
        } catch {
          // exited meanwhile
        }
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (pids.some(isAlive) && Date.now() < deadline) await delay(50);
    signal('SIGKILL');
  }

  /** Graceful stop: the launcher SIGTERMs the group and SIGKILLs it after the grace period. */
  async stop(boundMs: number): Promise<void> {
    this.closed = true;
    this.launcher.ref();
    this.launcher.stdin!.end();
    const timedOut = await Promise.race([this.exited.then(() => false), delay(boundMs).then(() => true)]);
    // Normally a no-op; covers a launcher that is stuck or was itself killed.
    this.killNow();
    if (timedOut) await Promise.race([this.exited, delay(1000)]);
    const deadline = Date.now() + 5000;
    while (this.pids().some(isAlive) && Date.now() < deadline) await delay(50);
    const left = this.pids().filter(isAlive);
    if (left.length > 0) throw new Error(`processes ${left.join(', ')} of the world did not exit after SIGKILL`);
  }

  /** Synchronous SIGKILL of the whole group, for exit and signal handlers. */
  killNow(): void {
    this.closed = true;
    if (this.launcher.pid === undefined) return;
    try {
      process.kill(-this.launcher.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Last lines of a log file, for error messages. */
export function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n').trimEnd();
}
