/**
 * Destroy asks before it deletes: on a terminal it puts the question, elsewhere it needs --yes.
 * A dry run deletes nothing and asks nothing.
 */
import type { Deps } from '../deps.js';
import { CliError, UsageError } from '../errors.js';
import type { DestroyOptions } from './options.js';

type ConsentOptions = Pick<DestroyOptions, 'federationName' | 'yes' | 'dryRun'>;

/** Checked before anything is sent: a script that forgot --yes must not hang on a question or delete unasked. */
export function checkConsentPossible(options: ConsentOptions, deps: Pick<Deps, 'interactive'>): void {
  if (options.yes || options.dryRun || deps.interactive) return;
  throw new UsageError(
    `refusing to destroy federation "${options.federationName}" without confirmation: stdin is not a terminal; pass --yes to confirm`,
    `Run it with --dry-run first to see what would be deleted.`,
  );
}

export interface QuestionFacts {
  readonly federationName: string;
  readonly namespace: string;
  readonly hostContext: string;
  /** undefined when the federation API server could not be asked (--force). */
  readonly clusterCount?: number;
}

export function confirmationQuestion(facts: QuestionFacts): string {
  const target = `Destroy federation "${facts.federationName}" in namespace ${facts.namespace} of context ${facts.hostContext}`;
  const members =
    facts.clusterCount === undefined
      ? 'without unjoining its clusters (the federation API server cannot be reached)'
      : `unjoining ${facts.clusterCount} ${facts.clusterCount === 1 ? 'cluster' : 'clusters'}`;
  return `${target}, ${members}? [y/N] `;
}

/** Anything but y or yes (any case) is a no. */
export function isYes(answer: string): boolean {
  return /^(y|yes)$/i.test(answer.trim());
}

export async function confirmDestroy(options: ConsentOptions, deps: Pick<Deps, 'prompt'>, facts: QuestionFacts): Promise<void> {
  if (options.yes || options.dryRun) return;
  const answer = await deps.prompt(confirmationQuestion(facts));
  if (!isYes(answer)) throw new CliError(`destroy of federation "${options.federationName}" cancelled; nothing was deleted`);
}
