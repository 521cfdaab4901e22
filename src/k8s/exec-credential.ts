/**
 * kubeconfig `exec` credential plugins, run by kubefed itself rather than by client-node, so a
 * plugin is bounded by the request deadline (and killed when it overruns) and its failures name
 * it. The credential it prints (an ExecCredential) becomes the user's static token or client
 * certificate for the run.
 */
import { spawn } from 'node:child_process';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { CliError } from '../errors.js';
import { formatMs } from './transport.js';

export interface ExecConfig {
  command?: unknown;
  args?: unknown;
  env?: unknown;
}

/** What the plugin handed out, in the kubeconfig's encoding (certificate and key base64). */
export interface ExecCredentials {
  token?: string;
  certData?: string;
  keyData?: string;
}

export interface ExecRun {
  /** The kubeconfig user the plugin belongs to. */
  userName: string;
  /** The plugin's environment: kubefed's own plus the entry's `env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Kill the plugin after this long; undefined: wait as long as it takes. */
  timeoutMs?: number;
  /** The folder of the kubeconfig file that defines the user: a relative command with a slash is found there, as kubectl does. */
  baseDir?: string;
}

const FIX = 'run the command yourself to see what it does, or fix the exec entry of that user in your kubeconfig';

function envList(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(value)) return out;
  for (const e of value) {
    if (e && typeof e === 'object' && typeof e.name === 'string') out[e.name] = String(e.value ?? '');
  }
  return out;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

/** Runs the plugin and returns its credentials; every failure is a CliError naming the plugin. */
export function runExecPlugin(exec: ExecConfig, run: ExecRun): Promise<ExecCredentials> {
  const command = typeof exec.command === 'string' ? exec.command : '';
  const who = `the exec credential plugin "${command}" of user "${run.userName}"`;
  if (command === '') return Promise.reject(new CliError(`user "${run.userName}" has an exec entry without a command; set exec.command in your kubeconfig`));
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const program = run.baseDir && command.includes('/') && !isAbsolute(command) ? resolvePath(run.baseDir, command) : command;
  const env = { ...run.env, ...envList(exec.env) };
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      fn();
    };
    const timer =
      run.timeoutMs !== undefined && Number.isFinite(run.timeoutMs)
        ? setTimeout(() => {
            child.kill('SIGKILL');
            finish(() =>
              reject(
                new CliError(`${who} did not finish within ${formatMs(run.timeoutMs as number)} (--request-timeout); it was stopped`, {
                  hint: `${FIX}; a plugin that asks questions gets no terminal from kubefed`,
                }),
              ),
            );
          }, Math.max(0, run.timeoutMs))
        : undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(() => reject(new CliError(`${who} could not be started (${e.code ?? e.message})`, { hint: 'check that the command is installed and on your PATH' }))),
    );
    child.on('close', (code, signal) =>
      finish(() => {
        if (code !== 0) {
          const said = firstLine(stderr);
          reject(new CliError(`${who} failed (${signal ? `signal ${signal}` : `exit code ${code}`})${said ? `: ${said}` : ''}`, { hint: FIX }));
          return;
        }
        try {
          resolve(readCredential(stdout));
        } catch (e) {
          reject(new CliError(`${who} did not print an ExecCredential: ${e instanceof Error ? e.message : String(e)}`, { hint: FIX }));
        }
      }),
    );
  });
}

/** The credentials of an ExecCredential document; throws a short reason otherwise (never the text itself). */
export function readCredential(stdout: string): ExecCredentials {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new Error(stdout.trim() === '' ? 'its output was empty' : 'its output is not JSON');
  }
  const status = (doc as { kind?: unknown; status?: unknown } | null)?.status;
  if ((doc as { kind?: unknown } | null)?.kind !== 'ExecCredential' || !status || typeof status !== 'object') {
    throw new Error('its output is JSON but not an ExecCredential with a status');
  }
  const s = status as { token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown };
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const creds: ExecCredentials = {
    token: str(s.token),
    certData: str(s.clientCertificateData) && Buffer.from(str(s.clientCertificateData) as string).toString('base64'),
    keyData: str(s.clientKeyData) && Buffer.from(str(s.clientKeyData) as string).toString('base64'),
  };
  if (!creds.token && !(creds.certData && creds.keyData)) throw new Error('its ExecCredential has neither a token nor a client certificate and key');
  return creds;
}
