import { homedir } from 'node:os';
import type { Deps } from './deps.js';
import { runCli } from './cli.js';
import { createLazyClientFactory } from './k8s/lazy-factory.js';
import { fdOut } from './output/fd-out.js';
import { currentStep, releaseHeldLocksNow } from './run-state.js';

// node:crypto is loaded when a command first needs it: loading it costs `--help` about 10 ms.
const crypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

function realDeps(): Deps {
  return {
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    stdout: fdOut(1, () => process.stdout),
    stderr: fdOut(2, () => process.stderr),
    // A getter: reading process.stdin sets up a stream, which only destroy's confirmation needs.
    get interactive() {
      return Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY);
    },
    async prompt(question: string) {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    now: () => new Date(),
    randomBytes: (n) => crypto().randomBytes(n),
    // Node's native generator runs on the libuv thread pool, so keys are made while requests are in flight.
    generateKeyPair: (algorithm = 'rsa-2048') =>
      new Promise((resolve, reject) => {
        const done = (err: Error | null, publicKeyPem: string, privateKeyPem: string) => (err ? reject(err) : resolve({ publicKeyPem, privateKeyPem }));
        const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
        if (algorithm === 'ecdsa-p256') {
          crypto().generateKeyPair('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding: { type: 'sec1', format: 'pem' } }, done);
        } else {
          crypto().generateKeyPair('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }, done);
        }
      }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clients: createLazyClientFactory(),
  };
}

/** Exit codes of a run stopped by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Ctrl-C or a kill: release the kubeconfig lock at once (a lock left behind would stop the next
 * kubefed and kubectl), say where the run stopped, and exit with the shell's code. Nothing is
 * rolled back: every command resumes from what exists when run again (README, "Output, errors
 * and exit codes").
 */
function handleSignals(): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.once(signal, () => {
      const released = releaseHeldLocksNow();
      const step = currentStep();
      const where = step ? ` while ${step}` : '';
      const lock = released.length > 0 ? `; released the kubeconfig lock ${released.join(', ')}` : '';
      process.stderr.write(`\nerror: stopped by ${signal}${where}${lock}; run the same command again to resume\n`);
      process.exit(code);
    });
  }
}

export async function main(): Promise<void> {
  handleSignals();
  const code = await runCli(process.argv.slice(2), realDeps());
  process.exitCode = code;
}
