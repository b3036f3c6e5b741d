/**
 * JQL evaluated over issues, for the fake Jira: enough of Jira's search for the local page and the tests to see the
 * issues a query means. Clauses: `=`, `!=`, `IN`, `NOT IN`, `~`, `!~`, `<`, `<=`, `>`, `>=`, `IS [NOT] EMPTY`/`NULL`
 * over any field (by id, name, clause name or `cf[n]`) and `key`/`issuekey`/`id`/`text`, joined with AND, OR, NOT and
 * parentheses; `ORDER BY` any of those fields. Functions: `currentUser()`, `now()`, `startOf…`/`endOf…` (day, week,
 * month, year, with an optional offset such as `"-1d"`). Anything else (`WAS`, `CHANGED`, other functions) is
 * refused with a message that says the fake does not evaluate it, rather than answered wrongly.
 *
 * Syntax errors are reported before this runs (by the domain's extractor, in Jira's words); this parser assumes
 * well-formed JQL and throws {@link JqlEvalError} for what it cannot evaluate.
 */
import { Tok, tokenList, type Token } from '../../domain/jql/lexer';
import type { Field, IssueRecord } from '../../domain/model';

export class JqlEvalError extends Error {}

/** The literal EMPTY (or NULL) among a clause's values: a text no field holds. */
const EMPTY = '\u0000EMPTY';

type Value = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'fn'; readonly name: string; readonly args: readonly string[] };

type Expr =
  | { readonly op: 'and' | 'or'; readonly items: readonly Expr[] }
  | { readonly op: 'not'; readonly item: Expr }
  | { readonly op: 'clause'; readonly field: string; readonly operator: string; readonly values: readonly Value[] };

/** What a query needs to know of its surroundings. */
export interface JqlContext {
  readonly fields: readonly Field[];
  /** The account `currentUser()` means; without one it matches nothing. */
  readonly accountId?: string | undefined;
  readonly now: Date;
}

export interface CompiledJql {
  matches(issue: IssueRecord): boolean;
  /** Orders issues as the query's ORDER BY says (0 for all when it has none). */
  compare(a: IssueRecord, b: IssueRecord): number;
}

/** Compiles `jql` for evaluation. @throws JqlEvalError naming what the fake cannot evaluate or does not know. */
export function compileJql(jql: string, context: JqlContext): CompiledJql {
  const { where, orderBy } = new EvalParser(jql).query();
  const resolve = fieldResolver(context.fields);
  const test = where === undefined ? () => true : compileExpr(where, resolve, context);
  const sorters = orderBy.map(({ field, desc }) => {
    const read = resolve(field);
    return (a: IssueRecord, b: IssueRecord) => (desc ? -1 : 1) * compareValues(read(a), read(b));
  });
  return {
    matches: test,
    compare: (a, b) => {
      for (const s of sorters) {
        const c = s(a, b);
        if (c !== 0) return c;
      }
      return 0;
    },
  };
}

class EvalParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(src: string) {
    this.tokens = tokenList(src);
  }

  query(): { where?: Expr; orderBy: { field: string; desc: boolean }[] } {
    const where = this.peek().type === Tok.Eof || this.isOrderBy() ? undefined : this.or();
    const orderBy: { field: string; desc: boolean }[] = [];
    if (this.isOrderBy()) {
      this.pos += 2;
      do {
        if (this.peek().type === Tok.Comma) this.pos++;
        const field = this.field();
        const dir = this.peek();
        const desc = this.word(dir, 'DESC');
        if (desc || this.word(dir, 'ASC')) this.pos++;
        orderBy.push({ field, desc });
      } while (this.peek().type === Tok.Comma);
    }
    if (this.peek().type !== Tok.Eof) throw new JqlEvalError(`unexpected '${this.peek().value}'`);
    return where === undefined ? { orderBy } : { where, orderBy };
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }

  private word(t: Token, w: string): boolean {
    return t.type === Tok.Word && t.value.toUpperCase() === w;
  }

  private isOrderBy(): boolean {
    return this.word(this.peek(), 'ORDER') && this.word(this.peek(1), 'BY');
  }

  private or(): Expr {
    return this.joined(Tok.Or, 'or', () => this.and());
  }

  private and(): Expr {
    return this.joined(Tok.And, 'and', () => this.not());
  }

  /** One or more `operand`s separated by `separator`. */
  private joined(separator: Tok, op: 'and' | 'or', operand: () => Expr): Expr {
    const items = [operand()];
    while (this.peek().type === separator) {
      this.pos++;
      items.push(operand());
    }
    return items.length === 1 ? (items[0] as Expr) : { op, items };
  }

  private not(): Expr {
    if (this.peek().type === Tok.Not) {
      this.pos++;
      return { op: 'not', item: this.not() };
    }
    if (this.peek().type === Tok.LParen) {
      this.pos++;
      const inner = this.or();
      if (this.peek().type !== Tok.RParen) throw new JqlEvalError(`expected ')'`);
      this.pos++;
      return inner;
    }
    return this.clause();
  }

  /** A field name; `cf[10010]` becomes `customfield_10010`, other `[…]` suffixes are refused. */
  private field(): string {
    const t = this.peek();
    if (t.type !== Tok.Word && t.type !== Tok.Quoted) throw new JqlEvalError(`expected a field, found '${t.value}'`);
    this.pos++;
    if (this.peek().type !== Tok.LBracket) return t.value;
    const inner = this.peek(1);
    if (t.value.toLowerCase() === 'cf' && this.peek(2).type === Tok.RBracket && /^\d+$/.test(inner.value)) {
      this.pos += 3;
      return `customfield_${inner.value}`;
    }
    throw new JqlEvalError(`the fake Jira does not evaluate field suffixes such as '${t.value}[${inner.value}]'`);
  }

  private clause(): Expr {
    const field = this.field();
    const t = this.peek();
    let operator: string;
    if (t.type === Tok.Op) {
      operator = t.value;
      this.pos++;
    } else if (t.type === Tok.Not && this.word(this.peek(1), 'IN')) {
      operator = 'not in';
      this.pos += 2;
    } else if (this.word(t, 'IN')) {
      operator = 'in';
      this.pos++;
    } else if (this.word(t, 'IS')) {
      this.pos++;
      const negated = this.peek().type === Tok.Not;
      if (negated) this.pos++;
      const what = this.peek();
      if (!this.word(what, 'EMPTY') && !this.word(what, 'NULL')) throw new JqlEvalError(`expected EMPTY after IS, found '${what.value}'`);
      this.pos++;
      return { op: 'clause', field, operator: negated ? 'is not empty' : 'is empty', values: [] };
    } else {
      throw new JqlEvalError(`the fake Jira does not evaluate the operator '${t.value}' (in a clause on ${field})`);
    }
    return { op: 'clause', field, operator, values: this.peek().type === Tok.LParen ? this.list() : [this.value()] };
  }

  private list(): Value[] {
    this.pos++;
    const values: Value[] = [];
    while (this.peek().type !== Tok.RParen) {
      values.push(this.value());
      if (this.peek().type === Tok.Comma) this.pos++;
      else if (this.peek().type !== Tok.RParen) throw new JqlEvalError(`expected ',' or ')' in a list, found '${this.peek().value}'`);
    }
    this.pos++;
    return values;
  }

  private value(): Value {
    const t = this.peek();
    if (t.type !== Tok.Word && t.type !== Tok.Quoted) throw new JqlEvalError(`expected a value, found '${t.value}'`);
    this.pos++;
    if (t.type !== Tok.Word || this.peek().type !== Tok.LParen) return { kind: 'literal', text: t.type === Tok.Word && /^(empty|null)$/i.test(t.value) ? EMPTY : t.value };
    this.pos++;
    const args: string[] = [];
    while (this.peek().type !== Tok.RParen) {
      const a = this.peek();
      if (a.type === Tok.Eof) throw new JqlEvalError(`expected ')' after the arguments of ${t.value}()`);
      if (a.type !== Tok.Comma) args.push(a.value);
      this.pos++;
    }
    this.pos++;
    return { kind: 'fn', name: t.value, args };
  }
}


/** Reads a field's comparable values off an issue: strings, numbers; none when empty. */
type Reader = (issue: IssueRecord) => readonly (string | number)[];

function fieldResolver(fields: readonly Field[]): (name: string) => Reader {
  const byName = new Map<string, string[]>();
  for (const f of fields) {
    for (const n of new Set([f.id, f.name, ...f.clauseNames].map((x) => x.toLowerCase()))) byName.set(n, [...(byName.get(n) ?? []), f.id]);
  }
  return (name) => {
    const lower = name.toLowerCase();
    if (lower === 'key' || lower === 'issuekey' || lower === 'issue') return (i) => [i.key];
    if (lower === 'id') return (i) => [i.id];
    if (lower === 'filter' || lower === 'savedfilter' || lower === 'request') throw new JqlEvalError(`the fake Jira does not evaluate ${name} clauses`);
    if (lower === 'text') {
      const ids = fields.filter((f) => f.id === 'summary' || f.id === 'description' || f.id === 'environment' || f.schema?.custom?.endsWith(':textarea') === true || f.schema?.custom?.endsWith(':textfield') === true).map((f) => f.id);
      return (i) => ids.flatMap((id) => valuesOf(i.fields[id]));
    }
    const ids = byName.get(lower === 'type' ? 'issuetype' : lower);
    if (ids === undefined) throw new JqlEvalError(`Field '${name}' does not exist or you do not have permission to view it.`);
    return (i) => ids.flatMap((id) => valuesOf(i.fields[id]));
  };
}

/** The values a field holds, as JQL compares them: ids, keys, names, option values, account ids and names, text. */
function valuesOf(v: unknown): (string | number)[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string' || typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) return v.flatMap(valuesOf);
  if (typeof v !== 'object') return [];
  const o = v as Record<string, unknown>;
  if (o.type === 'doc') return [adfText(o)];
  const out: (string | number)[] = [];
  // The first is what ORDER BY sorts on: a key, a name, an option's value, a person's name; the id last.
  for (const k of ['key', 'name', 'value', 'displayName', 'accountId', 'emailAddress', 'id']) {
    const x = o[k];
    if (typeof x === 'string' || typeof x === 'number') out.push(x);
  }
  if (o.child !== undefined) out.push(...valuesOf(o.child));
  return out;
}

function adfText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const n = node as { text?: unknown; content?: unknown };
  const own = typeof n.text === 'string' ? n.text : '';
  return Array.isArray(n.content) ? own + n.content.map(adfText).join(' ') : own;
}

const KEY = /^([A-Z][A-Z0-9_]*)-(\d+)$/i;
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?/;
const OFFSET = /^([-+]?\d+)([wdhm])$/i;

/** A value as a number for <, > and ordering: numbers, dates (ms), relative offsets (ms from now); else undefined. */
function ordinal(v: string | number, now: Date): number | undefined {
  if (typeof v === 'number') return v;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  const d = DATE.exec(v);
  if (d !== null) {
    const parsed = Date.parse(v.includes('T') ? v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : `${d[1]}-${d[2]?.padStart(2, '0')}-${d[3]?.padStart(2, '0')}T${(d[4] ?? '0').padStart(2, '0')}:${d[5] ?? '00'}:00`);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  const o = OFFSET.exec(v);
  if (o !== null) return now.getTime() + Number(o[1]) * { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 }[(o[2] ?? 'd').toLowerCase() as 'w' | 'd' | 'h' | 'm'];
  return undefined;
}

function compareValues(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const [x] = a;
  const [y] = b;
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  const kx = KEY.exec(String(x));
  const ky = KEY.exec(String(y));
  if (kx !== null && ky !== null) return (kx[1] ?? '').localeCompare(ky[1] ?? '') || Number(kx[2]) - Number(ky[2]);
  const now = new Date(0);
  const ox = ordinal(x, now);
  const oy = ordinal(y, now);
  if (ox !== undefined && oy !== undefined) return ox - oy;
  return String(x).localeCompare(String(y), 'en', { sensitivity: 'base', numeric: true });
}

/** The literal texts a value stands for (a function's result, or the literal itself). */
function valueTexts(v: Value, context: JqlContext): string[] {
  if (v.kind === 'literal') return [v.text];
  const name = v.name.toLowerCase();
  if (name === 'currentuser') return context.accountId === undefined ? [] : [context.accountId];
  if (name === 'now') return [new Date(context.now).toISOString()];
  const edge = /^(startof|endof)(day|week|month|year)$/.exec(name);
  if (edge !== null) return [String(edgeOf(context.now, edge[1] === 'startof', edge[2] as 'day' | 'week' | 'month' | 'year', v.args[0]))];
  throw new JqlEvalError(`the fake Jira does not evaluate the function ${v.name}()`);
}

/** The start or end of the day/week/month/year of `now` (UTC), moved by an offset such as "-1" or "+2d" in that unit. */
function edgeOf(now: Date, start: boolean, unit: 'day' | 'week' | 'month' | 'year', offset: string | undefined): number {
  const n = offset === undefined ? 0 : Number(/^[-+]?\d+/.exec(offset)?.[0] ?? 0);
  const d = new Date(now.getTime());
  d.setUTCHours(0, 0, 0, 0);
  if (unit === 'week') d.setUTCDate(d.getUTCDate() - d.getUTCDay() + 7 * n);
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + n);
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + n, 1);
  if (unit === 'year') d.setUTCFullYear(d.getUTCFullYear() + n, 0, 1);
  if (start) return d.getTime();
  const end = new Date(d.getTime());
  if (unit === 'day') end.setUTCDate(end.getUTCDate() + 1);
  if (unit === 'week') end.setUTCDate(end.getUTCDate() + 7);
  if (unit === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  if (unit === 'year') end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end.getTime() - 1;
}

function compileExpr(e: Expr, resolve: (name: string) => Reader, context: JqlContext): (issue: IssueRecord) => boolean {
  switch (e.op) {
    case 'and': {
      const items = e.items.map((x) => compileExpr(x, resolve, context));
      return (i) => items.every((t) => t(i));
    }
    case 'or': {
      const items = e.items.map((x) => compileExpr(x, resolve, context));
      return (i) => items.some((t) => t(i));
    }
    case 'not': {
      const item = compileExpr(e.item, resolve, context);
      return (i) => !item(i);
    }
    case 'clause':
      return compileClause(e, resolve(e.field), context);
  }
}

function compileClause(e: Extract<Expr, { op: 'clause' }>, read: Reader, context: JqlContext): (issue: IssueRecord) => boolean {
  const wanted = e.values.flatMap((v) => valueTexts(v, context));
  const wantsEmpty = wanted.includes(EMPTY);
  const texts = wanted.filter((w) => w !== EMPTY).map((w) => w.toLowerCase());
  const equal = (have: readonly (string | number)[]): boolean => have.some((h) => texts.includes(String(h).toLowerCase()) || texts.some((t) => typeof h === 'number' && Number(t) === h));
  switch (e.operator) {
    case 'is empty':
      return (i) => read(i).length === 0;
    case 'is not empty':
      return (i) => read(i).length > 0;
    case '=':
    case 'in':
      return (i) => {
        const have = read(i);
        return (wantsEmpty && have.length === 0) || equal(have);
      };
    case '!=':
    case 'not in':
      // As in Jira, an issue whose field is empty matches neither `= x` nor `!= x`.
      return (i) => {
        const have = read(i);
        return have.length > 0 && !equal(have);
      };
    case '~':
    case '!~': {
      const terms = texts.flatMap((t) => t.split(/\s+/)).filter((t) => t !== '');
      const contains = (have: readonly (string | number)[]): boolean => {
        const text = have.map(String).join(' ').toLowerCase();
        return terms.every((t) => (t.endsWith('*') ? text.includes(t.slice(0, -1)) : new RegExp(`(^|[^\\p{L}\\p{N}])${escape(t)}($|[^\\p{L}\\p{N}])`, 'u').test(text)));
      };
      return e.operator === '~' ? (i) => contains(read(i)) : (i) => read(i).length > 0 && !contains(read(i));
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const bounds = texts.map((t) => ({ text: t, at: ordinal(t, context.now) }));
      const holds = (c: number): boolean => (e.operator === '<' ? c < 0 : e.operator === '<=' ? c <= 0 : e.operator === '>' ? c > 0 : c >= 0);
      return (i) =>
        read(i).some((h) =>
          bounds.some((b) => {
            const kh = KEY.exec(String(h));
            const kb = KEY.exec(b.text);
            if (kh !== null && kb !== null) return (kh[1] ?? '').toLowerCase() === (kb[1] ?? '').toLowerCase() && holds(Number(kh[2]) - Number(kb[2]));
            const at = ordinal(h, context.now);
            return at !== undefined && b.at !== undefined && holds(at - b.at);
          }),
        );
    }
    default:
      throw new JqlEvalError(`the fake Jira does not evaluate the operator '${e.operator}'`);
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
