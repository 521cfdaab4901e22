/**
 * How the emulated binaries read their command line and their auth files: Go pflag-style
 * `--key=value` flags, and kube-apiserver's CSV token and password files
 * (`secret,user,uid[,"group1,group2"]`).
 */
import type { Container } from './pod-defaults.js';
import type { Identity } from '../contracts.js';

export interface ParsedArgs {
  flags: Map<string, string>;
  positional: string[];
}

/** The full argv of a container (command then args), or undefined when the image's entrypoint is used. */
export function argvOf(container: Container): string[] {
  return [...(container.command ?? []), ...(container.args ?? [])];
}

/** The arguments after a multi-call binary's subcommand (`/fcp federation-apiserver …`). */
export function subcommandArgs(argv: string[], subcommand: string): string[] | undefined {
  const at = argv.findIndex((word, i) => i <= 1 && (word === subcommand || word.endsWith(`/${subcommand}`)));
  return at < 0 ? undefined : argv.slice(at + 1);
}

/** `--a=b`, `--a b` and bare `--flag` (true); later occurrences win, as pflag does for scalars. */
export function parseFlags(args: string[]): ParsedArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word.startsWith('-') || word === '-' || word === '--') {
      positional.push(word);
      continue;
    }
    const name = word.replace(/^--?/, '');
    const eq = name.indexOf('=');
    if (eq >= 0) {
      flags.set(name.slice(0, eq), name.slice(eq + 1));
    } else if (i + 1 < args.length && !args[i + 1].startsWith('-')) {
      flags.set(name, args[++i]);
    } else {
      flags.set(name, 'true');
    }
  }
  return { flags, positional };
}

/** Splits CSV text as Go's encoding/csv does with TrimLeadingSpace (quotes may hold commas). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atStart = true;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"' && atStart) {
        quoted = true;
        atStart = false;
      } else if (ch === ',') {
        fields.push(field);
        field = '';
        atStart = true;
      } else if (atStart && (ch === ' ' || ch === '\t')) {
        continue;
      } else {
        field += ch;
        atStart = false;
      }
    }
    fields.push(field);
    records.push(fields);
  }
  return records;
}

function groupsOf(record: string[]): string[] {
  return record.length > 3 ? record[3].split(',').map((g) => g.trim()).filter(Boolean) : [];
}

/** kube-apiserver `--token-auth-file`; throws with the binary's message on a malformed line. */
export function parseTokenFile(path: string, text: string): Map<string, Identity> {
  const tokens = new Map<string, Identity>();
  for (const record of parseCsv(text)) {
    if (record.length < 3) throw new Error(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`);
    if (!record[0]) continue;
    tokens.set(record[0], { user: record[1], groups: groupsOf(record) });
  }
  return tokens;
}

/** kube-apiserver `--basic-auth-file` (password,user,uid[,groups]), keyed by user name. */
export function parsePasswordFile(path: string, text: string): Map<string, { password: string; identity: Identity }> {
  const users = new Map<string, { password: string; identity: Identity }>();
  for (const record of parseCsv(text)) {
    if (record.length < 3) throw new Error(`password file '${path}' must have at least 3 columns (password, user name, user uid), found ${record.length}`);
    users.set(record[1], { password: record[0], identity: { user: record[1], groups: groupsOf(record) } });
  }
  return users;
}
