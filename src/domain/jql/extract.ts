import { Kw, Tok, tokenize, Tokens } from './lexer';
import type { JqlEvidence, JqlExtraction, JqlLiteral, JqlRawReference, JqlSyntaxError } from './types';

/** The kinds of object a clause's values name, for `project`, `status`, `issuetype` and `filter` clauses. */
export type ValueClauseKind = 'project' | 'status' | 'issue-type' | 'filter';

/**
 * One clause as the extractor reads it, handed to a {@link JqlClauseVisitor}: the field as written, where the clause is,
 * and its literal values. It is the extractor's own, valid only during the call (its values are read from the tokens
 * when asked: most are looked up by their place in the JQL and never made a string).
 */
export interface JqlClause {
  /** The JQL the clause is in. */
  readonly src: string;
  /** The field as written, unquoted and unescaped (`cf[10010]` as such), without a type suffix. */
  readonly name: string;
  /**
   * Where the field's name is in `src`, when it is one word or string with no escape and no brackets after it (most
   * are); -1 otherwise (then read {@link name}).
   */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** The hash of the name's text (FNV-1a, as a TextMap hashes it) when {@link nameStart} is not -1. */
  readonly nameHash: number;
  /** `field[...]` type suffix as written, if any. */
  readonly typeSuffix: string | undefined;
  /** Where the clause is in `src` (end exclusive), and whether it is an ORDER BY field. */
  readonly start: number;
  readonly end: number;
  readonly inOrderBy: boolean;
  /** How many literal values the clause compares the field with (none for ORDER BY). */
  readonly valueCount: number;
  /** Value `i`, unquoted and unescaped. */
  value(i: number): string;
  /** Where value `i` is written, quotes included. */
  valueStart(i: number): number;
  valueEnd(i: number): number;
  /** Where value `i`'s text is in `src` when it is a plain slice (no escape, quotes aside); -1 otherwise. */
  valueTextStart(i: number): number;
  valueTextEnd(i: number): number;
  /** The hash of value `i`'s text (FNV-1a, as a TextMap hashes it) when {@link valueTextStart} is not -1. */
  valueHash(i: number): number;
  /** The arguments of each `cascadeOption(…)` of the clause. */
  readonly cascades: readonly (readonly JqlLiteral[])[];
}

/** Where the extractor hands each clause as it reads it, with no object made per clause. */
export interface JqlClauseVisitor {
  clause(clause: JqlClause): void;
}


/** Clause names whose values name objects of the snapshot (compared lower-case). */
const VALUE_CLAUSES: ReadonlyMap<string, ValueClauseKind> = new Map([
  ['project', 'project'],
  ['status', 'status'],
  ['issuetype', 'issue-type'],
  ['type', 'issue-type'],
  ['filter', 'filter'],
  ['request', 'filter'],
  ['savedfilter', 'filter'],
  ['searchrequest', 'filter'],
]);

/**
 * The kind of object a clause's values name, when its field is one of {@link VALUE_CLAUSES} (in any case). Names
 * that cannot be one (the wrong length or first letter: most field names) are not lower-cased and looked up. A name
 * with letters outside ASCII cannot lower-case to one either, so the ASCII test of the first letter is exact.
 */
export function valueClauseKind(name: string): ValueClauseKind | undefined {
  if (name.length < 4 || name.length > 13) return undefined;
  const first = name.charCodeAt(0) | 32;
  // p, s, i, t, f, r: the first letters of the names above.
  if (first !== 112 && first !== 115 && first !== 105 && first !== 116 && first !== 102 && first !== 114) return undefined;
  return VALUE_CLAUSES.get(name.toLowerCase());
}

/**
 * Words Jira's documentation reserves in JQL (they must be quoted). The extractor does not flag them: Atlassian's
 * own parser accepts several of them unquoted (`a`, `user`), so a finding would be a guess; generators of test JQL
 * avoid them so that what they make is valid for every reader.
 * @see https://support.atlassian.com/jira-software-cloud/docs/search-for-issues-using-jql/ (reserved words)
 */
export const JQL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'a an abort access add after alias all alter and any are as asc audit avg before begin between boolean break by byte ' +
    'catch cf char character check checkpoint collate collation column commit connect continue count create current date ' +
    'decimal declare decrement default defaults define delete delimiter desc difference distinct divide do double drop ' +
    'else empty encoding end equals escape exclusive exec execute exists explain false fetch file field first float for ' +
    'from function go goto grant greater group having identified if immediate in increment index initial inner inout ' +
    'input insert int integer intersect intersection into is isempty isnull join last left less like limit lock long max ' +
    'min minus mode modify modulo more multiply next noaudit not notin nowait null number object of on option or order ' +
    'outer output power previous prior privileges public raise raw remainder rename resource return returns revoke right ' +
    'row rowid rownum rows select session set share size sqrt start strict string subtract sum synonym table then to ' +
    'trans transaction trigger true uid union unique update user validate values view when whenever where while with'
  ).split(' '),
);

/** What an operator asks of the rest of the clause: an operand, and history predicates after it (WAS, CHANGED). */
const enum Operator {
  Plain,
  History,
  /** CHANGED: history predicates, and no operand. */
  Changed,
}

class JqlParseError extends Error {
  constructor(
    message: string,
    /** The token the problem was seen at. */
    readonly token: number,
  ) {
    super(message);
  }
}

type FieldReference = Extract<JqlRawReference, { type: 'field' }>;

/**
 * Extracts every field reference (clauses and ORDER BY) and every value of `project`, `status`, `issuetype`
 * and `filter` clauses from a JQL string. Total: bad JQL yields syntax errors and whatever references could be
 * read around them; it never throws. `scratch` is a token list to reuse between calls (what is extracted never
 * points into it).
 */
export function extractJql(jql: string, scratch?: JqlReader): JqlExtraction {
  const references: JqlRawReference[] = [];
  const visitor: JqlClauseVisitor = {
    clause: (c) => {
      const { name, typeSuffix, start, end, inOrderBy } = c;
      const targetKind = valueClauseKind(name);
      const evidence: JqlEvidence = { clause: jql.slice(start, end), start, end, inOrderBy };
      const ref: { -readonly [K in keyof FieldReference]: FieldReference[K] } = { type: 'field', name, evidence };
      if (typeSuffix !== undefined) ref.typeSuffix = typeSuffix;
      if (targetKind === undefined && c.valueCount > 0) ref.values = literalsOf(c);
      if (c.cascades.length > 0) ref.cascade = c.cascades.slice();
      references.push(ref);
      if (targetKind !== undefined) for (let i = 0; i < c.valueCount; i++) references.push({ type: 'value', targetKind, value: c.value(i), evidence });
    },
  };
  // A reader kept between calls (its token list is most of what making one costs); one taken by a call is not
  // shared with a call its visitor makes, and it keeps no text of the query once done.
  const reader = scratch ?? spare ?? new JqlReader();
  if (reader === spare) spare = undefined;
  try {
    return { references, syntaxErrors: reader.read(jql, visitor) };
  } finally {
    if (scratch === undefined) {
      reader.release();
      spare = reader;
    }
  }
}

/** The reader {@link extractJql} keeps for its next call, when no call holds it. */
let spare: JqlReader | undefined;

/** A clause's values as literals. */
function literalsOf(c: JqlClause): JqlLiteral[] {
  const out: JqlLiteral[] = [];
  for (let i = 0; i < c.valueCount; i++) out.push({ value: c.value(i), start: c.valueStart(i), end: c.valueEnd(i) });
  return out;
}

/**
 * {@link extractJql} for callers that act on each clause as it is read: every clause (and ORDER BY field) goes to
 * `visitor`, in order; the syntax errors are returned. Nothing is made per clause.
 */
export function extractJqlInto(jql: string, visitor: JqlClauseVisitor, reader: JqlReader = new JqlReader()): readonly JqlSyntaxError[] {
  return reader.read(jql, visitor);
}

const NO_ERRORS: readonly JqlSyntaxError[] = Object.freeze([]);
const NO_VISITOR: JqlClauseVisitor = { clause: () => undefined };

/** Nesting deeper than this is said once (the query is read whatever its depth: the parser does not recurse on it). */
export const MAX_NESTING = 100;

/**
 * A parser over token numbers (recursive descent, with the nesting of parentheses kept in a counter). It makes no object
 * per token or clause: text is read only for field names and values that are asked for, and keywords are the lexer's
 * codes. One reader reads many queries in turn, keeping its token list; it is the {@link JqlClause} its visitor is
 * handed (so a visitor must not read another query with the same reader while it is called).
 */
export class JqlReader implements JqlClause {
  private readonly t = new Tokens();
  private pos = 0;
  private errors: JqlSyntaxError[] = [];
  /** The parenthesis that first nested deeper than {@link MAX_NESTING}. */
  private tooDeep: number | undefined;
  private visitor: JqlClauseVisitor = NO_VISITOR;
  src = '';
  /** The field `field()` read last: its token, its name when it is not the token's text, type suffix, and where it is. */
  private fieldToken = 0;
  /** The name, once made (at once for `cf[…]`, whose name is more than its token). */
  private fieldText: string | undefined;
  /** True when the name is its token's text alone: no brackets follow it. */
  private fieldPlain = false;
  typeSuffix: string | undefined;
  private fieldStart = 0;
  private fieldEnd = 0;
  /** The clause handed to the visitor: where it is. */
  start = 0;
  end = 0;
  inOrderBy = false;
  /** The tokens of the clause's literal values, and the `cascadeOption(…)` arguments of the clause being read. */
  private readonly valueTokens: number[] = [];
  valueCount = 0;
  readonly cascades: JqlLiteral[][] = [];

  /** Reads `src`, handing each clause to `visitor`; the syntax errors found. */
  read(src: string, visitor: JqlClauseVisitor): readonly JqlSyntaxError[] {
    this.src = src;
    this.visitor = visitor;
    this.pos = 0;
    this.tooDeep = undefined;
    // The list of the last read is the caller's now, when it had errors; an empty one is kept (most queries have none).
    if (this.errors.length > 0) this.errors = [];
    tokenize(src, this.t);
    const errors = this.run();
    return errors.length === 0 ? NO_ERRORS : errors;
  }

  /** The fingerprint of the query read last ({@link Tokens.fingerprint}): -1 when it holds a character outside ASCII. */
  get fingerprint(): number {
    return this.t.fingerprint;
  }

  /** Lets go of the query read last (its text and visitor): the reader then holds token numbers only. */
  release(): void {
    this.src = '';
    this.t.reset('');
    this.visitor = NO_VISITOR;
    this.fieldText = undefined;
    this.typeSuffix = undefined;
    this.cascades.length = 0;
    // The errors read last are the caller's (they quote the query): the reader keeps none.
    if (this.errors.length > 0) this.errors = [];
  }

  get name(): string {
    return (this.fieldText ??= this.t.value(this.fieldToken));
  }

  get nameStart(): number {
    return this.fieldPlain ? this.t.textStart(this.fieldToken) : -1;
  }

  get nameEnd(): number {
    return this.t.textEnd(this.fieldToken);
  }

  get nameHash(): number {
    return this.t.hash(this.fieldToken);
  }

  valueHash(i: number): number {
    return this.t.hash(this.valueTokens[i] ?? 0);
  }

  value(i: number): string {
    return this.t.value(this.valueTokens[i] ?? 0);
  }

  valueStart(i: number): number {
    return this.t.start(this.valueTokens[i] ?? 0);
  }

  valueEnd(i: number): number {
    return this.t.end(this.valueTokens[i] ?? 0);
  }

  valueTextStart(i: number): number {
    return this.t.textStart(this.valueTokens[i] ?? 0);
  }

  valueTextEnd(i: number): number {
    return this.t.textEnd(this.valueTokens[i] ?? 0);
  }

  private run(): JqlSyntaxError[] {
    const t = this.t;
    if (t.hasErrors) {
      for (let k = 0; k < t.count; k++) {
        if (t.type(k) === Tok.Error) this.errors.push({ message: t.value(k), position: t.start(k) });
      }
    }
    this.query();
    // Deep nesting is said only when nothing else is wrong: 10,000 unclosed parentheses are one finding, not two.
    if (this.tooDeep !== undefined && this.errors.length === 0) this.report(`parentheses nested more than ${MAX_NESTING} deep: Jira's own parser may refuse the query (its clauses are read all the same)`, this.tooDeep);
    return this.errors;
  }

  /** The number of the token `offset` places ahead (the last, Eof, when past the end). */
  private peek(offset = 0): number {
    return Math.min(this.pos + offset, this.t.count - 1);
  }

  /** The kind ({@link Tok}) of the token `offset` places ahead. */
  private typeAt(offset = 0): number {
    return this.t.type(this.peek(offset));
  }

  private next(): number {
    const k = this.peek();
    if (this.t.type(k) !== Tok.Eof) this.pos++;
    return k;
  }

  private isKeyword(k: number, word: Kw): boolean {
    return this.t.type(k) === Tok.Word && this.t.keyword(k) === word;
  }

  private isOrderBy(): boolean {
    return this.isKeyword(this.peek(), Kw.Order) && this.isKeyword(this.peek(1), Kw.By);
  }

  /**
   * Records a syntax error, unless the tokenizer already reported the token it is about, or the same error was just
   * reported at the same place (10,000 unclosed parentheses are one error at the end of the query, not 10,000).
   */
  private report(message: string, k: number): void {
    if (this.t.type(k) === Tok.Error) return;
    const last = this.errors.at(-1);
    const position = this.t.start(k);
    if (last !== undefined && last.position === position && last.message === message) return;
    this.errors.push({ message, position });
  }

  private fail(message: string, k: number = this.peek()): never {
    throw new JqlParseError(message, k);
  }

  private describe(k: number): string {
    if (this.t.type(k) === Tok.Eof) return 'end of query';
    return `'${this.src.slice(this.t.start(k), this.t.end(k))}'`;
  }

  private query(): void {
    if (this.typeAt() !== Tok.Eof && !this.isOrderBy()) {
      this.orClause(0);
    }
    let reported = false;
    while (this.typeAt() !== Tok.Eof && !this.isOrderBy()) {
      // Trailing input after a complete clause: report it once, skip to the next place we can resume.
      const k = this.peek();
      if (!reported) this.report(`unexpected ${this.describe(k)}`, k);
      reported = true;
      this.next();
      if (this.typeAt() === Tok.And || this.typeAt() === Tok.Or) {
        this.next();
        this.orClause(0);
      }
    }
    if (this.isOrderBy()) this.orderBy();
  }

  /**
   * Clauses joined by AND and OR, with NOT and parentheses, from nesting depth `base`. The grammar
   * `or := and (OR and)*; and := not (AND not)*; not := NOT* ( '(' or ')' | clause )` is read with a depth counter
   * instead of recursion (AND and OR are read alike, as nothing here depends on their precedence): a text of any
   * nesting, thousands of parentheses deep, is read in constant stack, and an unclosed one is a syntax error of that
   * query only.
   */
  private orClause(base: number): void {
    let depth = base;
    for (;;) {
      // The start of a NOT clause at `depth`.
      while (this.typeAt() === Tok.Not) this.next();
      if (this.typeAt() === Tok.LParen) {
        if (depth - base === MAX_NESTING && this.tooDeep === undefined) this.tooDeep = this.peek();
        this.next();
        depth++;
        continue;
      }
      try {
        this.terminalClause();
      } catch (e) {
        if (!(e instanceof JqlParseError)) throw e;
        this.report(e.message, e.token);
        this.recover(depth);
      }
      // After a clause: the next one of the same group, or the group's end.
      for (;;) {
        if (this.typeAt() === Tok.And || this.typeAt() === Tok.Or) {
          this.next();
          break;
        }
        if (depth === base) return;
        // The group opened by a parenthesis at `depth - 1` ends here.
        depth--;
        if (this.typeAt() === Tok.RParen) {
          this.next();
        } else {
          this.report(`expected ')' but found ${this.describe(this.peek())}`, this.peek());
          this.recover(depth);
        }
      }
    }
  }

  /** Skips to a token where parsing can resume: AND, OR, a closing parenthesis (when nested), ORDER BY, end. */
  private recover(depth: number): void {
    for (;;) {
      const type = this.typeAt();
      if (type === Tok.Eof || type === Tok.And || type === Tok.Or || this.isOrderBy()) return;
      if (type === Tok.RParen && depth > 0) return;
      this.next();
    }
  }

  /** A field: a string, optionally followed by `[…]` groups (cf[n], type suffixes, entity properties). Sets `field*`. */
  private field(): void {
    const t = this.t;
    const k = this.peek();
    const type = t.type(k);
    if (type !== Tok.Word && type !== Tok.Quoted) this.fail(`expected a field but found ${this.describe(k)}`);
    this.next();
    this.fieldToken = k;
    this.fieldText = undefined;
    this.fieldPlain = true;
    this.typeSuffix = undefined;
    let end = t.end(k);
    let first = true;
    while (this.typeAt() === Tok.LBracket) {
      this.fieldPlain = false;
      this.next();
      let inner = '';
      let parts = 0;
      while (this.typeAt() === Tok.Word || this.typeAt() === Tok.Quoted) inner += (parts++ === 0 ? '' : ' ') + t.value(this.next());
      const close = this.peek();
      if (t.type(close) !== Tok.RBracket) this.fail(`expected ']' but found ${this.describe(close)}`);
      this.next();
      end = t.end(close);
      if (first && type === Tok.Word && t.keyword(k) === Kw.Cf) {
        this.fieldText = `cf[${inner}]`;
      } else if (first) {
        this.typeSuffix = inner;
      }
      first = false;
      // Entity property paths: `issue.property[key].path.to.value`
      const after = this.peek();
      if (t.type(after) === Tok.Word && t.start(after) === end && this.startsWithDot(after)) {
        end = t.end(this.next());
      }
    }
    this.fieldStart = t.start(k);
    this.fieldEnd = end;
  }

  /** A word whose text starts with `.` (read from the characters unless an escape opens it). */
  private startsWithDot(k: number): boolean {
    const c = this.src.charCodeAt(this.t.start(k));
    return c === 46 || (c === 92 && this.t.value(k).startsWith('.'));
  }

  private operator(): Operator {
    const t = this.t;
    const k = this.peek();
    const type = t.type(k);
    if (type === Tok.Op) {
      this.next();
      return Operator.Plain;
    }
    if (type === Tok.Not && t.keyword(k) !== Kw.Not) this.fail(`expected an operator but found '!'`);
    const word = type === Tok.Word || type === Tok.Not ? t.keyword(k) : Kw.None;
    if (word === Kw.Not && this.isKeyword(this.peek(1), Kw.In)) {
      this.next();
      this.next();
      return Operator.Plain;
    }
    if (type !== Tok.Word || (word !== Kw.In && word !== Kw.Is && word !== Kw.Was && word !== Kw.Changed)) this.fail(`expected an operator but found ${this.describe(k)}`);
    this.next();
    if (word === Kw.Is) {
      if (this.typeAt() === Tok.Not) this.next();
      return Operator.Plain;
    }
    if (word === Kw.Was) {
      if (this.typeAt() === Tok.Not && t.keyword(this.peek()) === Kw.Not) this.next();
      if (this.isKeyword(this.peek(), Kw.In)) this.next();
      return Operator.History;
    }
    return word === Kw.Changed ? Operator.Changed : Operator.Plain;
  }

  /**
   * An operand: a string or number, EMPTY/NULL, a function call, or a parenthesised list of operands (lists may nest).
   * Its literal values go to the clause's values when `values` (functions and EMPTY are left out), the arguments of
   * each `cascadeOption(…)` to its cascades when `cascades`. Nested lists are read with a depth counter, not recursion:
   * a list thousands of parentheses deep is read in constant stack (deeper than {@link MAX_NESTING} is said once).
   */
  private operand(values: boolean, cascades: boolean): void {
    const valuesBefore = this.valueCount;
    const cascadesBefore = this.cascades.length;
    let depth = 0;
    try {
      for (;;) {
        while (this.typeAt() === Tok.LParen) {
          if (depth === MAX_NESTING && this.tooDeep === undefined) this.tooDeep = this.peek();
          this.next();
          depth++;
        }
        this.item(values, cascades);
        // After an item: a ',' goes on with the innermost open list, a ')' closes it.
        for (;;) {
          if (depth === 0) return;
          if (this.nextItem('in a list')) break;
          depth--;
        }
      }
    } catch (e) {
      // A list cut short by a syntax error names nothing: what it read so far is dropped.
      this.valueCount = valuesBefore;
      this.cascades.length = cascadesBefore;
      throw e;
    }
  }

  /** One item of an operand: a string or number, EMPTY/NULL, or a function call. */
  private item(values: boolean, cascades: boolean): void {
    const t = this.t;
    const k = this.peek();
    const type = t.type(k);
    if (type !== Tok.Word && type !== Tok.Quoted) this.fail(`expected a value but found ${this.describe(k)}`);
    this.next();
    if (type === Tok.Word && this.typeAt() === Tok.LParen) {
      const args = this.functionArguments();
      if (cascades && t.keyword(k) === Kw.CascadeOption) this.cascades.push(args);
      return;
    }
    if (type === Tok.Word && (t.keyword(k) === Kw.Empty || t.keyword(k) === Kw.Null)) return;
    if (values) this.valueTokens[this.valueCount++] = k;
  }

  /** After an item of a list or of a function's arguments: true past a `,` (another item follows), false past the closing `)`. */
  private nextItem(where: string): boolean {
    const sep = this.typeAt();
    if (sep !== Tok.Comma && sep !== Tok.RParen) this.fail(`expected ',' or ')' ${where} but found ${this.describe(this.peek())}`);
    this.next();
    return sep === Tok.Comma;
  }

  /** A function's arguments, as literals (`none` and the like included: the caller judges them). */
  private functionArguments(): JqlLiteral[] {
    const t = this.t;
    this.next(); // (
    const args: JqlLiteral[] = [];
    if (this.typeAt() === Tok.RParen) {
      this.next();
      return args;
    }
    for (;;) {
      const a = this.peek();
      if (t.type(a) !== Tok.Word && t.type(a) !== Tok.Quoted) this.fail(`expected a function argument but found ${this.describe(a)}`);
      this.next();
      args.push({ value: t.value(a), start: t.start(a), end: t.end(a) });
      if (!this.nextItem('after a function argument')) return args;
    }
  }

  private terminalClause(): void {
    this.field();
    // The clause's values and cascades are the reader's (a clause reads none while another is read): the visitor
    // copies what it keeps.
    this.valueCount = 0;
    if (this.cascades.length > 0) this.cascades.length = 0;
    let clauseEnd = this.fieldEnd;
    let failure: JqlParseError | undefined;
    try {
      const op = this.operator();
      clauseEnd = this.lastEnd();
      if (op !== Operator.Changed) {
        this.operand(true, true);
        clauseEnd = this.lastEnd();
      }
      if (op !== Operator.Plain) {
        for (;;) {
          const k = this.peek();
          const predicate = this.t.type(k) === Tok.Word ? this.t.keyword(k) : Kw.None;
          if (predicate !== Kw.After && predicate !== Kw.Before && predicate !== Kw.During && predicate !== Kw.On && predicate !== Kw.By && predicate !== Kw.From && predicate !== Kw.To) break;
          this.next();
          // Only FROM and TO name values the field held; the others name dates and people.
          this.operand(predicate === Kw.From || predicate === Kw.To, false);
          clauseEnd = this.lastEnd();
        }
      }
    } catch (e) {
      if (!(e instanceof JqlParseError)) throw e;
      failure = e;
    }
    // References read before a syntax error are still references: keep them, with the clause as far as it went.
    this.start = this.fieldStart;
    this.end = clauseEnd;
    this.inOrderBy = false;
    this.visitor.clause(this);
    if (failure !== undefined) throw failure;
  }

  /** End offset of the last token consumed. */
  private lastEnd(): number {
    return this.pos === 0 ? 0 : (this.t.end(this.pos - 1));
  }

  private orderBy(): void {
    this.next();
    this.next();
    if (this.typeAt() === Tok.Eof) {
      this.errors.push({ message: 'ORDER BY needs at least one field', position: this.t.start(this.peek()) });
      return;
    }
    for (;;) {
      try {
        this.field();
        let end = this.fieldEnd;
        const dir = this.peek();
        if (this.isKeyword(dir, Kw.Asc) || this.isKeyword(dir, Kw.Desc)) end = this.t.end(this.next());
        this.valueCount = 0;
        if (this.cascades.length > 0) this.cascades.length = 0;
        this.start = this.fieldStart;
        this.end = end;
        this.inOrderBy = true;
        this.visitor.clause(this);
      } catch (e) {
        if (!(e instanceof JqlParseError)) throw e;
        this.report(e.message, e.token);
        return;
      }
      const k = this.peek();
      const type = this.t.type(k);
      if (type === Tok.Comma) {
        this.next();
        continue;
      }
      if (type !== Tok.Eof) this.report(`unexpected ${this.describe(k)} in ORDER BY`, k);
      return;
    }
  }
}
