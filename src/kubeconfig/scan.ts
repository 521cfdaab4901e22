/**
 * A cheap first look at a kubeconfig file, so that a command pays for the entries it uses and not
 * for the whole file. It checks, without building any value, that the text is block YAML of the
 * plain shape kubectl and YAML dumpers write (block mappings and sequences, one-line plain or
 * simple quoted scalars, `{}` and `[]`, comment lines), that the document is a mapping, and that
 * its `clusters`, `users` and `contexts` lists hold mappings with a unique string name each and an
 * inner stanza that is a mapping or empty. For such a file it returns where each list entry's text
 * starts and ends, indexed by name, and the rest of the document (the "skeleton") to read whole.
 *
 * Anything outside that shape — flow collections, anchors, aliases, tags, block or multi-line
 * scalars, escapes, tabs, a lone CR, odd indentation, several documents, a key that YAML would type
 * (`true:`), duplicate keys or names, a name that is not plainly a string — gives undefined, and the
 * caller reads the file with js-yaml as before, so results and error messages never differ.
 */

export const LIST_KINDS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

export type ListKey = (typeof LIST_KINDS)[number][0];

/** The entries of one block-sequence list: their text ranges, in file order, and names. */
export interface ScannedList {
  starts: number[];
  ends: number[];
  names: string[];
  /** Each name's index in the list (names are unique, as checked). */
  byName: Map<string, number>;
}

export interface ScannedKubeconfig {
  /** The document without the entries of the lists below (their keys then read as null). */
  skeleton: string;
  lists: Partial<Record<ListKey, ScannedList>>;
}

/**
 * Characters that js-yaml refuses or treats specially (non-printable ones, a BOM, surrogates),
 * tabs, a CR not followed by LF, and lines starting a directive or a document marker.
 */
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_TEXT = /[\t\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]|\r(?!\n)|^(?:---|\.\.\.|%)/m;

/** Plain scalars that YAML would read as booleans or null: such a key or name is left to js-yaml. */
const TYPED_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);

const SPACE = 32;
const LF = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const SINGLE = 39;
const DOUBLE = 34;
const BACKSLASH = 92;

/** Characters that may not start a plain scalar here (YAML indicators; `-?:` only before a space). */
const INDICATOR = new Uint8Array(128);
for (const c of '&*!|>%@`\'"[]{}#,') INDICATOR[c.charCodeAt(0)] = 1;

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isKeyChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === DASH || c === 47;

/** Thrown inside the scanner only: the text is outside the shape, js-yaml reads it instead. */
class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

const MAP = 0;
const SEQ = 1;

/** What a frame of the open-node stack is for the kubeconfig. */
const OTHER = 0;
const ROOT = 1;
const LIST = 2;
const ENTRY = 3;

interface Frame {
  kind: typeof MAP | typeof SEQ;
  indent: number;
  role: number;
  /** A mapping's keys so far (YAML refuses a key twice). */
  keys: string[];
  /** LIST: which list; ENTRY: its list's index in LIST_KINDS. */
  list: number;
}

/** The value written after `key:` on the key's own line. */
const VALUE_NONE = 0; // nothing: a nested block follows, or the value is null
const VALUE_SCALAR = 1;
const VALUE_EMPTY_MAP = 2;
const VALUE_EMPTY_SEQ = 3;

/** What a list entry's inner stanza (`cluster:` …) turned out to be. */
const INNER_ABSENT = 0;
const INNER_OK = 1; // a block mapping, `{}` or nothing (null)
const INNER_PENDING = 2; // `cluster:` with its value on the next lines

export function scanKubeconfig(text: string): ScannedKubeconfig | undefined {
  if (UNSUPPORTED_TEXT.test(text)) return undefined;
  try {
    return new Scanner(text).run();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class Scanner {
  private readonly stack: Frame[] = [];
  /** A `key:` whose value is on the next lines, in the mapping on top of the stack. */
  private pending = false;
  private pendingKey = '';
  private readonly lists: Partial<Record<ListKey, ScannedList>> = {};
  /** Text ranges of the lists' entries, cut out of the skeleton. */
  private readonly cuts: number[] = [];
  // The entry being read.
  private entryStart = -1;
  private entryName: string | undefined;
  private entryInner = INNER_ABSENT;
  /** Set by value(): the scalar's value, for a name. */
  private scalar = '';
  private scalarPlain = false;
  private sawContent = false;

  constructor(private readonly text: string) {}

  run(): ScannedKubeconfig {
    const { text } = this;
    const length = text.length;
    this.stack.push({ kind: MAP, indent: 0, role: ROOT, keys: [], list: -1 });
    let pos = 0;
    while (pos < length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = length;
      const next = end + 1;
      let lineEnd = end;
      if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      let at = pos;
      while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
      if (at < lineEnd && text.charCodeAt(at) !== HASH) {
        this.line(pos, at - pos, at, lineEnd);
        this.sawContent = true;
      }
      pos = next;
    }
    if (!this.sawContent) unsupported();
    this.closeTo(-1, length);
    const skeleton = this.skeleton();
    return { skeleton, lists: this.lists };
  }

  private skeleton(): string {
    const { text, cuts } = this;
    if (cuts.length === 0) return text;
    let out = '';
    let from = 0;
    for (let i = 0; i < cuts.length; i += 2) {
      out += text.slice(from, cuts[i]);
      from = cuts[i + 1];
    }
    return out + text.slice(from);
  }

  /** One line with content: `indent` spaces, content from `at` to `end`. */
  private line(lineStart: number, indent: number, at: number, end: number): void {
    const { text } = this;
    const isItem = text.charCodeAt(at) === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE);
    if (this.pending) {
      this.pending = false;
      const parent = this.top();
      if (isItem && indent >= parent.indent) {
        this.openValue(parent, SEQ, indent, lineStart);
      } else if (!isItem && indent > parent.indent) {
        this.openValue(parent, MAP, indent, lineStart);
      } else {
        this.valueDone(parent, this.pendingKey, VALUE_NONE);
      }
    }
    if (isItem) {
      this.closeTo(indent, lineStart);
      const seq = this.top();
      if (seq.kind !== SEQ || seq.indent !== indent) unsupported();
      if (seq.role === LIST) this.startEntry(lineStart);
      let keyAt = at + 1;
      while (keyAt < end && text.charCodeAt(keyAt) === SPACE) keyAt++;
      if (keyAt === end) unsupported(); // `-` alone: a nested block or null item
      const keyEnd = this.keyEnd(keyAt, end);
      if (keyEnd < 0) {
        // A scalar item; a list's entry must be a mapping.
        if (seq.role === LIST) unsupported();
        this.value(keyAt, end);
        return;
      }
      const map: Frame = { kind: MAP, indent: keyAt - lineStart, role: seq.role === LIST ? ENTRY : OTHER, keys: [], list: seq.list };
      this.stack.push(map);
      this.entry(map, keyAt, keyEnd, end);
      return;
    }
    this.closeTo(indent, lineStart);
    let map = this.top();
    // A sequence at its mapping's indent (`clusters:` then `- …` at the same column) ends here.
    if (map.kind === SEQ && map.indent === indent && this.stack.length > 1) {
      const below = this.stack[this.stack.length - 2];
      if (below.kind === MAP && below.indent === indent) {
        this.pop(lineStart);
        map = this.top();
      }
    }
    if (map.kind !== MAP || map.indent !== indent) unsupported();
    const keyEnd = this.keyEnd(at, end);
    if (keyEnd < 0) unsupported();
    this.entry(map, at, keyEnd, end);
  }

  /** A `key: value` at `at` in `map`; keyEnd is the index of its colon. */
  private entry(map: Frame, at: number, keyEnd: number, end: number): void {
    const { text } = this;
    // YAML caps an implicit key at 1024 characters; a typed key (`true:`) is js-yaml's to convert.
    if (keyEnd - at > 1000) unsupported();
    const key = text.slice(at, keyEnd);
    if (TYPED_WORDS.has(key)) unsupported();
    const keys = map.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) unsupported();
    keys.push(key);
    let valueAt = keyEnd + 1;
    while (valueAt < end && text.charCodeAt(valueAt) === SPACE) valueAt++;
    if (valueAt === end || text.charCodeAt(valueAt) === HASH) {
      this.pending = true;
      this.pendingKey = key;
      if (map.role === ENTRY) this.entryKey(map, key, VALUE_NONE, true);
      return;
    }
    const kind = this.value(valueAt, end);
    if (map.role === ENTRY) this.entryKey(map, key, kind, false);
  }

  /** The index of the colon ending a plain key at `at`, or -1 when the line does not start with one. */
  private keyEnd(at: number, end: number): number {
    const { text } = this;
    if (!isLetter(text.charCodeAt(at))) return -1;
    let i = at + 1;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
    if (i < end && text.charCodeAt(i) === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) return i;
    return -1;
  }

  /** Checks a one-line value from `at` (not a space) to `end`; sets `scalar` for a scalar. */
  private value(at: number, end: number): number {
    const { text } = this;
    const first = text.charCodeAt(at);
    if (first === SINGLE || first === DOUBLE) {
      let close = -1;
      let value = '';
      if (first === SINGLE) {
        let from = at + 1;
        for (;;) {
          const q = text.indexOf("'", from);
          if (q < 0 || q >= end) unsupported();
          if (q + 1 < end && text.charCodeAt(q + 1) === SINGLE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          close = q;
          break;
        }
      } else {
        close = text.indexOf('"', at + 1);
        if (close < 0 || close >= end) unsupported();
        // Escapes are js-yaml's to decode.
        for (let i = at + 1; i < close; i++) if (text.charCodeAt(i) === BACKSLASH) unsupported();
        value = text.slice(at + 1, close);
      }
      this.rest(close + 1, end);
      this.scalar = value;
      this.scalarPlain = false;
      return VALUE_SCALAR;
    }
    if (first === 123 /* { */ || first === 91 /* [ */) {
      if (at + 1 < end && text.charCodeAt(at + 1) === first + 2) {
        this.rest(at + 2, end);
        return first === 123 ? VALUE_EMPTY_MAP : VALUE_EMPTY_SEQ;
      }
      unsupported();
    }
    if (first < 128 && INDICATOR[first] === 1) unsupported();
    if ((first === DASH || first === 63 /* ? */ || first === COLON) && (at + 1 === end || text.charCodeAt(at + 1) === SPACE)) unsupported();
    // A plain scalar: up to a comment, and with no `: ` (a nested key) nor a final colon.
    let stop = end;
    for (let i = at + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
        stop = i;
        break;
      }
      if (c === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) unsupported();
    }
    while (text.charCodeAt(stop - 1) === SPACE) stop--;
    this.scalar = text.slice(at, stop);
    this.scalarPlain = true;
    return VALUE_SCALAR;
  }

  /** After a quoted scalar or `{}`: only spaces and a comment. */
  private rest(at: number, end: number): void {
    const { text } = this;
    let i = at;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i === end) return;
    if (text.charCodeAt(i) === HASH && i > at) return;
    unsupported();
  }

  /** The value of `key:` in `parent` is a block starting on this line. */
  private openValue(parent: Frame, kind: typeof MAP | typeof SEQ, indent: number, lineStart: number): void {
    let role = OTHER;
    let list = -1;
    if (parent.role === ROOT && kind === SEQ) {
      list = LIST_KINDS.findIndex(([name]) => name === this.pendingKey);
      if (list >= 0) {
        role = LIST;
        this.lists[LIST_KINDS[list][0]] = { starts: [], ends: [], names: [], byName: new Map() };
        this.cuts.push(lineStart);
      }
    }
    if (parent.role === ENTRY && this.pendingKey === LIST_KINDS[parent.list][1]) {
      // The inner stanza must be a mapping.
      if (kind !== MAP) unsupported();
      this.entryInner = INNER_OK;
    }
    this.stack.push({ kind, indent, role, keys: [], list });
  }

  /** `key:` of `parent` had nothing on the next lines: its value is null. */
  private valueDone(parent: Frame, key: string, kind: number): void {
    if (parent.role === ENTRY && key === LIST_KINDS[parent.list][1] && kind === VALUE_NONE) this.entryInner = INNER_OK;
  }

  private entryKey(map: Frame, key: string, kind: number, pending: boolean): void {
    if (key === 'name') {
      if (pending || kind !== VALUE_SCALAR) unsupported();
      const name = this.scalar;
      // Only a name that is plainly a string: quoted, or plain, starting with a letter and not a
      // YAML boolean or null (js-yaml reads such a plain scalar as a string, as kubectl does).
      if (this.scalarPlain && (!isLetter(name.charCodeAt(0)) || TYPED_WORDS.has(name))) unsupported();
      this.entryName = name;
      return;
    }
    if (key === LIST_KINDS[map.list][1]) {
      if (pending) this.entryInner = INNER_PENDING;
      else if (kind === VALUE_EMPTY_MAP) this.entryInner = INNER_OK;
      else unsupported();
    }
  }

  private startEntry(lineStart: number): void {
    this.entryStart = lineStart;
    this.entryName = undefined;
    this.entryInner = INNER_ABSENT;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  /** Closes every open node deeper than `indent` (all of them for -1). */
  private closeTo(indent: number, at: number): void {
    if (this.pending) {
      this.pending = false;
      this.valueDone(this.top(), this.pendingKey, VALUE_NONE);
    }
    while (this.stack.length > 0 && this.top().indent > indent) this.pop(at);
  }

  private pop(at: number): void {
    const frame = this.stack.pop() as Frame;
    if (frame.role === ENTRY) this.endEntry(frame, at);
    else if (frame.role === LIST) this.cuts.push(at);
  }

  private endEntry(frame: Frame, at: number): void {
    const name = this.entryName;
    if (name === undefined || name === '' || this.entryInner === INNER_PENDING) unsupported();
    const list = this.lists[LIST_KINDS[frame.list][0]] as ScannedList;
    if (list.byName.has(name as string)) unsupported();
    list.byName.set(name as string, list.names.length);
    list.names.push(name as string);
    list.starts.push(this.entryStart);
    list.ends.push(at);
  }
}
