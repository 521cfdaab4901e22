/**
 * A reader for gcfg, the git-config-like format the federation DNS providers read their
 * `--dns-provider-config` file in:
 *
 *   # comment            ; comment
 *   [Global]             [Section "subsection"]
 *   name = value         name = "quoted; value # kept" trailing words
 *
 * Section and variable names are case-insensitive and are returned in lower case; a subsection
 * name keeps its case and is returned as `section "sub"`. Values may mix quoted and unquoted
 * parts, use the escapes \" \\ \n \t \b, and continue onto the next line after a final
 * backslash. A later assignment to the same name wins.
 *
 * Problems never quote a value: these files hold credentials.
 */
export interface GcfgDocument {
  sections: Record<string, Record<string, string>>;
  problems: string[];
}

const HEADER = /^\[\s*([A-Za-z0-9.-]+)\s*(?:"((?:[^"\\]|\\.)*)"\s*)?\]\s*(?:[#;].*)?$/;
const VARIABLE = /^([A-Za-z][A-Za-z0-9-]*)\s*(=?)/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', b: '\b' };

export function parseGcfg(text: string): GcfgDocument {
  // Null-prototype records, so a section or key called "constructor" reads as absent.
  const sections: Record<string, Record<string, string>> = Object.create(null);
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  let current: Record<string, string> | undefined;

  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = lines[index].trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;

    if (line.startsWith('[')) {
      const header = HEADER.exec(line.trimEnd());
      if (!header) {
        problems.push(`line ${lineNo}: invalid section header; write [Name] or [Name "subsection"]`);
        current = undefined;
        continue;
      }
      const key = header[2] === undefined ? header[1].toLowerCase() : `${header[1].toLowerCase()} "${unescapeSubsection(header[2])}"`;
      current = sections[key] ??= Object.create(null);
      continue;
    }

    const variable = VARIABLE.exec(line);
    if (!variable) {
      problems.push(`line ${lineNo}: expected [Section] or name = value`);
      continue;
    }
    const name = variable[1];
    const rest = line.slice(variable[0].length);
    if (variable[2] === '') {
      // A bare word: gcfg's boolean shorthand, which no provider setting accepts. Not quoted
      // back, since a stray line may well be a pasted credential.
      problems.push(
        rest.trim() === '' || /^[#;]/.test(rest.trim()) ? `line ${lineNo}: a name without "= value"` : `line ${lineNo}: expected [Section] or name = value`,
      );
      continue;
    }
    const parsed = readValue(rest, lines, index);
    index = parsed.lastLine;
    if (parsed.problem) {
      problems.push(`line ${lineNo}: the value of "${name}" ${parsed.problem}`);
      continue;
    }
    if (!current) {
      problems.push(`line ${lineNo}: "${name}" is outside any [Section]`);
      continue;
    }
    current[name.toLowerCase()] = parsed.value;
  }
  return { sections, problems };
}

interface ReadValue {
  value: string;
  lastLine: number;
  problem?: string;
}

/** Scans a value from `first` (the text after "="), following backslash-newline continuations. */
function readValue(first: string, lines: string[], startLine: number): ReadValue {
  let value = '';
  let kept = 0; // value[0, kept) must survive trimming: it ends with quoted or escaped text
  let quoted = false;
  let lineIndex = startLine;
  let chars = first.trimStart();
  for (let i = 0; ; i++) {
    if (i >= chars.length) {
      if (quoted) return { value, lastLine: lineIndex, problem: 'has an unterminated quote' };
      break;
    }
    const c = chars[i];
    if (c === '\\') {
      if (i === chars.length - 1) {
        if (lineIndex + 1 >= lines.length) return { value, lastLine: lineIndex, problem: 'ends with a backslash' };
        lineIndex++;
        chars = lines[lineIndex];
        i = -1;
        continue;
      }
      const escaped = ESCAPES[chars[i + 1]];
      if (escaped === undefined) return { value, lastLine: lineIndex, problem: 'has an invalid backslash escape' };
      value += escaped;
      kept = value.length;
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      kept = value.length;
    } else if (!quoted && (c === '#' || c === ';')) {
      break;
    } else {
      value += c;
      if (quoted) kept = value.length;
    }
  }
  return { value: value.slice(0, kept) + value.slice(kept).trimEnd(), lastLine: lineIndex };
}

function unescapeSubsection(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}
