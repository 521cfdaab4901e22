import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'kubefed.js');

describe('bin/kubefed.js on a Node.js too old for the bundle', () => {
  it('says which Node.js it needs, in one line, and exits 1 without loading anything', async () => {
    // Node before 20.16 has no process.getBuiltinModule: a preload takes it away.
    const preload = join(tempDir('kubefed-old-node-'), 'old-node.cjs');
    writeFileSync(preload, 'delete process.getBuiltinModule;\n');
    const failed = await run(process.execPath, ['--require', preload, BIN, 'version']).then(
      () => undefined,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toBe(`error: kubefed needs Node.js 20.16 or newer within 20.x, or 22.3 or newer, and this is ${process.version}; install one of those\n`);
  });
});
