import { resolve } from 'node:path';
import { parseBool } from '../options/parse.js';
import type { InitIo } from './options.js';
import type { InitInput, InputValue, SettingKey, ValueSource } from './settings.js';

/**
 * Collects every problem of one init invocation, so the user sees them all at once. A problem
 * about a value that came from the `--config` file is prefixed with the file's name, leaving the
 * original's message text unchanged.
 */
export class ProblemList {
  private readonly items: string[] = [];
  constructor(private readonly configFile?: string) {}

  add(text: string, from: ValueSource = 'flag'): void {
    const line = from === 'file' && this.configFile !== undefined ? `${this.configFile}: ${text}` : text;
    if (!this.items.includes(line)) this.items.push(line);
  }

  addAll(texts: readonly string[], from: ValueSource = 'flag'): void {
    for (const text of texts) this.add(text, from);
  }

  get all(): readonly string[] {
    return this.items;
  }
}

/** What every check reads: the merged input, the problem list and the file reader. */
export class CheckContext {
  readonly problems: ProblemList;
  constructor(
    readonly input: InitInput,
    readonly io: InitIo,
  ) {
    this.problems = new ProblemList(input.configFile);
  }

  from(key: SettingKey): ValueSource {
    return this.input.settings[key].from;
  }

  raw(key: SettingKey): InputValue | undefined {
    return this.input.settings[key].value;
  }

  /** Settings that have a problem already: a generic check of their kind stays silent about them. */
  private readonly reported = new Set<SettingKey>();

  add(key: SettingKey, text: string): void {
    this.reported.add(key);
    this.problems.add(text, this.from(key));
  }

  hasProblem(key: SettingKey): boolean {
    return this.reported.has(key);
  }

  /** A scalar setting as text; '' when unset. */
  text(key: SettingKey): string {
    const value = this.raw(key);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  }

  /** A path setting made absolute: file values against the file's directory, flags against cwd. */
  path(key: SettingKey): string | undefined {
    const value = this.text(key);
    if (value === '') return undefined;
    const base = this.from(key) === 'file' && this.input.configDir !== undefined ? this.input.configDir : this.io.cwd;
    return resolve(base, value);
  }

  /** A boolean setting; strings as Go's strconv.ParseBool reads them (the original's flags were pflag bools). */
  bool(key: SettingKey, flag: string, fallback: boolean): boolean {
    const parsed = parseBool(this.raw(key));
    if (parsed !== undefined) return parsed;
    if (this.raw(key) === undefined) return fallback;
    this.add(key, `invalid --${flag} value "${String(this.raw(key))}": use true or false, written as --${flag}=false`);
    return fallback;
  }
}

/** Reads a file through the injected reader; the error text follows Go's `stat <path>: …`. */
export function readNamedFile(io: InitIo, given: string, absolute: string): { text?: string; error?: string } {
  try {
    const text = io.readFile(absolute);
    return text === undefined ? { error: `stat ${given}: no such file or directory` } : { text };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
