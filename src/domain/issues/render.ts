import type { Field, IssueRecord } from '../model';
import { err, ok, type Result } from '../result';
import { adfToText } from './adf';

export type { IssueRecord };

/** Display names of users whose values carry only an account id (filled from the user directory). */
export type UserNames = (accountId: string) => string | undefined;

export interface IssueRenderOptions {
  /** Multi-value fields in one cell (default) or in repeated columns, as Jira's own export does. */
  readonly multi?: 'joined' | 'columns';
  /** Between values in one cell. Default `; `. */
  readonly separator?: string;
  /** Add an account id column after every user field. */
  readonly accountIds?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Jira's `2026-11-20T09:12:00.000+0100` as ISO 8601 with the offset kept: `2026-11-20T09:12:00.000+01:00`. */
export function isoDateTime(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

function userName(v: Record<string, unknown>, users: UserNames): string {
  const id = str(v.accountId);
  const name = str(v.displayName);
  if (name !== undefined && name !== '') return name;
  return (id === undefined ? undefined : users(id)) ?? id ?? '';
}

function linkText(v: Record<string, unknown>): string {
  const type = isRecord(v.type) ? v.type : {};
  if (isRecord(v.outwardIssue)) return `${str(type.outward) ?? str(type.name) ?? 'links to'} ${str(v.outwardIssue.key) ?? ''}`.trim();
  if (isRecord(v.inwardIssue)) return `${str(type.inward) ?? str(type.name) ?? 'linked from'} ${str(v.inwardIssue.key) ?? ''}`.trim();
  return JSON.stringify(v);
}

function timeTracking(v: Record<string, unknown>): string {
  const parts = [
    ['original estimate', str(v.originalEstimate)],
    ['remaining', str(v.remainingEstimate)],
    ['time spent', str(v.timeSpent)],
  ].flatMap(([label, value]) => (value === undefined ? [] : [`${label ?? ''} ${value}`]));
  return parts.join(', ');
}

/**
 * Seconds as hours and minutes (`10h 30m`, `45m`, `0m`). Jira's own duration format counts days and weeks by the
 * site's working hours, which the API does not give; hours alone are never wrong.
 */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(Math.max(0, seconds) / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

/**
 * `progress` / `aggregateprogress` (`{ progress, total, percent }`, in seconds) as `8h of 10h (80%)`. Jira's CSV
 * export gives only the percentage; the times make the cell readable on its own.
 */
function progressText(v: Record<string, unknown>): string {
  const done = typeof v.progress === 'number' ? v.progress : 0;
  const total = typeof v.total === 'number' ? v.total : 0;
  if (total <= 0 && done <= 0) return '';
  const percent = typeof v.percent === 'number' ? v.percent : total > 0 ? Math.round((done / total) * 100) : 0;
  return `${formatDuration(done)} of ${formatDuration(total)} (${percent}%)`;
}

/** `worklog` (`{ total, worklogs: [{ timeSpentSeconds }] }`, the first page only) as the time logged. */
function worklogText(v: Record<string, unknown>, timeSpent: unknown): string {
  // The issue's `timespent` is the total over every worklog; the worklogs listed are only the first page.
  if (typeof timeSpent === 'number') return formatDuration(timeSpent);
  const logs = Array.isArray(v.worklogs) ? (v.worklogs as unknown[]) : [];
  const seconds = logs.reduce<number>((n, w) => n + (isRecord(w) && typeof w.timeSpentSeconds === 'number' ? w.timeSpentSeconds : 0), 0);
  const total = typeof v.total === 'number' ? v.total : logs.length;
  if (total === 0) return '';
  return total > logs.length ? `at least ${formatDuration(seconds)} (the first ${logs.length} of ${total} worklogs)` : formatDuration(seconds);
}

/** `issuerestriction` (`{ issuerestrictions: { projectrole: [{ name }], … }, shouldDisplay }`) as the restricting roles and groups by name. */
function restrictionText(v: Record<string, unknown>): string {
  const r = v.issuerestrictions;
  if (!isRecord(r)) return '';
  const parts: string[] = [];
  for (const [type, list] of Object.entries(r)) {
    const entries = (Array.isArray(list) ? list : [list]).flatMap((e) => {
      if (isRecord(e)) return [str(e.name) ?? str(e.displayName) ?? (typeof e.id === 'number' || typeof e.id === 'string' ? String(e.id) : '')];
      return typeof e === 'string' || typeof e === 'number' ? [String(e)] : [];
    }).filter((t) => t !== '');
    if (entries.length > 0) parts.push(`${type}: ${entries.join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * The message of a value Jira sends instead of a field's value when it cannot give it (a field of an app or a
 * product the site is not licensed for: `{ "errorMessage": "…" }` or `{ "errorMessages": [ … ] }`).
 */
export function unreadableValue(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => k === 'errorMessage' || k === 'errorMessages' || k === 'errors' || k === 'i18nErrorMessage')) return undefined;
  if (typeof v.errorMessage === 'string') return v.errorMessage;
  if (Array.isArray(v.errorMessages)) return v.errorMessages.map(String).join('; ');
  return JSON.stringify(v);
}

/** One value (not a list) as text, by what it is. Objects Jira uses everywhere are recognised by their keys. */
function single(v: unknown, schemaType: string, users: UserNames): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return schemaType === 'datetime' ? isoDateTime(v) : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!isRecord(v)) return JSON.stringify(v);
  if (unreadableValue(v) !== undefined) return '';
  if (v.type === 'doc' && Array.isArray(v.content)) return adfToText(v);
  if (schemaType === 'progress' || ('progress' in v && 'total' in v && typeof v.progress === 'number')) return progressText(v);
  if (schemaType === 'issuerestriction' || 'issuerestrictions' in v) return restrictionText(v);
  if (schemaType === 'user' || ('accountId' in v && ('displayName' in v || 'accountType' in v || 'active' in v))) return userName(v, users);
  if (schemaType === 'option-with-child' || (isRecord(v.child) && 'value' in v)) {
    const child = isRecord(v.child) ? str(v.child.value) : undefined;
    return child === undefined ? (str(v.value) ?? '') : `${str(v.value) ?? ''} / ${child}`;
  }
  if (schemaType === 'timetracking') return timeTracking(v);
  if (schemaType === 'issuelinks' || 'outwardIssue' in v || 'inwardIssue' in v) return linkText(v);
  if (typeof v.watchCount === 'number') return String(v.watchCount);
  if (typeof v.votes === 'number' && (schemaType === 'votes' || 'hasVoted' in v)) return String(v.votes);
  if (typeof v.key === 'string' && (schemaType === 'issuelink' || 'fields' in v)) return v.key;
  for (const k of ['value', 'name', 'displayName', 'filename', 'key'] as const) {
    const s = str(v[k]);
    if (s !== undefined) return s;
  }
  return JSON.stringify(v);
}

/**
 * The values of one field of an issue, as text, by the field's schema: a list, because multi-value fields give one
 * entry per value (labels, components, versions, sprints, multi-user and multi-option pickers, issue links,
 * attachments). An empty field gives an empty list.
 */
export function renderField(value: unknown, field: Field | undefined, users: UserNames = () => undefined, issue?: IssueRecord): string[] {
  if (value === null || value === undefined) return [];
  const type = field?.schema?.type ?? '';
  if (isRecord(value) && (field?.id === 'worklog' || field?.schema?.system === 'worklog' || Array.isArray(value.worklogs))) {
    const text = worklogText(value, issue?.fields.timespent);
    return text === '' ? [] : [text];
  }
  if (Array.isArray(value)) {
    const itemType = field?.schema?.items ?? '';
    return value.map((v) => single(v, itemType, users)).filter((s) => s !== '');
  }
  if (isRecord(value) && type === 'comments-page' && Array.isArray(value.comments)) {
    return value.comments.map((c) => (isRecord(c) ? `${isRecord(c.author) ? userName(c.author, users) : ''}: ${isRecord(c.body) ? adfToText(c.body) : (str(c.body) ?? '')}` : JSON.stringify(c)));
  }
  const text = single(value, type, users);
  return text === '' ? [] : [text];
}

/** Account ids of a user or multi-user value, for the optional account id columns. */
export function accountIdsOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (isRecord(v) && typeof v.accountId === 'string' ? [v.accountId] : []));
}

function isUserField(field: Field): boolean {
  return field.schema?.type === 'user' || (field.schema?.type === 'array' && field.schema.items === 'user');
}

/**
 * Picks the fields to export from the catalogue: ids or names (case-insensitive), `*all`, or `*navigable`
 * (every field but a few that are not columns in Jira's issue navigator). A name several fields share is an
 * error that lists their ids, never a guess; an unknown id or name is an error naming it.
 */
export function selectFields(catalogue: readonly Field[], selection: readonly string[]): Result<Field[], string> {
  const out: Field[] = [];
  const add = (f: Field): void => {
    if (!out.includes(f)) out.push(f);
  };
  for (const raw of selection) {
    const wanted = raw.trim();
    // The issue key is always the first column.
    if (wanted === '' || wanted.toLowerCase() === 'key' || wanted.toLowerCase() === 'issuekey') continue;
    if (wanted === '*all' || wanted === '*navigable') {
      for (const f of catalogue) if (wanted === '*all' || !['comment', 'attachment', 'worklog', 'description'].includes(f.id)) add(f);
      continue;
    }
    const byId = catalogue.find((f) => f.id === wanted);
    if (byId !== undefined) {
      add(byId);
      continue;
    }
    const byName = catalogue.filter((f) => f.name.toLowerCase() === wanted.toLowerCase());
    if (byName.length === 0) return err(`--fields: no field has the id or name '${wanted}'`);
    if (byName.length > 1) return err(`--fields: '${wanted}' is the name of ${byName.length} fields (${byName.map((f) => f.id).join(', ')}): give the id`);
    const [only] = byName;
    if (only !== undefined) add(only);
  }
  return ok(out.filter((f) => f.id !== 'issuekey'));
}

/** The column headers: `Issue key` first, field names (with the id where names collide), account id columns. */
export function exportHeader(fields: readonly Field[], options: IssueRenderOptions = {}, counts?: ReadonlyMap<string, number>): string[] {
  const names = new Map<string, number>();
  for (const f of fields) names.set(f.name.toLowerCase(), (names.get(f.name.toLowerCase()) ?? 0) + 1);
  const header = ['Issue key'];
  for (const f of fields) {
    const name = (names.get(f.name.toLowerCase()) ?? 0) > 1 ? `${f.name} (${f.id})` : f.name;
    const repeat = options.multi === 'columns' ? Math.max(1, counts?.get(f.id) ?? 1) : 1;
    for (let i = 0; i < repeat; i++) header.push(name);
    if (options.accountIds === true && isUserField(f)) header.push(`${name} (account id)`);
  }
  return header;
}

/**
 * One issue's cells in header order. In `columns` mode each field takes as many cells as `counts` gives it (the
 * most values any exported issue has), as Jira's export does.
 */
export function issueCells(issue: IssueRecord, fields: readonly Field[], options: IssueRenderOptions = {}, users: UserNames = () => undefined, counts?: ReadonlyMap<string, number>): string[] {
  const separator = options.separator ?? '; ';
  const cells = [issue.key];
  for (const f of fields) {
    const value = issue.fields[f.id];
    const values = renderField(value, f, users, issue);
    if (options.multi === 'columns') {
      const width = Math.max(1, counts?.get(f.id) ?? 1);
      for (let i = 0; i < width; i++) cells.push(values[i] ?? '');
    } else {
      cells.push(values.join(separator));
    }
    if (options.accountIds === true && isUserField(f)) cells.push(accountIdsOf(value).join(separator));
  }
  return cells;
}

/**
 * The field ids to ask the search for: the exported ones, and `timespent` with `worklog` (the worklogs Jira gives
 * are only the first page; `timespent` is the total).
 */
export function searchFieldIds(fields: readonly Field[]): string[] {
  const ids = fields.map((f) => f.id);
  if (ids.includes('worklog') && !ids.includes('timespent')) ids.push('timespent');
  return ids;
}

/** Fields of an issue whose value Jira did not give (a licence error object instead), with Jira's message. */
export function unreadableFields(issue: IssueRecord, fields: readonly Field[]): { readonly field: Field; readonly message: string }[] {
  const out: { field: Field; message: string }[] = [];
  for (const f of fields) {
    const message = unreadableValue(issue.fields[f.id]);
    if (message !== undefined) out.push({ field: f, message });
  }
  return out;
}

/** How many values each field has in an issue: what `columns` mode needs to size its repeated columns. */
export function valueCounts(issue: IssueRecord, fields: readonly Field[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of fields) counts.set(f.id, renderField(issue.fields[f.id], f).length);
  return counts;
}

/**
 * The notices so far plus one for each field first found unreadable in `issues` (Jira's licence error object):
 * the same words the CLI prints. The same array back when nothing is new.
 */
export function noticesFor(issues: readonly IssueRecord[], fields: readonly Field[], known: readonly string[]): readonly string[] {
  let out = known;
  for (const issue of issues) {
    for (const { field, message } of unreadableFields(issue, fields)) {
      if (out.some((n) => n.startsWith(`field ${field.name} (${field.id}):`))) continue;
      out = [...out, `field ${field.name} (${field.id}): Jira did not give its value (${message}), first in ${issue.key}; its cells are empty`];
    }
  }
  return out;
}
