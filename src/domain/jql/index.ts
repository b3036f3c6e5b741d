import type { ConfigSnapshot, ObjectKind } from '../model';
import { extractJql } from './extract';
import type { JqlRawReference, JqlResolution } from './types';

export type * from './types';
export { extractJql, JQL_RESERVED_WORDS } from './extract';

/**
 * JQL clause names that are not entries of `GET /rest/api/3/field` but are valid JQL: they name no field
 * of the catalogue and are neither broken nor ambiguous. Lower-case.
 * @see https://support.atlassian.com/jira-software-cloud/docs/jql-fields/
 */
export const NON_FIELD_CLAUSES: ReadonlySet<string> = new Set([
  'text',
  'filter',
  'request',
  'savedfilter',
  'searchrequest',
  'issue',
  'issuekey',
  'key',
  'id',
  'category',
  'projectcategory',
  'statuscategory',
  'level',
  'watcher',
  'voter',
  'attachments',
  'hierarchylevel',
  'issuelinktype',
  'parentepic',
  'parentproject',
  'lastviewed',
  'updatedby',
  'worklogauthor',
  'worklogcomment',
  'worklogdate',
  'approvals',
  'approver',
  'request-channel-type',
  'request-last-activity-time',
  'development',
  'issuefunction',
]);

/** Aliases real Jira lists in a system field's `clauseNames`; used when a snapshot's field lacks them. */
const SYSTEM_ALIASES: ReadonlyMap<string, string> = new Map([
  ['type', 'issuetype'],
  ['due', 'duedate'],
  ['createddate', 'created'],
  ['updateddate', 'updated'],
  ['resolved', 'resolutiondate'],
  ['fixversion', 'fixVersions'],
  ['affectedversion', 'versions'],
  ['component', 'components'],
  ['watchers', 'watches'],
  ['votes', 'votes'],
  ['originalestimate', 'timeoriginalestimate'],
  ['remainingestimate', 'timeestimate'],
  ['timespent', 'timespent'],
  ['level', 'security'],
]);

type Index = ReadonlyMap<string, readonly string[]>;

/** Lookup tables built once per snapshot, used to resolve what JQL names. Keys are lower-case. */
export interface JqlCatalogue {
  /** id, clause names and name of every field → field ids. */
  readonly fields: Index;
  readonly fieldIds: ReadonlySet<string>;
  readonly projects: Index;
  /** Project keys and ids only: a key or id wins over a project name. */
  readonly projectKeys: Index;
  readonly statuses: Index;
  readonly issueTypes: Index;
  readonly filters: Index;
}

function addKey(map: Map<string, string[]>, key: string, id: string): void {
  const k = key.trim().toLowerCase();
  if (k === '') return;
  const ids = map.get(k);
  if (ids === undefined) map.set(k, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

function indexBy<T extends { readonly id: string }>(items: readonly T[], keys: (item: T) => readonly (string | undefined)[]): Index {
  const map = new Map<string, string[]>();
  for (const item of items) {
    for (const key of keys(item)) if (key !== undefined) addKey(map, key, item.id);
  }
  return map;
}

/** Builds the lookup tables that {@link resolveJql} uses, once per snapshot. */
export function buildJqlCatalogue(snapshot: ConfigSnapshot): JqlCatalogue {
  const fields = new Map<string, string[]>();
  for (const f of snapshot.fields) {
    addKey(fields, f.id, f.id);
    addKey(fields, f.name, f.id);
    for (const c of f.clauseNames) addKey(fields, c, f.id);
  }
  const fieldIds = new Set(snapshot.fields.map((f) => f.id));
  for (const [alias, id] of SYSTEM_ALIASES) {
    if (!fields.has(alias) && fieldIds.has(id)) fields.set(alias, [id]);
  }
  return {
    fields,
    fieldIds,
    projects: indexBy(snapshot.projects, (p) => [p.id, p.key, p.name]),
    projectKeys: indexBy(snapshot.projects, (p) => [p.id, p.key]),
    statuses: indexBy(snapshot.statuses, (s) => [s.id, s.name]),
    issueTypes: indexBy(snapshot.issueTypes, (t) => [t.id, t.name]),
    filters: indexBy(snapshot.filters, (f) => [f.id, f.name]),
  };
}

const CF_PATTERN = /^cf\[\s*(\d+)\s*\]$/i;

/** Lookups by the text as written, per index: JQL names the same fields and projects again and again. */
const asWritten = new WeakMap<Index, Map<string, readonly string[] | null>>();

/** The ids a name, key or id means in an index (case and surrounding blanks aside). */
function lookupFirst(index: Index, key: string): readonly string[] | undefined {
  let memo = asWritten.get(index);
  if (memo === undefined) {
    memo = new Map();
    asWritten.set(index, memo);
  }
  const hit = memo.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const found = index.get(key.trim().toLowerCase());
  memo.set(key, found ?? null);
  return found;
}

/** Where a resolution goes: resolved references one by one (no object each), findings as objects. */
export interface JqlSink {
  resolved(kind: ObjectKind, id: string, evidence: JqlRawReference['evidence'], written: string): void;
  finding(finding: Exclude<JqlResolution, { type: 'resolved' }>): void;
}

function resolveFieldInto(ref: Extract<JqlRawReference, { type: 'field' }>, catalogue: JqlCatalogue, sink: JqlSink): void {
  const written = ref.name;
  const cf = CF_PATTERN.exec(written);
  if (cf !== null) {
    const id = `customfield_${cf[1] ?? ''}`;
    if (catalogue.fieldIds.has(id)) sink.resolved('field', id, ref.evidence, written);
    else sink.finding({ type: 'broken', kind: 'field', written, evidence: ref.evidence });
    return;
  }
  let ids = lookupFirst(catalogue.fields, written);
  // A quoted name with a type suffix, e.g. "Team[Dropdown]", names the field "Team".
  if (ids === undefined) {
    const suffixed = /^(.*\S)\s*\[[^\]]*\]$/.exec(written);
    if (suffixed?.[1] !== undefined) ids = lookupFirst(catalogue.fields, suffixed[1]);
  }
  if (ids === undefined || ids.length === 0) {
    const lower = written.trim().toLowerCase();
    if (NON_FIELD_CLAUSES.has(lower) || lower.endsWith('.property')) return;
    sink.finding({ type: 'broken', kind: 'field', written, evidence: ref.evidence });
    return;
  }
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) sink.resolved('field', only, ref.evidence, written);
  else sink.finding({ type: 'ambiguous', kind: 'field', written, candidates: [...ids], evidence: ref.evidence });
}

const VALUE_INDEX: Record<Extract<JqlRawReference, { type: 'value' }>['targetKind'], keyof JqlCatalogue> = {
  project: 'projects',
  status: 'statuses',
  'issue-type': 'issueTypes',
  filter: 'filters',
};

/**
 * Resolves a value of a `project`, `status`, `issuetype` or `filter` clause. Jira matches status and issue type
 * values by name across every object with that name (`status = Done` finds issues in any status called Done),
 * so several matches there are several references; for projects and filters a name must be unique. A project key
 * or id is matched before a name: Jira resolves `project = X` in that order.
 */
function resolveValueInto(ref: Extract<JqlRawReference, { type: 'value' }>, catalogue: JqlCatalogue, sink: JqlSink): void {
  const index = catalogue[VALUE_INDEX[ref.targetKind]] as Index;
  const ids = (ref.targetKind === 'project' ? lookupFirst(catalogue.projectKeys, ref.value) : undefined) ?? lookupFirst(index, ref.value);
  const kind: ObjectKind = ref.targetKind;
  const written = ref.value;
  if (ids === undefined || ids.length === 0) {
    sink.finding({ type: 'broken', kind, written, evidence: ref.evidence });
    return;
  }
  // An id match wins over a name match (a filter named "10000" does not shadow filter 10000).
  const trimmed = written.trim();
  for (const id of ids) {
    if (id === trimmed) {
      sink.resolved(kind, id, ref.evidence, written);
      return;
    }
  }
  if (ids.length === 1 || kind === 'status' || kind === 'issue-type') {
    for (const id of ids) sink.resolved(kind, id, ref.evidence, written);
    return;
  }
  sink.finding({ type: 'ambiguous', kind, written, candidates: [...ids], evidence: ref.evidence });
}

/**
 * Extracts and resolves every reference of a JQL string against the catalogue into `sink`: unique → resolved; a
 * name several objects share → ambiguous (never guessed); a name nothing matches → broken; bad syntax → syntax
 * findings. Never throws. The graph builder calls this (no object per resolved reference); {@link resolveJql}
 * collects the same into a list.
 */
export function resolveJqlInto(jql: string, catalogue: JqlCatalogue, sink: JqlSink): void {
  const { references, syntaxErrors } = extractJql(jql);
  for (const ref of references) {
    if (ref.type === 'value') resolveValueInto(ref, catalogue, sink);
    else resolveFieldInto(ref, catalogue, sink);
  }
  for (const e of syntaxErrors) sink.finding({ type: 'syntax', message: e.message, position: e.position });
}

/** {@link resolveJqlInto}, as a list of resolutions in order. */
export function resolveJql(jql: string, catalogue: JqlCatalogue): readonly JqlResolution[] {
  const out: JqlResolution[] = [];
  resolveJqlInto(jql, catalogue, {
    resolved: (kind, id, evidence, written) => out.push({ type: 'resolved', kind, id, evidence, written }),
    finding: (f) => out.push(f),
  });
  return out;
}
