import { describe, expect, it } from 'vitest';
import { checkConsentPossible, confirmationQuestion, confirmDestroy, isYes } from '../../../src/destroy/confirm.js';
import { CliError, UsageError } from '../../../src/errors.js';

const FACTS = { federationName: 'fellowship', namespace: 'federation-system', hostContext: 'rivendell' };

describe('confirmationQuestion', () => {
  it.each([
    [2, 'unjoining 2 clusters'],
    [1, 'unjoining 1 cluster'],
    [0, 'unjoining 0 clusters'],
    [undefined, 'without unjoining its clusters (the federation API server cannot be reached)'],
  ])('with %s clusters says "%s"', (clusterCount, members) => {
    expect(confirmationQuestion({ ...FACTS, clusterCount })).toBe(`Destroy federation "fellowship" in namespace federation-system of context rivendell, ${members}? [y/N] `);
  });
});

describe('isYes', () => {
  it.each(['y', 'Y', 'yes', 'YES', ' yes\n'])('accepts %j', (answer) => expect(isYes(answer)).toBe(true));
  it.each(['', 'n', 'no', 'yess', 'ye', 'sure', 'y es'])('refuses %j', (answer) => expect(isYes(answer)).toBe(false));
});

describe('checkConsentPossible', () => {
  const options = { federationName: 'fellowship', yes: false, dryRun: undefined };
  it('refuses a non-interactive run without --yes', () => {
    expect(() => checkConsentPossible(options, { interactive: false })).toThrow(UsageError);
    expect(() => checkConsentPossible(options, { interactive: false })).toThrow(
      'refusing to destroy federation "fellowship" without confirmation: stdin is not a terminal; pass --yes to confirm',
    );
  });
  it.each([
    ['--yes', { ...options, yes: true }, false],
    ['a dry run', { ...options, dryRun: 'client' as const }, false],
    ['a terminal', options, true],
  ])('lets %s through', (_name, opts, interactive) => {
    expect(() => checkConsentPossible(opts, { interactive })).not.toThrow();
  });
});

describe('confirmDestroy', () => {
  const options = { federationName: 'fellowship', yes: false, dryRun: undefined };
  it('goes on after yes, and asks nothing with --yes', async () => {
    const asked: string[] = [];
    await confirmDestroy(options, { prompt: async (q) => (asked.push(q), 'yes') }, { ...FACTS, clusterCount: 2 });
    await confirmDestroy({ ...options, yes: true }, { prompt: async (q) => (asked.push(q), 'n') }, FACTS);
    expect(asked).toHaveLength(1);
  });
  it('stops with exit 1 on anything else', async () => {
    const refused = confirmDestroy(options, { prompt: async () => 'nope' }, FACTS);
    await expect(refused).rejects.toThrow(CliError);
    await expect(confirmDestroy(options, { prompt: async () => '' }, FACTS)).rejects.toMatchObject({
      exitCode: 1,
      message: 'destroy of federation "fellowship" cancelled; nothing was deleted',
    });
  });
});
