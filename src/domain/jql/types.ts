import type { ObjectKind } from '../model';

/** Where in a JQL string a reference was found. Positions are UTF-16 offsets into the JQL, end exclusive. */
export interface JqlEvidence {
  /** The clause text as written, e.g. `"Story Points" > 3` or `ORDER BY cf[10010]`. */
  readonly clause: string;
  readonly start: number;
  readonly end: number;
  /** True when the reference is a field in ORDER BY. */
  readonly inOrderBy: boolean;
}

/** A reference found in JQL, before resolution against the snapshot. */
export type JqlRawReference =
  | {
      readonly type: 'field';
      /** The field as written, unquoted and unescaped: `Story Points`, `cf[10010]`, `customfield_10010`, `type`. */
      readonly name: string;
      /** `field[...]` type suffix as written (e.g. `Value` in `"Team[Value]"`), if any. */
      readonly typeSuffix?: string;
      readonly evidence: JqlEvidence;
      /**
       * Literal values the clause compares the field with (`= EMEA`, `in (EMEA, APAC)`, `was … from X to Y`), when
       * it has any: an option field's values name its options. Never set for ORDER BY or value clauses.
       */
      readonly values?: readonly JqlLiteral[];
      /** The arguments of `cascadeOption(parent[, child])`, when the clause uses it: a cascading field's options. */
      readonly cascade?: readonly (readonly JqlLiteral[])[];
    }
  | {
      /** A value of a `project`, `status`, `issuetype` or `filter` clause (also via aliases such as `type`). */
      readonly type: 'value';
      readonly targetKind: 'project' | 'status' | 'issue-type' | 'filter';
      /** The value as written, unquoted: a key, id or name. Functions (`currentUser()`) are not references. */
      readonly value: string;
      readonly evidence: JqlEvidence;
    };

/** A literal value as written in JQL, unquoted, with where it is. */
export interface JqlLiteral {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface JqlSyntaxError {
  readonly message: string;
  /** UTF-16 offset where the problem was seen. */
  readonly position: number;
}

/** What the extractor finds in one JQL string. Total: bad JQL gives syntax errors, never an exception. */
export interface JqlExtraction {
  readonly references: readonly JqlRawReference[];
  readonly syntaxErrors: readonly JqlSyntaxError[];
}

/** A JQL reference resolved against the snapshot. */
export type JqlResolution =
  | { readonly type: 'resolved'; readonly kind: ObjectKind; readonly id: string; readonly evidence: JqlEvidence; readonly written: string }
  | {
      readonly type: 'ambiguous';
      readonly kind: ObjectKind;
      readonly written: string;
      /** Ids of every object the name could mean. */
      readonly candidates: readonly string[];
      readonly evidence: JqlEvidence;
    }
  | {
      readonly type: 'broken';
      readonly kind: ObjectKind;
      readonly written: string;
      readonly evidence: JqlEvidence;
      /** For a value that names no option: the option field the clause compares. */
      readonly fieldId?: string;
    }
  | { readonly type: 'syntax'; readonly message: string; readonly position: number };
