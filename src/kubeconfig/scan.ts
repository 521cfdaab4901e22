/**
 * A cheap first look at a kubeconfig file, so that a command pays for the entries it uses and not
 * for the whole file. Without building any value it checks that the text is block YAML of the
 * plain shape kubectl and YAML dumpers write — block mappings and sequences, one-line plain or
 * simple quoted scalars, `{}` and `[]`, whole-line comments — that the document is a mapping, and
 * that its `clusters`, `users` and `contexts` lists hold mappings with a unique, plainly string
 * name each and an inner stanza (`cluster:` …) that is a mapping or empty. For such a file it
 * returns where each list entry's text starts and ends, indexed by name, and the rest of the
 * document (the "skeleton", small) for js-yaml to read.
 *
 * Anything else — flow collections, anchors, aliases, tags, block or multi-line scalars, escapes,
 * comments after a value, tabs, a lone CR, odd indentation, several documents, a key YAML would
 * type (`true:`), a duplicate key or name, a name that is not plainly a string — gives undefined,
 * and the caller reads the file with js-yaml as before, so results and error messages never differ.
 *
 * Speed matters more than elegance here: a 10,000-context file has 120,000 lines and is read once,
 * before the JIT has warmed up, so the work is done by regular expressions over whole sections
 * wherever possible (scanByLists); a JavaScript loop over lines (scanLines) takes the rest. See
 * docs/architecture.md, "Reading only what a command uses".
 */

export const LIST_KINDS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

export type ListKey = (typeof LIST_KINDS)[number][0];

/** The entries of one block-sequence list, found by name (names are unique, as checked). */
export interface ScannedList {
  has(name: string): boolean;
  /** Where the entry's text (`- name: …` and its lines) starts and ends. */
  range(name: string): readonly [number, number] | undefined;
}

export interface ScannedKubeconfig {
  /** The document without the entries of the lists below (their keys then read as null). */
  skeleton: string;
  lists: Partial<Record<ListKey, ScannedList>>;
}

/** The lists of the line-by-line pass: every entry's range, by name. */
class IndexedList implements ScannedList {
  readonly ranges = new Map<string, readonly [number, number]>();
  has(name: string): boolean {
    return this.ranges.has(name);
  }
  range(name: string): readonly [number, number] | undefined {
    return this.ranges.get(name);
  }
}

/** Anything but printable ASCII and line breaks: then the stricter check below is needed. */
const NOT_PLAIN_ASCII = /[^\n\r\x20-\x7E]/;
/** What js-yaml refuses or treats specially (non-printable characters, a BOM, surrogates), and tabs. */
const UNSUPPORTED = '\\t\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\uD800-\\uDFFF\\uFEFF\\uFFFE\\uFFFF';
const UNSUPPORTED_CHAR = new RegExp(`[${UNSUPPORTED}]`);

function hasUnsupportedChar(text: string): boolean {
  return NOT_PLAIN_ASCII.test(text) && UNSUPPORTED_CHAR.test(text);
}

/**
 * A line outside the shape. A line is blank, a comment, or: indentation, an optional `- `, then
 * `key:` with an optional one-line value, or (after `- `) a value alone; trailing spaces allowed.
 * A key is plain (a letter, then letters, digits and `_./-`). A value is a plain scalar (no
 * indicator first, no `: ` or ` #` inside, no final colon), a single-quoted scalar, a
 * double-quoted one without escapes, `{}` or `[]`. This also rules out `---`, `...` and `%`.
 * `excluded`: characters no scalar may hold, besides line breaks.
 */
function scalarShapes(excluded: string): { REST: string; VALUE: string } {
  const REST = `[^: \\n\\r${excluded}]*(?:(?::(?![ \\n\\r]|$)| +(?=[^ #\\n\\r]))[^: \\n\\r${excluded}]*)*`;
  const PLAIN = `(?:[^-?:,\\[\\]{}#&*!|>'"%@\` \\n\\r${excluded}]|[-?:][^ \\n\\r${excluded}])${REST}`;
  const VALUE = `(?:${PLAIN}|'(?:[^'\\n\\r${excluded}]|'')*'|"[^"\\\\\\n\\r${excluded}]*"|\\{\\}|\\[\\])`;
  return { REST, VALUE };
}
/** For text whose characters are checked on their own (hasUnsupportedChar). */
const { VALUE } = scalarShapes('');
/** For the simple entries of a list, whose characters the same match checks. */
const LANE = scalarShapes(UNSUPPORTED);
const KEY = '[A-Za-z][A-Za-z0-9_./-]*';
const BAD_LINE = new RegExp(`(?:^|\\n)(?! *(?:#[^\\n]*|(?:- +)?(?:${KEY}:(?: +${VALUE})?|(?<=- +)${VALUE}))? *\\r?(?:\\n|$))`);

/** Plain scalars that YAML reads as booleans or null: a key or name that is one is left to js-yaml. */
const TYPED_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);

const SPACE = 32;
const CR = 13;
const LF = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const SINGLE = 39;
const DOUBLE = 34;
const BRACE = 123;
const BRACKET = 91;

const MAP = 0;
const SEQ = 1;
/** What an open node is for the kubeconfig. */
const OTHER = 0;
const ROOT = 1;
const LIST = 2;
const ENTRY = 3;

/** What `key:` had after it on its line. */
const NOTHING = 0;
const SCALAR = 1;
const EMPTY_MAP = 2;
const EMPTY_SEQ = 3;

const MAX_DEPTH = 64;

/**
 * A small file in both layouts (kubectl's and YAML dumpers'), read once before the first real
 * one: the line loop then has seen every path it takes, so V8's optimized code for it (compiled
 * while it runs over a big file) is not thrown away halfway through.
 */
const SAMPLE = [
  'apiVersion: v1',
  'clusters:',
  '- cluster:',
  '    server: https://a:6443',
  '    extensions:',
  '    - name: x',
  '      extension: {}',
  '  name: a',
  '- cluster: {}',
  "  name: 'b''s'",
  'contexts:',
  '  - name: "c"',
  '    context:',
  '      cluster: a',
  '      args:',
  '      - one',
  '      user: u',
  '# a comment',
  'current-context: c',
  'users:',
  '- name: u',
  '  user:',
  '    client-key: k',
  '    client-crt: c',
  '  x: []',
  'preferences: {}',
  '',
].join('\n');
let warm = false;

export function scanKubeconfig(text: string): ScannedKubeconfig | undefined {
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return undefined;
  // The quick way checks the characters of what it reads; the other needs a pass for them first.
  const quick = scanByLists(text);
  if (quick !== undefined) return quick;
  if (hasUnsupportedChar(text)) return undefined;
  if (!warm) {
    warm = true;
    for (let i = 0; i < 3; i++) scanEveryLine(SAMPLE);
  }
  return scanEveryLine(text);
}

function scanEveryLine(text: string): ScannedKubeconfig | undefined {
  if (BAD_LINE.test(text)) return undefined;
  return scanLines(text);
}

/** A line at column 0 that starts with a letter: in a file of one-line scalars, a key of the document. */
const ROOT_KEY_LINE = /(?:^|\n)[A-Za-z][^\n]*/g;
const LIST_HEADER = /^(clusters|users|contexts): *\r?$/;

/**
 * The quick way, when every `clusters`/`users`/`contexts` list is a block sequence whose entries
 * regular expressions can check (see ListLane): the lists are checked section by section without
 * a loop over their lines, and the rest of the file, small, by BAD_LINE and then js-yaml.
 */
function scanByLists(text: string): ScannedKubeconfig | undefined {
  const roots: number[] = [];
  ROOT_KEY_LINE.lastIndex = 0;
  for (let m = ROOT_KEY_LINE.exec(text); m !== null; m = ROOT_KEY_LINE.exec(text)) {
    const at = text.charCodeAt(m.index) === LF ? m.index + 1 : m.index;
    roots.push(at, m.index + m[0].length);
    ROOT_KEY_LINE.lastIndex = m.index + m[0].length;
  }
  const lists: Partial<Record<ListKey, ScannedList>> = {};
  const cuts: number[] = [];
  for (let r = 0; r < roots.length; r += 2) {
    const header = LIST_HEADER.exec(text.slice(roots[r], roots[r + 1]));
    if (header === null) continue;
    const key = header[1] as ListKey;
    const start = Math.min(roots[r + 1] + 1, text.length);
    const end = r + 2 < roots.length ? roots[r + 2] : text.length;
    if (start >= end) continue; // `clusters:` and nothing: null, left to js-yaml
    if (lists[key] !== undefined) return undefined;
    const list = ListLane.scan(text, start, end, key);
    if (list === undefined) return undefined;
    lists[key] = list;
    cuts.push(start, end);
  }
  if (cuts.length === 0) return undefined;
  const skeleton = cutOut(text, cuts);
  if (hasUnsupportedChar(skeleton) || BAD_LINE.test(skeleton)) return undefined;
  return { skeleton, lists };
}

function cutOut(text: string, cuts: readonly number[]): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < cuts.length; i += 2) {
    out += text.slice(from, cuts[i]);
    from = cuts[i + 1];
  }
  return out + text.slice(from);
}

/** The regular expressions for one list's entries, at one indentation. */
interface LanePatterns {
  /**
   * An entry's first line where the entry is not a simple one, or (then the match does not start
   * with the item's dash) a line that is neither an entry's first line nor indented under one.
   */
  others: RegExp;
  /**
   * Per list: an entry's name line (one at the entry's own level), with the newline before it;
   * and, matched as just `\n- user:` or `\n  user:` (names can never match so), another list's
   * inner key at an entry's level (`user:` in `clusters`). `others` takes any of the three inner
   * keys, so that one pattern serves the three lists; a section with another list's inner key is
   * left to the line-by-line pass.
   */
  names: Map<ListKey, { pattern: RegExp; wrongInner: readonly string[] }>;
}

const MAX_SIMPLE_KEYS = 4;
const MAX_OTHER_ENTRIES = 256;
const patternCache = new Map<string, LanePatterns>();

/**
 * A simple entry is `name: <plain name>` and `<inner>:` in either order, the inner stanza `{}`,
 * empty, or up to four distinct `key: value` lines two columns deeper: what kubeconfig writers put
 * in nearly every entry. The few other entries are checked by the line-by-line pass on their own.
 */
function lanePatterns(indent: number): LanePatterns {
  const cacheKey = String(indent);
  const cached = patternCache.get(cacheKey);
  if (cached) return cached;
  const i = ' '.repeat(indent);
  const k = ' '.repeat(indent + 2);
  const j = ' '.repeat(indent + 4);
  const eol = '(?:\\r?\\n|$)';
  // The words, behind a quick look at the first letter (most keys and names start otherwise).
  const typed = `(?=[yYnNtTfFoO])(?:${[...TYPED_WORDS].join('|')})`;
  const key = `(?!(?:${typed}):)${KEY}`;
  const nameLine = `name: (?!(?:${typed})${eol})[A-Za-z]${LANE.REST}${eol}`;
  const innerBlock = (base: number): string => {
    let lines = '';
    for (let n = MAX_SIMPLE_KEYS; n >= 1; n--) {
      const earlier = Array.from({ length: n - 1 }, (_, e) => `\\${base + e + 1}:`).join('|');
      lines = `(?:${j}${earlier ? `(?!${earlier})` : ''}(${key}): +${LANE.VALUE} *${eol}${lines})?`;
    }
    return `(?:${LIST_KINDS.map(([, inner]) => inner).join('|')}):(?: +\\{\\} *${eol}| *${eol}${lines})`;
  };
  const simple = `(?:${nameLine}${k}${innerBlock(0)}|${innerBlock(MAX_SIMPLE_KEYS)}${k}${nameLine})(?=${i}- |$)`;
  const patterns: LanePatterns = {
    others: new RegExp(`\\n(?:${i}- (?!${simple})|(?!${i}- |${k}|$))`, 'g'),
    names: new Map(
      LIST_KINDS.map(([list, inner]) => {
        const others = LIST_KINDS.map(([, other]) => other).filter((other) => other !== inner);
        const pattern = new RegExp(`\\n(?:${i}- |${k})(?:name: [^ \\r\\n][^\\r\\n]*|(?:${others.join('|')}):)`, 'g');
        return [list, { pattern, wrongInner: others.flatMap((other) => [`\n${i}- ${other}:`, `\n${k}${other}:`]) }];
      }),
    ),
  };
  patternCache.set(cacheKey, patterns);
  return patterns;
}

/**
 * One list section checked by regular expressions: its simple entries as a whole, names gathered
 * in one match; its other entries one by one by the line-by-line pass. Entries are found by name
 * when looked up, by searching the section for the name's line.
 */
class ListLane implements ScannedList {
  /** Names looked up so far: where each entry is, or undefined when there is none. */
  private readonly found = new Map<string, readonly [number, number] | undefined>();
  private readonly otherStarts = new Set<number>();

  private constructor(
    /** The section from the newline that ends its `clusters:` line, so every line follows a newline. */
    private readonly section: string,
    private readonly offset: number,
    private readonly indent: number,
    private readonly others: Map<string, readonly [number, number]>,
  ) {
    for (const [from] of others.values()) this.otherStarts.add(from);
  }

  static scan(text: string, start: number, end: number, key: ListKey): ListLane | undefined {
    // `start` follows the header line, so `start - 1` is its newline.
    const section = text.slice(start - 1, end);
    let indent = 0;
    while (section.charCodeAt(indent + 1) === SPACE) indent++;
    if (section.charCodeAt(indent + 1) !== DASH || section.charCodeAt(indent + 2) !== SPACE) return undefined;
    const patterns = lanePatterns(indent);
    const i = ' '.repeat(indent);
    const itemStart = `\n${i}- `;
    const itemForm = `\n${i}- name: `;
    const keyForm = `\n${i}  name: `;
    const names = patterns.names.get(key) as { pattern: RegExp; wrongInner: readonly string[] };
    let raw: string[] = section.match(names.pattern) ?? [];
    // Every simple entry has one name line, which `names` finds; names are unique. (The names are
    // not kept: a lookup searches the section, so that a big file leaves little to collect.)
    let simpleNames = new Set(raw);
    if (simpleNames.size !== raw.length || names.wrongInner.some((line) => simpleNames.has(line))) return undefined;
    // Name lines of both forms (`- name:` and `name:` under an item) are cut to the names.
    let prefix = raw.length === 0 || (raw[0] as string).startsWith(itemForm) ? itemForm : keyForm;
    if (section.includes(prefix === itemForm ? keyForm : itemForm)) {
      raw = raw.map((line) => line.slice(itemForm.length));
      prefix = '';
      simpleNames = new Set(raw);
      if (simpleNames.size !== raw.length) return undefined;
    }
    const nameOf = (line: string): string => line.slice(itemForm.length);
    // The other entries: each read on its own by the line-by-line pass.
    const others: { name: string; raw: string | undefined; from: number; to: number }[] = [];
    const { others: search } = patterns;
    search.lastIndex = 0;
    for (let m = search.exec(section); m !== null; m = search.exec(section)) {
      // A line that is neither an entry's first line nor indented under one.
      if (!section.startsWith(itemStart, m.index)) return undefined;
      // Many entries of other shapes: one line-by-line pass over the file is quicker.
      if (others.length === MAX_OTHER_ENTRIES) return undefined;
      const from = m.index + 1;
      const next = section.indexOf(itemStart, from);
      const to = next < 0 ? section.length : next + 1;
      const entry = section.slice(from, to);
      if (hasUnsupportedChar(entry)) return undefined;
      const alone = scanEveryLine(`${key}:\n${entry}`);
      const list = alone?.lists[key] as IndexedList | undefined;
      if (list === undefined || list.ranges.size !== 1) return undefined;
      const ownRaw = `\n${entry}`.match(names.pattern) ?? [];
      if (ownRaw.length > 1) return undefined;
      const ownLine = ownRaw[0];
      others.push({ name: list.ranges.keys().next().value as string, raw: ownLine === undefined ? undefined : prefix === '' ? nameOf(ownLine) : ownLine, from, to });
      search.lastIndex = to - 1;
    }
    const otherRanges = new Map<string, readonly [number, number]>();
    for (const other of others) if (other.raw !== undefined) simpleNames.delete(other.raw);
    for (const other of others) {
      if (simpleNames.has(prefix + other.name) || otherRanges.has(other.name)) return undefined;
      otherRanges.set(other.name, [start - 1 + other.from, start - 1 + other.to]);
    }
    return new ListLane(section, start - 1, indent, otherRanges);
  }

  has(name: string): boolean {
    return this.range(name) !== undefined;
  }

  range(name: string): readonly [number, number] | undefined {
    const other = this.others.get(name);
    if (other !== undefined) return other;
    if (this.found.has(name)) return this.found.get(name);
    let range = this.search(name);
    // A name line of one of the other entries that does not read as its name (`name: a # note`).
    if (range !== undefined && this.otherStarts.has(range[0])) range = undefined;
    this.found.set(name, range);
    return range;
  }

  /** A simple entry's range: its name line is the only one with this name at an entry's level. */
  private search(name: string): readonly [number, number] | undefined {
    const { section } = this;
    const i = ' '.repeat(this.indent);
    const lineStart = this.nameLine(`\n${i}- name: ${name}`) ?? this.nameLine(`\n${i}  name: ${name}`);
    if (lineStart === undefined) return undefined;
    const at = lineStart + 1;
    const itemStart = `\n${i}- `;
    const from = section.startsWith(itemStart, lineStart) ? at : section.lastIndexOf(itemStart, lineStart) + 1;
    const next = section.indexOf(itemStart, at);
    const to = next < 0 ? section.length : next + 1;
    return [this.offset + from, this.offset + to];
  }

  /** Where `line` (from its newline) stands in the section as a whole line, if it does. */
  private nameLine(line: string): number | undefined {
    const { section } = this;
    for (let at = section.indexOf(line); at >= 0; at = section.indexOf(line, at + 1)) {
      const after = at + line.length;
      const c = section.charCodeAt(after);
      if (after === section.length || c === LF || (c === CR && section.charCodeAt(after + 1) === LF)) return at;
    }
    return undefined;
  }
}

/** Whether a plain scalar from `at` to `end` is a boolean or null to YAML, or may be a number. */
function typedPlain(text: string, at: number, end: number): boolean {
  const first = text.charCodeAt(at);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return true;
  return end - at <= 5 && TYPED_WORDS.has(text.slice(at, end));
}

function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/**
 * The line-by-line pass over lines BAD_LINE found good: indentation and nesting, duplicate keys,
 * and the lists' entries. One function with plain local state (no closures), so that it runs
 * quickly from its first call.
 */
function scanLines(text: string): ScannedKubeconfig | undefined {
  const length = text.length;
  // The open nodes, innermost at `depth`; the root mapping is node 0.
  const kinds = new Int8Array(MAX_DEPTH);
  const indents = new Int32Array(MAX_DEPTH);
  const roles = new Int8Array(MAX_DEPTH);
  const lists = new Int8Array(MAX_DEPTH);
  /** Where each open mapping's keys start in keyStarts/keyLengths (YAML refuses a key twice). */
  const keyBase = new Int32Array(MAX_DEPTH);
  let keyStarts = new Int32Array(256);
  let keyLengths = new Int32Array(256);
  let keyCount = 0;
  let depth = 0;
  kinds[0] = MAP;
  roles[0] = ROOT;
  lists[0] = -1;

  const found: Partial<Record<ListKey, IndexedList>> = {};
  /** Start and end offsets of the lists' entries, cut out of the skeleton. */
  const cuts: number[] = [];
  let current: IndexedList | undefined;
  // A `key:` with its value on the next lines, in the innermost mapping: where the key is.
  let pending = false;
  let pendingAt = 0;
  let pendingLength = 0;
  // The entry being read: where it starts, its name, and where its inner stanza's key is when
  // that stanza's value is still to come (`cluster:` at the end of its line).
  let entryStart = 0;
  let entryName: string | undefined;
  let innerAt = -1;
  let sawContent = false;

  let pos = 0;
  for (;;) {
    const atEnd = pos >= length;
    let next = length;
    let lineStart = length;
    let at = length;
    let indent = -1;
    let first = 0;
    if (!atEnd) {
      next = text.indexOf('\n', pos);
      if (next < 0) next = length;
      lineStart = pos;
      pos = next + 1;
      at = lineStart;
      while (text.charCodeAt(at) === SPACE) at++;
      first = text.charCodeAt(at);
      if (at >= next || first === HASH || first === CR) continue;
      sawContent = true;
      indent = at - lineStart;
    }
    const isItem = first === DASH;

    if (pending) {
      pending = false;
      if (!atEnd && (isItem ? indent >= indents[depth] : indent > indents[depth])) {
        // The pending key's value is the block this line starts.
        if (depth + 1 >= MAX_DEPTH) return undefined;
        const kind = isItem ? SEQ : MAP;
        let role = OTHER;
        let list = -1;
        if (roles[depth] === ROOT && kind === SEQ) {
          for (let l = 0; l < LIST_KINDS.length; l++) {
            const name = LIST_KINDS[l][0];
            if (pendingLength === name.length && text.startsWith(name, pendingAt)) list = l;
          }
          if (list >= 0) {
            role = LIST;
            current = new IndexedList();
            found[LIST_KINDS[list][0]] = current;
            cuts.push(lineStart);
          }
        } else if (roles[depth] === ENTRY && pendingAt === innerAt) {
          // The inner stanza must be a mapping.
          if (kind !== MAP) return undefined;
          innerAt = -1;
        }
        depth++;
        kinds[depth] = kind;
        indents[depth] = indent;
        roles[depth] = role;
        lists[depth] = list;
        keyBase[depth] = keyCount;
      } else if (pendingAt === innerAt) {
        innerAt = -1; // `cluster:` with nothing under it: null, which is fine
      }
    }

    // Close the nodes this line is not inside of; a sequence at its key's indentation
    // (`clusters:` then `- …` in the same column) ends at the next key of that mapping.
    while (
      depth > 0 &&
      (indents[depth] > indent ||
        (!isItem && kinds[depth] === SEQ && indents[depth] === indent && kinds[depth - 1] === MAP && indents[depth - 1] === indent))
    ) {
      const role = roles[depth];
      if (role === ENTRY) {
        if (entryName === undefined || entryName === '' || innerAt >= 0) return undefined;
        const ranges = (current as IndexedList).ranges;
        if (ranges.has(entryName)) return undefined;
        ranges.set(entryName, [entryStart, lineStart]);
      } else if (role === LIST) {
        cuts.push(lineStart);
      }
      if (kinds[depth] === MAP) keyCount = keyBase[depth];
      depth--;
    }
    if (atEnd) break;
    if (kinds[depth] !== (isItem ? SEQ : MAP) || indents[depth] !== indent) return undefined;

    let keyAt = at;
    if (isItem) {
      if (roles[depth] === LIST) {
        entryStart = lineStart;
        entryName = undefined;
        innerAt = -1;
      }
      keyAt = at + 1;
      while (text.charCodeAt(keyAt) === SPACE) keyAt++;
    }
    // The key, if the line has one (BAD_LINE vouched for its characters).
    let colon = keyAt;
    for (;;) {
      const c = text.charCodeAt(colon);
      if (colon >= next || c === COLON || c === SPACE || c === CR || c === SINGLE || c === DOUBLE) break;
      colon++;
    }
    const afterColon = text.charCodeAt(colon + 1);
    const hasKey =
      colon < next && text.charCodeAt(colon) === COLON && colon > keyAt && text.charCodeAt(keyAt) !== DASH &&
      (colon + 1 >= next || afterColon === SPACE || afterColon === CR);
    if (!hasKey) {
      // A scalar item; a list's entry must be a mapping. (A line that is not an item has a key.)
      if (!isItem || roles[depth] === LIST) return undefined;
      continue;
    }
    if (isItem) {
      // `- key: …` opens a mapping at the key's column.
      if (depth + 1 >= MAX_DEPTH) return undefined;
      const role = roles[depth] === LIST ? ENTRY : OTHER;
      const list = lists[depth];
      depth++;
      kinds[depth] = MAP;
      indents[depth] = keyAt - lineStart;
      roles[depth] = role;
      lists[depth] = list;
      keyBase[depth] = keyCount;
    }
    const keyLength = colon - keyAt;
    if (keyLength > 1000 || typedPlain(text, keyAt, colon)) return undefined;
    for (let k = keyBase[depth]; k < keyCount; k++) {
      if (keyLengths[k] === keyLength && sameText(text, keyStarts[k], keyAt, keyLength)) return undefined;
    }
    if (keyCount === keyStarts.length) {
      const starts = new Int32Array(keyCount * 2);
      starts.set(keyStarts);
      keyStarts = starts;
      const lengths = new Int32Array(keyCount * 2);
      lengths.set(keyLengths);
      keyLengths = lengths;
    }
    keyStarts[keyCount] = keyAt;
    keyLengths[keyCount] = keyLength;
    keyCount++;

    let valueAt = colon + 1;
    while (text.charCodeAt(valueAt) === SPACE) valueAt++;
    const v = text.charCodeAt(valueAt);
    let value = SCALAR;
    if (valueAt >= next || v === CR) value = NOTHING;
    else if (v === BRACE) value = EMPTY_MAP;
    else if (v === BRACKET) value = EMPTY_SEQ;
    if (value === NOTHING) {
      pending = true;
      pendingAt = keyAt;
      pendingLength = keyLength;
    }
    if (roles[depth] !== ENTRY) continue;
    if (keyLength === 4 && text.startsWith('name', keyAt)) {
      if (value !== SCALAR) return undefined;
      let valueEnd = next;
      while (valueEnd > valueAt && (text.charCodeAt(valueEnd - 1) === SPACE || text.charCodeAt(valueEnd - 1) === CR)) valueEnd--;
      if (v === SINGLE) {
        entryName = text.slice(valueAt + 1, valueEnd - 1).replaceAll("''", "'");
      } else if (v === DOUBLE) {
        entryName = text.slice(valueAt + 1, valueEnd - 1);
      } else {
        // A plain name only when it is plainly a string: a letter first, and not a YAML word.
        if (typedPlain(text, valueAt, valueEnd)) return undefined;
        entryName = text.slice(valueAt, valueEnd);
      }
    } else {
      const inner = LIST_KINDS[lists[depth]][1];
      if (keyLength === inner.length && text.startsWith(inner, keyAt)) {
        if (value === NOTHING) innerAt = keyAt;
        else if (value !== EMPTY_MAP) return undefined;
      }
    }
  }
  if (!sawContent) return undefined;
  let skeleton = text;
  if (cuts.length > 0) {
    skeleton = '';
    let from = 0;
    for (let i = 0; i < cuts.length; i += 2) {
      skeleton += text.slice(from, cuts[i]);
      from = cuts[i + 1];
    }
    skeleton += text.slice(from);
  }
  return { skeleton, lists: found };
}
