/** Exit codes of the CLI (README, "Output, errors and exit codes"). */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Timeout: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: one or two sentences, an exit code and an optional hint. */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  constructor(message: string, options: { exitCode?: ExitCodeValue; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.Failure;
    this.hint = options.hint;
  }
}

/** Bad flags or arguments: exit 2, and nothing has been sent to any cluster. */
export class UsageError extends CliError {
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[], hint?: string) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'), { exitCode: ExitCode.Usage, hint });
    this.name = 'UsageError';
    this.problems = list;
  }
}

/** A bounded wait ran out: exit 3, with a diagnosis of what was still missing. */
export class TimeoutError extends CliError {
  readonly diagnosis: readonly string[];
  constructor(message: string, diagnosis: readonly string[] = [], hint?: string) {
    super(message, { exitCode: ExitCode.Timeout, hint });
    this.name = 'TimeoutError';
    this.diagnosis = diagnosis;
  }
}
