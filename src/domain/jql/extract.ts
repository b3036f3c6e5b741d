import { Tok, tokenize, type Token } from './lexer';
import type { JqlEvidence, JqlExtraction, JqlLiteral, JqlRawReference, JqlSyntaxError } from './types';

/** Clause names whose values name objects of the snapshot (compared lower-case). */
const VALUE_CLAUSES: ReadonlyMap<string, 'project' | 'status' | 'issue-type' | 'filter'> = new Map([
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

const WORD_OPERATORS = new Set(['IN', 'IS', 'WAS', 'CHANGED']);
const PREDICATES = new Set(['AFTER', 'BEFORE', 'DURING', 'ON', 'BY', 'FROM', 'TO']);

class JqlParseError extends Error {
  constructor(
    message: string,
    readonly token: Token,
  ) {
    super(message);
  }
}

interface Operand {
  /** Literal values (unquoted text) and where they are; functions and EMPTY are left out. */
  readonly values: JqlLiteral[];
  /** Arguments of each `cascadeOption(…)` call in the operand. */
  readonly cascades?: JqlLiteral[][];
}

const NO_VALUES: Operand = { values: [] };

type FieldReference = Extract<JqlRawReference, { type: 'field' }>;

/**
 * Extracts every field reference (clauses and ORDER BY) and every value of `project`, `status`, `issuetype`
 * and `filter` clauses from a JQL string. Total: bad JQL yields syntax errors and whatever references could be
 * read around them; it never throws.
 */
export function extractJql(jql: string): JqlExtraction {
  return new Parser(jql).run();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private readonly references: JqlRawReference[] = [];
  private readonly errors: JqlSyntaxError[] = [];

  constructor(private readonly src: string) {
    this.tokens = tokenize(src);
  }

  run(): JqlExtraction {
    for (const t of this.tokens) {
      if (t.type === Tok.Error) this.errors.push({ message: t.value, position: t.start });
    }
    this.query();
    return { references: this.references, syntaxErrors: this.errors };
  }

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (t === undefined) throw new Error('token stream is never empty');
    return t;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type !== Tok.Eof) this.pos++;
    return t;
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.type === Tok.Word && t.value.length === word.length && t.value.toUpperCase() === word;
  }

  private isOrderBy(): boolean {
    return this.isKeyword(this.peek(), 'ORDER') && this.isKeyword(this.peek(1), 'BY');
  }

  /** Records a syntax error, unless the tokenizer already reported the token it is about. */
  private report(message: string, t: Token): void {
    if (t.type !== Tok.Error) this.errors.push({ message, position: t.start });
  }

  private fail(message: string, t: Token = this.peek()): never {
    throw new JqlParseError(message, t);
  }

  private describe(t: Token): string {
    if (t.type === Tok.Eof) return 'end of query';
    return `'${this.src.slice(t.start, t.end)}'`;
  }

  private query(): void {
    if (this.peek().type !== Tok.Eof && !this.isOrderBy()) {
      this.orClause(0);
    }
    let reported = false;
    while (this.peek().type !== Tok.Eof && !this.isOrderBy()) {
      // Trailing input after a complete clause: report it once, skip to the next place we can resume.
      const t = this.peek();
      if (!reported) this.report(`unexpected ${this.describe(t)}`, t);
      reported = true;
      this.next();
      if (this.peek().type === Tok.And || this.peek().type === Tok.Or) {
        this.next();
        this.orClause(0);
      }
    }
    if (this.isOrderBy()) this.orderBy();
  }

  private orClause(depth: number): void {
    this.andClause(depth);
    while (this.peek().type === Tok.Or) {
      this.next();
      this.andClause(depth);
    }
  }

  private andClause(depth: number): void {
    this.notClause(depth);
    while (this.peek().type === Tok.And) {
      this.next();
      this.notClause(depth);
    }
  }

  private notClause(depth: number): void {
    while (this.peek().type === Tok.Not) this.next();
    const t = this.peek();
    if (t.type === Tok.LParen) {
      this.next();
      this.orClause(depth + 1);
      if (this.peek().type === Tok.RParen) {
        this.next();
      } else {
        this.report(`expected ')' but found ${this.describe(this.peek())}`, this.peek());
        this.recover(depth);
      }
      return;
    }
    try {
      this.terminalClause();
    } catch (e) {
      if (!(e instanceof JqlParseError)) throw e;
      this.report(e.message, e.token);
      this.recover(depth);
    }
  }

  /** Skips to a token where parsing can resume: AND, OR, a closing parenthesis (when nested), ORDER BY, end. */
  private recover(depth: number): void {
    for (;;) {
      const t = this.peek();
      if (t.type === Tok.Eof || t.type === Tok.And || t.type === Tok.Or || this.isOrderBy()) return;
      if (t.type === Tok.RParen && depth > 0) return;
      this.next();
    }
  }

  /** A field: a string, optionally followed by `[…]` groups (cf[n], type suffixes, entity properties). */
  private field(): { name: string; typeSuffix?: string; start: number; end: number } {
    const t = this.peek();
    if (t.type !== Tok.Word && t.type !== Tok.Quoted) this.fail(`expected a field but found ${this.describe(t)}`);
    this.next();
    let name = t.value;
    let end = t.end;
    let typeSuffix: string | undefined;
    let first = true;
    while (this.peek().type === Tok.LBracket) {
      this.next();
      const parts: string[] = [];
      while (this.peek().type === Tok.Word || this.peek().type === Tok.Quoted) parts.push(this.next().value);
      const close = this.peek();
      if (close.type !== Tok.RBracket) this.fail(`expected ']' but found ${this.describe(close)}`);
      this.next();
      end = close.end;
      const inner = parts.join(' ');
      if (first && t.type === Tok.Word && name.toLowerCase() === 'cf') {
        name = `cf[${inner}]`;
      } else if (first) {
        typeSuffix = inner;
      }
      first = false;
      // Entity property paths: `issue.property[key].path.to.value`
      if (this.peek().type === Tok.Word && this.peek().start === end && this.peek().value.startsWith('.')) {
        end = this.next().end;
      }
    }
    return typeSuffix === undefined ? { name, start: t.start, end } : { name, typeSuffix, start: t.start, end };
  }

  private operator(): { op: string; history: boolean } {
    const t = this.peek();
    if (t.type === Tok.Op) {
      this.next();
      return { op: t.value, history: false };
    }
    if (t.type === Tok.Not && t.value === '!') this.fail(`expected an operator but found '!'`);
    const upper = t.type === Tok.Word || t.type === Tok.Not ? t.value.toUpperCase() : '';
    if (upper === 'NOT' && this.isKeyword(this.peek(1), 'IN')) {
      this.next();
      this.next();
      return { op: 'NOT IN', history: false };
    }
    if (!WORD_OPERATORS.has(upper)) this.fail(`expected an operator but found ${this.describe(t)}`);
    this.next();
    if (upper === 'IS') {
      if (this.peek().type === Tok.Not) {
        this.next();
        return { op: 'IS NOT', history: false };
      }
      return { op: 'IS', history: false };
    }
    if (upper === 'WAS') {
      let op = 'WAS';
      if (this.peek().type === Tok.Not && this.peek().value.toUpperCase() === 'NOT') {
        this.next();
        op += ' NOT';
      }
      if (this.isKeyword(this.peek(), 'IN')) {
        this.next();
        op += ' IN';
      }
      return { op, history: true };
    }
    return { op: upper, history: upper === 'CHANGED' };
  }

  /** An operand: a string or number, EMPTY/NULL, a function call, or a parenthesised list. */
  private operand(): Operand {
    const t = this.peek();
    if (t.type === Tok.LParen) {
      this.next();
      const values: Operand['values'] = [];
      let cascades: JqlLiteral[][] | undefined;
      for (;;) {
        const inner = this.operand();
        values.push(...inner.values);
        if (inner.cascades !== undefined) (cascades ??= []).push(...inner.cascades);
        const sep = this.peek();
        if (sep.type === Tok.Comma) {
          this.next();
          continue;
        }
        if (sep.type === Tok.RParen) {
          this.next();
          return cascades === undefined ? { values } : { values, cascades };
        }
        this.fail(`expected ',' or ')' in a list but found ${this.describe(sep)}`);
      }
    }
    if (t.type === Tok.Word || t.type === Tok.Quoted) {
      this.next();
      if (t.type === Tok.Word && this.peek().type === Tok.LParen) {
        const args = this.functionArguments();
        return t.value.toLowerCase() === 'cascadeoption' ? { values: [], cascades: [args] } : NO_VALUES;
      }
      const upper = t.type === Tok.Word ? t.value.toUpperCase() : '';
      if (upper === 'EMPTY' || upper === 'NULL') return { values: [] };
      return { values: [{ value: t.value, start: t.start, end: t.end }] };
    }
    return this.fail(`expected a value but found ${this.describe(t)}`);
  }

  /** A function's arguments, as literals (`none` and the like included: the caller judges them). */
  private functionArguments(): JqlLiteral[] {
    this.next(); // (
    const args: JqlLiteral[] = [];
    if (this.peek().type === Tok.RParen) {
      this.next();
      return args;
    }
    for (;;) {
      const a = this.peek();
      if (a.type !== Tok.Word && a.type !== Tok.Quoted) this.fail(`expected a function argument but found ${this.describe(a)}`);
      this.next();
      args.push({ value: a.value, start: a.start, end: a.end });
      const sep = this.peek();
      if (sep.type === Tok.Comma) {
        this.next();
        continue;
      }
      if (sep.type === Tok.RParen) {
        this.next();
        return args;
      }
      this.fail(`expected ',' or ')' after a function argument but found ${this.describe(sep)}`);
    }
  }

  private terminalClause(): void {
    const field = this.field();
    const lower = field.name.toLowerCase();
    const targetKind = VALUE_CLAUSES.get(lower);
    const values: Operand['values'] = [];
    let cascades: JqlLiteral[][] | undefined;
    let clauseEnd = field.end;
    let failure: JqlParseError | undefined;
    try {
      const { op, history } = this.operator();
      clauseEnd = this.lastEnd();
      if (op !== 'CHANGED') {
        const operand = this.operand();
        for (const v of operand.values) values.push(v);
        cascades = operand.cascades;
        clauseEnd = this.lastEnd();
      }
      if (history) {
        while (this.peek().type === Tok.Word && PREDICATES.has(this.peek().value.toUpperCase())) {
          const predicate = this.next().value.toUpperCase();
          const operand = this.operand();
          if (predicate === 'FROM' || predicate === 'TO') for (const v of operand.values) values.push(v);
          clauseEnd = this.lastEnd();
        }
      }
    } catch (e) {
      if (!(e instanceof JqlParseError)) throw e;
      failure = e;
    }
    // References read before a syntax error are still references: keep them, with the clause as far as it went.
    const evidence: JqlEvidence = { clause: this.src.slice(field.start, clauseEnd), start: field.start, end: clauseEnd, inOrderBy: false };
    const ref: { -readonly [K in keyof FieldReference]: FieldReference[K] } = { type: 'field', name: field.name, evidence };
    if (field.typeSuffix !== undefined) ref.typeSuffix = field.typeSuffix;
    if (targetKind === undefined && values.length > 0) ref.values = values;
    if (cascades !== undefined) ref.cascade = cascades;
    this.references.push(ref);
    if (targetKind !== undefined) {
      for (const v of values) this.references.push({ type: 'value', targetKind, value: v.value, evidence });
    }
    if (failure !== undefined) throw failure;
  }

  /** End offset of the last token consumed. */
  private lastEnd(): number {
    return this.tokens[this.pos - 1]?.end ?? 0;
  }

  private orderBy(): void {
    this.next();
    this.next();
    if (this.peek().type === Tok.Eof) {
      this.errors.push({ message: 'ORDER BY needs at least one field', position: this.peek().start });
      return;
    }
    for (;;) {
      try {
        const field = this.field();
        let end = field.end;
        const dir = this.peek();
        if (this.isKeyword(dir, 'ASC') || this.isKeyword(dir, 'DESC')) end = this.next().end;
        const ev: JqlEvidence = { clause: this.src.slice(field.start, end), start: field.start, end, inOrderBy: true };
        this.references.push(
          field.typeSuffix === undefined
            ? { type: 'field', name: field.name, evidence: ev }
            : { type: 'field', name: field.name, typeSuffix: field.typeSuffix, evidence: ev },
        );
      } catch (e) {
        if (!(e instanceof JqlParseError)) throw e;
        this.report(e.message, e.token);
        return;
      }
      const t = this.peek();
      if (t.type === Tok.Comma) {
        this.next();
        continue;
      }
      if (t.type !== Tok.Eof) this.report(`unexpected ${this.describe(t)} in ORDER BY`, t);
      return;
    }
  }
}
