import type { ObjectKind, ObjectRef } from '../model';

/** The reports the CLI, the resolvers and the page offer; each is a table of rows. */
export const REPORT_NAMES = ['health', 'inventory', 'where-used', 'impact', 'unused', 'cleanup', 'duplicates', 'references', 'limits'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Columns of each report, in order. The CSV header and the JSON keys are these names. */
export const REPORT_COLUMNS = {
  inventory: ['kind', 'id', 'name', 'detail'],
  health: ['check', 'severity', 'count', 'detail', 'see'],
  'where-used': ['kind', 'id', 'name', 'used_by_kind', 'used_by_id', 'used_by_name', 'relation', 'use', 'evidence'],
  impact: ['kind', 'id', 'name', 'affected_kind', 'affected_id', 'affected_name', 'depth', 'relation', 'path'],
  unused: ['kind', 'id', 'name', 'criterion', 'last_used'],
  cleanup: ['kind', 'id', 'name', 'verdict', 'reasons', 'last_used', 'issues_with_value'],
  duplicates: ['kind', 'name', 'ids'],
  references: ['source_kind', 'source_id', 'source_name', 'problem', 'reference', 'detail'],
  limits: ['kind', 'id', 'name', 'limit', 'used', 'max', 'percent', 'candidate_kind', 'candidate_id', 'candidate_name', 'action'],
} as const satisfies Record<ReportName, readonly string[]>;

export type ReportColumn<R extends ReportName> = (typeof REPORT_COLUMNS)[R][number];

/** One cell: text, a number, or empty. */
export type Cell = string | number | null;

export type ReportRow<R extends ReportName = ReportName> = Readonly<Record<ReportColumn<R>, Cell>>;

export interface ReportTable<R extends ReportName = ReportName> {
  readonly report: R;
  readonly columns: readonly ReportColumn<R>[];
  readonly rows: readonly ReportRow<R>[];
}

export interface ReportRequest {
  readonly report: ReportName;
  /** The object for `where-used` and `impact` (required there, ignored elsewhere). */
  readonly object?: ObjectRef;
  /** Restricts `inventory`, `unused`, `cleanup` and `duplicates` to one kind. */
  readonly kind?: ObjectKind;
  /** `cleanup`: list the objects in use too (verdict `in-use`). */
  readonly all?: boolean;
}

/** Why a report could not be made: a request problem the caller can fix, named precisely. */
export type ReportError =
  | { readonly type: 'missing-object'; readonly message: string }
  | { readonly type: 'unknown-object'; readonly message: string };

/** A table of any one report (a union over the reports, so rows keep their own columns). */
export type AnyReportTable = { [R in ReportName]: ReportTable<R> }[ReportName];
