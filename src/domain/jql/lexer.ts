/**
 * A single-pass JQL tokenizer. It follows Jira's lexical rules as implemented by Atlassian's JQL grammar:
 * unquoted strings are runs of letters, digits, `-`, `.`, `:`, `_`, backquote, non-ASCII characters and
 * backslash escapes; `"…"` and `'…'` strings take backslash escapes; `&`/`&&` mean AND, `|`/`||` mean OR.
 */

export const enum Tok {
  Word,
  Quoted,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Op,
  And,
  Or,
  Not,
  Error,
  Eof,
}

export interface Token {
  readonly type: Tok;
  /** Unescaped text for strings, the operator for Op (`=`, `!=`, …), the raw text otherwise. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || // 0-9
  (c >= 65 && c <= 90) || // A-Z
  (c >= 97 && c <= 122) || // a-z
  c === 45 || // -
  c === 46 || // .
  c === 58 || // :
  c === 95 || // _
  c === 96 || // `
  c > 127;

/** One-character tokens: ( ) [ ] , = ~ */
const SINGLE: ReadonlyMap<number, Tok> = new Map([
  [40, Tok.LParen],
  [41, Tok.RParen],
  [91, Tok.LBracket],
  [93, Tok.RBracket],
  [44, Tok.Comma],
  [61, Tok.Op],
  [126, Tok.Op],
]);

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

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

/** Tokenizes JQL. Never throws: an unterminated string or a stray character becomes an Error token. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 34 || c === 39) {
      // " or '
      let value = '';
      let j = i + 1;
      let chunkStart = j;
      let closed = false;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d === c) {
          value += src.slice(chunkStart, j);
          closed = true;
          j++;
          break;
        }
        if (d === 92) {
          value += src.slice(chunkStart, j);
          const [text, next] = readEscape(src, j + 1);
          value += text;
          j = next;
          chunkStart = j;
          continue;
        }
        j++;
      }
      if (!closed) {
        tokens.push({ type: Tok.Error, value: 'unterminated string', start, end: n });
        break;
      }
      tokens.push({ type: Tok.Quoted, value, start, end: j });
      i = j;
      continue;
    }
    if (isWordChar(c) || c === 92) {
      let j = i;
      let value = '';
      let chunkStart = j;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d === 92) {
          value += src.slice(chunkStart, j);
          const [text, next] = readEscape(src, j + 1);
          value += text;
          j = next;
          chunkStart = j;
          continue;
        }
        if (!isWordChar(d)) break;
        j++;
      }
      value += src.slice(chunkStart, j);
      const upper = j - i <= 3 ? value.toUpperCase() : '';
      const type = upper === 'AND' ? Tok.And : upper === 'OR' ? Tok.Or : upper === 'NOT' ? Tok.Not : Tok.Word;
      tokens.push({ type, value, start, end: j });
      i = j;
      continue;
    }
    const next = i + 1 < n ? src.charCodeAt(i + 1) : -1;
    const single = SINGLE.get(c);
    if (single !== undefined) {
      tokens.push({ type: single, value: src.charAt(i), start, end: i + 1 });
      i++;
      continue;
    }
    let type: Tok;
    let len: number;
    switch (c) {
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
        tokens.push({ type: Tok.Error, value: `unexpected character '${src.charAt(i)}'`, start, end: i + 1 });
        i++;
        continue;
    }
    tokens.push({ type, value: src.slice(i, i + len), start, end: i + len });
    i += len;
  }
  tokens.push({ type: Tok.Eof, value: '', start: n, end: n });
  return tokens;
}
