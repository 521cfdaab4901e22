import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { runCli } from '../../src/cli.js';
import { makeTestDeps } from '../helpers/deps.js';

describe('kubefed version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });

  it('prints the version line on stdout', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['version'], deps)).toBe(0);
    expect(deps.stdout.text()).toBe(`kubefed version: v${VERSION}\n`);
    expect(deps.stderr.text()).toBe('');
  });

  it('prints a machine-readable result with -o json', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['version', '-o', 'json'], deps)).toBe(0);
    expect(JSON.parse(deps.stdout.text())).toMatchObject({ kubefedVersion: VERSION });
  });

  it('prints the same result as YAML with -o yaml', async () => {
    const { load } = await import('js-yaml');
    const deps = makeTestDeps();
    expect(await runCli(['version', '-o', 'yaml'], deps)).toBe(0);
    expect(load(deps.stdout.text())).toEqual({ kubefedVersion: VERSION, nodeVersion: process.version });
  });

  it("takes kubectl version's --client, printing the same line", async () => {
    const deps = makeTestDeps();
    expect(await runCli(['version', '--client'], deps)).toBe(0);
    expect(deps.stdout.text()).toBe(`kubefed version: v${VERSION}\n`);
  });

  it('rejects an unknown output format with exit 2', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['version', '-o', 'xml'], deps)).toBe(2);
    expect(deps.stderr.text()).toBe('error: invalid --output "xml": use json or yaml, or leave it out\n');
  });

  it('an unknown command is a usage error', async () => {
    const deps = makeTestDeps();
    expect(await runCli(['frobnicate'], deps)).toBe(2);
    expect(deps.stderr.text()).toContain("unknown command 'frobnicate'");
  });
});
