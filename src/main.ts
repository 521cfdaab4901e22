import { randomBytes } from 'node:crypto';
import { generateKeyPair } from 'node:crypto';
import { homedir } from 'node:os';
import type { Deps } from './deps.js';
import { runCli } from './cli.js';
import { createLazyClientFactory } from './k8s/lazy-factory.js';

function realDeps(): Deps {
  return {
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY),
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
    randomBytes: (n) => randomBytes(n),
    // Node's native generator runs on the libuv thread pool, so keys are made while requests are in flight.
    generateKeyPair: (algorithm = 'rsa-2048') =>
      new Promise((resolve, reject) => {
        const done = (err: Error | null, publicKeyPem: string, privateKeyPem: string) => (err ? reject(err) : resolve({ publicKeyPem, privateKeyPem }));
        const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
        if (algorithm === 'ecdsa-p256') {
          generateKeyPair('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding: { type: 'sec1', format: 'pem' } }, done);
        } else {
          generateKeyPair('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }, done);
        }
      }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clients: createLazyClientFactory(),
  };
}

export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), realDeps());
  process.exitCode = code;
}
