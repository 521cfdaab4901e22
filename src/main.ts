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
    generateKeyPair: () =>
      new Promise((resolve, reject) => {
        generateKeyPair(
          'rsa',
          {
            modulusLength: 2048,
            publicKeyEncoding: { type: 'spki', format: 'pem' },
            privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
          },
          (err, publicKeyPem, privateKeyPem) => (err ? reject(err) : resolve({ publicKeyPem, privateKeyPem })),
        );
      }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clients: createLazyClientFactory(),
  };
}

export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), realDeps());
  process.exitCode = code;
}
