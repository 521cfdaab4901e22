import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationCounts, startFederation, type Federation } from './federation-fixture.js';

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation([{ name: 'dunland' }, { name: 'harad' }, { name: 'dale' }]);
  for (const name of ['dunland', 'harad']) await (fed.emu.cluster(name) as unknown as { close(): Promise<void> }).close();
});
afterAll(async () => fed?.close());

describe('join of several clusters, two of them unreachable', () => {
  it('reports both before writing anything, one line each, and joins none', async () => {
    const before = mutationCounts(fed.emu);
    const run = await fed.run(['join', 'dunland', 'harad', 'dale']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: could not reach cluster "dunland" \(context "dunland"\): .*ECONNREFUSED.*; nothing was changed$/);
    expect(lines[1]).toMatch(/^could not reach cluster "harad" \(context "harad"\): .*ECONNREFUSED.*; nothing was changed$/);
    expect(mutationCounts(fed.emu)).toEqual(before);
  });
});
