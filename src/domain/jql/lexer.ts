/**
 * A single-pass JQL tokenizer. It follows Jira's lexical rules as implemented by Atlassian's JQL grammar:
 * unquoted strings are runs of letters, digits, `-`, `.`, `:`, `_`, backquote, non-ASCII characters and
 * backslash escapes; `"…"` and `'…'` strings take backslash escapes; `&`/`&&` mean AND, `|`/`||` mean OR.
 *
 * Tokens are kept as numbers in one array (kind, keyword, start, end): a site's tens of thousands of filters make about a
 * million tokens, and an object and a string per token cost more than the parse. A token's text is made only when
 * the parser asks for it ({@link Tokens.value}); keywords are recognised from the characters, in any case.
 */

export const Tok = {
  Word: 0,
  Quoted: 1,
  LParen: 2,
  RParen: 3,
  LBracket: 4,
  RBracket: 5,
  Comma: 6,
  Op: 7,
  And: 8,
  Or: 9,
  Not: 10,
  Error: 11,
  Eof: 12,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

/** Words the parser tests for, recognised in any case; `None` for every other word. */
export const Kw = {
  None: 0,
  Order: 1,
  By: 2,
  In: 3,
  Is: 4,
  Was: 5,
  Changed: 6,
  Not: 7,
  Empty: 8,
  Null: 9,
  Asc: 10,
  Desc: 11,
  After: 12,
  Before: 13,
  During: 14,
  On: 15,
  From: 16,
  To: 17,
  Cf: 18,
  CascadeOption: 19,
} as const;
export type Kw = (typeof Kw)[keyof typeof Kw];

const KEYWORDS: readonly (readonly [string, Kw])[] = [
  ['ORDER', Kw.Order],
  ['BY', Kw.By],
  ['IN', Kw.In],
  ['IS', Kw.Is],
  ['WAS', Kw.Was],
  ['CHANGED', Kw.Changed],
  ['NOT', Kw.Not],
  ['EMPTY', Kw.Empty],
  ['NULL', Kw.Null],
  ['ASC', Kw.Asc],
  ['DESC', Kw.Desc],
  ['AFTER', Kw.After],
  ['BEFORE', Kw.Before],
  ['DURING', Kw.During],
  ['ON', Kw.On],
  ['FROM', Kw.From],
  ['TO', Kw.To],
  ['CF', Kw.Cf],
  ['CASCADEOPTION', Kw.CascadeOption],
];

/** Keywords by their first letter (upper-case character code): the words, and their codes at the same place. */
const KEYWORD_WORDS: (string[] | undefined)[] = [];
const KEYWORD_CODES: (Kw[] | undefined)[] = [];
for (const [word, kw] of KEYWORDS) {
  const first = word.charCodeAt(0);
  (KEYWORD_WORDS[first] ??= []).push(word);
  (KEYWORD_CODES[first] ??= []).push(kw);
}

const upperCode = (c: number): number => (c >= 97 && c <= 122 ? c - 32 : c);

/** The length of the longest keyword: a longer word spells none. */
const MAX_KEYWORD = Math.max(...KEYWORDS.map(([word]) => word.length));

/** The keyword `text[start, end)` spells in any case (ASCII letters only), or `Kw.None`. */
function keywordAt(text: string, start: number, end: number): Kw {
  const words = KEYWORD_WORDS[upperCode(text.charCodeAt(start))];
  if (words === undefined) return Kw.None;
  const length = end - start;
  for (let w = 0; w < words.length; w++) {
    const word = words[w] ?? '';
    if (word.length !== length) continue;
    let i = 1;
    while (i < length && upperCode(text.charCodeAt(start + i)) === word.charCodeAt(i)) i++;
    if (i === length) return KEYWORD_CODES[upperCode(text.charCodeAt(start))]?.[w] ?? Kw.None;
  }
  return Kw.None;
}

/** Character classes of ASCII by code: 1 a character of a word, 2 a blank (one table lookup per character). */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word =
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 45 || // -
    c === 46 || // .
    c === 58 || // :
    c === 95 || // _
    c === 96; // `
  CLASS[c] = word ? 1 : c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 ? 2 : 0;
}


/** FNV-1a, as {@link TextMap} hashes a text: a word's or string's hash is made as its characters are read. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Reads one escape after a backslash at `i` (which points past the backslash); returns [text, next index]. */
function readEscape(src: string, i: number): [string, number] {
  const c = src.charCodeAt(i);
  switch (c) {
    case 110: // n
      return ['\n', i + 1];
    case 114: // r
      return ['\r', i + 1];
    case 116: // t
      return ['\t', i + 1];
    case 117: {
      // u
      const hex = src.slice(i + 1, i + 5);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), i + 5];
      return ['u', i + 1];
    }
    default:
      return Number.isNaN(c) ? ['', i] : [src.charAt(i), i + 1];
  }
}

/** The text of `src[from, to)` with its backslash escapes read. */
function unescape(src: string, from: number, to: number): string {
  let value = '';
  let chunkStart = from;
  let j = from;
  while (j < to) {
    if (src.charCodeAt(j) === 92) {
      value += src.slice(chunkStart, j);
      const [text, next] = readEscape(src, j + 1);
      value += text;
      j = next;
      chunkStart = j;
      continue;
    }
    j++;
  }
  return value + src.slice(chunkStart, Math.min(j, to));
}

/** The tokens of one JQL string, three numbers each in one array: kind, keyword and escape; start; end. Token `count - 1` is always `Eof`. */
export class Tokens {
  private data = new Int32Array(4 * 64);
  count = 0;
  /** Messages of error tokens, by token number (made at the first error: most JQL has none). */
  private messages: Map<number, string> | undefined;
  /**
   * A 32-bit hash of the query's characters above U+0020, ASCII letters folded to lower case (`c | 32`), made as they
   * are read; -1 when the query holds a character outside ASCII. What the duplicates report groups filters' JQL by
   * ({@link jqlFingerprint} gives the same for a text), so it need not read fifty thousand queries a second time.
   */
  fingerprint = -1;

  constructor(public src = '') {}

  /** Empties the list for the tokens of `src`, keeping its storage: one list can serve many queries in turn. */
  reset(src: string): void {
    this.src = src;
    this.count = 0;
    this.messages = undefined;
  }

  /** The storage, with room for `more` tokens after the {@link count} it holds (for {@link tokenize}'s own writes). */
  room(more: number): Int32Array {
    const need = 4 * (this.count + more);
    if (need > this.data.length) {
      const grown = new Int32Array(Math.max(2 * this.data.length, need));
      grown.set(this.data);
      this.data = grown;
    }
    return this.data;
  }

  push(type: Tok, start: number, end: number, keyword: Kw = Kw.None, escaped = false, hash = 0): void {
    const meta = type | (keyword << 4) | (escaped ? 1 << 9 : 0);
    const at = 4 * this.count;
    if (at + 4 > this.data.length) {
      const grown = new Int32Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[at] = meta;
    this.data[at + 1] = start;
    this.data[at + 2] = end;
    this.data[at + 3] = hash;
    this.count++;
  }

  /**
   * For a word or string whose text is a plain slice ({@link textStart}), the FNV-1a hash of that text as
   * {@link TextMap} makes it, computed while the characters were read.
   */
  hash(k: number): number {
    return this.data[4 * k + 3] ?? 0;
  }

  /** True when a token is an error (the tokenizer met a character or string it could not read). */
  get hasErrors(): boolean {
    return this.messages !== undefined;
  }

  error(message: string, start: number, end: number): void {
    (this.messages ??= new Map()).set(this.count, message);
    this.push(Tok.Error, start, end);
  }

  /** The kind of token `k` ({@link Tok}). */
  type(k: number): number {
    return (this.data[4 * k] ?? Tok.Eof) & 15;
  }

  /** For a word (and a `NOT` written as a word): the keyword it spells ({@link Kw}). */
  keyword(k: number): number {
    return ((this.data[4 * k] ?? 0) >> 4) & 31;
  }

  /** True when a word or string holds a backslash escape, so its text is not a plain slice. */
  private escaped(k: number): boolean {
    return (((this.data[4 * k] ?? 0) >> 9) & 1) === 1;
  }

  start(k: number): number {
    return this.data[4 * k + 1] ?? 0;
  }

  end(k: number): number {
    return this.data[4 * k + 2] ?? 0;
  }

  /**
   * Where a word's or string's text is in the source (a string's without its quotes), when the text is a plain slice
   * of it (no backslash escape); -1 otherwise. What a resolver looks up by range, making no string.
   */
  textStart(k: number): number {
    if (this.escaped(k)) return -1;
    const start = this.start(k);
    return this.type(k) === Tok.Quoted ? start + 1 : start;
  }

  /** The end of {@link textStart}'s text (exclusive). */
  textEnd(k: number): number {
    const end = this.end(k);
    return this.type(k) === Tok.Quoted ? end - 1 : end;
  }

  /** Unescaped text for words and strings (without the quotes), the message of an error, the raw text otherwise. */
  value(k: number): string {
    const type = this.type(k);
    const start = this.start(k);
    const end = this.end(k);
    if (type === Tok.Error) return this.messages?.get(k) ?? '';
    if (type === Tok.Quoted) return this.escaped(k) ? unescape(this.src, start + 1, end - 1) : this.src.slice(start + 1, end - 1);
    if ((type === Tok.Word || type === Tok.And || type === Tok.Or || type === Tok.Not) && this.escaped(k)) return unescape(this.src, start, end);
    return this.src.slice(start, end);
  }
}

/** Whether `src[from, to)` holds only characters of ASCII. */
function isAscii(src: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (src.charCodeAt(k) > 127) return false;
  return true;
}

/** `print` with the characters of `src[from, to)` above U+0020 folded in, as the fingerprint takes them (an escape's). */
function foldPrint(print: number, src: string, from: number, to: number): number {
  let h = print;
  for (let k = from; k < to; k++) {
    const e = src.charCodeAt(k);
    if (e > 32 && e <= 127) h = Math.imul(h ^ (e | 32), FNV_PRIME);
  }
  return h;
}

/**
 * Tokenizes JQL. Never throws: an unterminated string or a stray character becomes an Error token. `into` is a
 * list to reuse (its earlier tokens are dropped).
 */
export function tokenize(src: string, into?: Tokens): Tokens {
  const tokens = into ?? new Tokens(src);
  tokens.reset(src);
  const n = src.length;
  // A query of n characters makes at most n + 1 tokens (each but Eof takes a character at least): room for all, once.
  let data = tokens.room(n + 1);
  let count = 0;
  let i = 0;
  // The fingerprint (see Tokens.fingerprint), folded in as each character is read.
  let print = FNV_OFFSET;
  let ascii = true;
  while (i < n) {
    const c = src.charCodeAt(i);
    const cls = c < 128 ? CLASS[c] : 1;
    if (cls === 2) {
      i++;
      continue;
    }
    const start = i;
    if (cls === 1 || c === 92) {
      let j = i;
      let escaped = false;
      let hash = FNV_OFFSET;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d < 128) {
          if (CLASS[d] !== 1) {
            if (d !== 92) break;
            escaped = true;
            const after = readEscape(src, j + 1)[1];
            if (!isAscii(src, j, after)) ascii = false;
            print = foldPrint(print, src, j, after);
            j = after;
            continue;
          }
          // Word characters are above U+0020.
          print = Math.imul(print ^ (d | 32), FNV_PRIME);
        } else ascii = false;
        hash = Math.imul(hash ^ d, FNV_PRIME);
        j++;
      }
      // A word spells a keyword by its text: with escapes, the text they make (rare, so made only then).
      let keyword: Kw;
      if (escaped) {
        const value = unescape(src, i, j);
        const upper = value.toUpperCase();
        keyword = upper.length === value.length ? keywordAt(upper, 0, upper.length) : Kw.None;
      } else keyword = j - i <= MAX_KEYWORD ? keywordAt(src, i, j) : Kw.None;
      // AND, OR and NOT are operators only as written in at most three characters (escapes included).
      let type: Tok = Tok.Word;
      if (j - i <= 3) {
        const upper = escaped ? unescape(src, i, j).toUpperCase() : '';
        if (escaped ? upper === 'AND' : j - i === 3 && keywordIsAnd(src, i)) type = Tok.And;
        else if (escaped ? upper === 'OR' : keywordIsOr(src, i, j)) type = Tok.Or;
        else if (keyword === Kw.Not) type = Tok.Not;
      }
      const at = 4 * count++;
      data[at] = type | (keyword << 4) | (escaped ? 1 << 9 : 0);
      data[at + 1] = start;
      data[at + 2] = j;
      data[at + 3] = hash;
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      // " or '
      let j = i + 1;
      let closed = false;
      let escaped = false;
      let hash = FNV_OFFSET;
      print = Math.imul(print ^ c, FNV_PRIME);
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d === c) {
          print = Math.imul(print ^ d, FNV_PRIME);
          closed = true;
          j++;
          break;
        }
        if (d === 92) {
          escaped = true;
          const after = readEscape(src, j + 1)[1];
          if (!isAscii(src, j, after)) ascii = false;
          print = foldPrint(print, src, j, after);
          j = after;
          continue;
        }
        if (d > 127) ascii = false;
        else if (d > 32) print = Math.imul(print ^ (d | 32), FNV_PRIME);
        hash = Math.imul(hash ^ d, FNV_PRIME);
        j++;
      }
      if (!closed) {
        tokens.count = count;
        tokens.error('unterminated string', start, n);
        count = tokens.count;
        break;
      }
      const at = 4 * count++;
      data[at] = Tok.Quoted | (escaped ? 1 << 9 : 0);
      data[at + 1] = start;
      data[at + 2] = j;
      data[at + 3] = hash;
      i = j;
      continue;
    }
    const next = i + 1 < n ? src.charCodeAt(i + 1) : -1;
    let type: Tok;
    let len = 1;
    switch (c) {
      case 40: // (
        type = Tok.LParen;
        break;
      case 41: // )
        type = Tok.RParen;
        break;
      case 91: // [
        type = Tok.LBracket;
        break;
      case 93: // ]
        type = Tok.RBracket;
        break;
      case 44: // ,
        type = Tok.Comma;
        break;
      case 61: // =
      case 126: // ~
        type = Tok.Op;
        break;
      case 38: // & or &&
        type = Tok.And;
        len = next === 38 ? 2 : 1;
        break;
      case 124: // | or ||
        type = Tok.Or;
        len = next === 124 ? 2 : 1;
        break;
      case 33: // ! != !~
        type = next === 61 || next === 126 ? Tok.Op : Tok.Not;
        len = type === Tok.Op ? 2 : 1;
        break;
      case 60: // < <=
      case 62: // > >=
        type = Tok.Op;
        len = next === 61 ? 2 : 1;
        break;
      default:
        // Here only characters of ASCII that are neither blanks nor the above.
        if (c > 32) print = Math.imul(print ^ (c | 32), FNV_PRIME);
        tokens.count = count;
        tokens.error(`unexpected character '${src.charAt(i)}'`, start, i + 1);
        count = tokens.count;
        data = tokens.room(n - i);
        i++;
        continue;
    }
    print = Math.imul(print ^ (c | 32), FNV_PRIME);
    if (len === 2) print = Math.imul(print ^ (next | 32), FNV_PRIME);
    const at = 4 * count++;
    data[at] = type;
    data[at + 1] = start;
    data[at + 2] = i + len;
    data[at + 3] = 0;
    i += len;
  }
  tokens.count = count;
  tokens.fingerprint = ascii ? print >>> 0 : -1;
  tokens.push(Tok.Eof, n, n);
  return tokens;
}

const upperAt = (src: string, i: number): number => upperCode(src.charCodeAt(i));

/** `src[i, i + 3)` is AND in any case. */
function keywordIsAnd(src: string, i: number): boolean {
  return upperAt(src, i) === 65 && upperAt(src, i + 1) === 78 && upperAt(src, i + 2) === 68;
}

/** `src[i, j)` is OR in any case. */
function keywordIsOr(src: string, i: number, j: number): boolean {
  return j - i === 2 && upperAt(src, i) === 79 && upperAt(src, i + 1) === 82;
}

/**
 * The fingerprint {@link tokenize} makes of a query as it reads it ({@link Tokens.fingerprint}), of a text: a 32-bit
 * hash of its characters above U+0020, ASCII letters folded to lower case (`c | 32` folds a few other characters
 * together too: more collisions, never fewer); undefined for a text with a character outside ASCII.
 */
export function jqlFingerprint(jql: string): number | undefined {
  let h = FNV_OFFSET;
  for (let i = 0; i < jql.length; i++) {
    const c = jql.charCodeAt(i);
    if (c <= 32) continue;
    if (c > 127) return undefined;
    h = Math.imul(h ^ (c | 32), FNV_PRIME);
  }
  return h >>> 0;
}

/** A token as an object, for callers that read few queries (the fake Jira's evaluator). */
export interface Token {
  /** A {@link Tok}. */
  readonly type: number;
  /** Unescaped text for strings, the operator for Op (`=`, `!=`, …), the raw text otherwise. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** {@link tokenize}, as a list of token objects. */
export function tokenList(src: string): Token[] {
  const t = tokenize(src);
  return Array.from({ length: t.count }, (_, k) => ({ type: t.type(k), value: t.value(k), start: t.start(k), end: t.end(k) }));
}
