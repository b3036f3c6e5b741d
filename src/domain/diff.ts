import type { Cell } from './analysis/types';
import { buildGraph, describeEvidence, meaningOf, type DependencyGraph } from './graph';
import { describeJqlSource } from './graph/evidence';
import { notificationChanges, permissionChanges, securityChanges, transitionChanges } from './diff-words';
import { AUDIT_MARGIN_MINUTES } from './incremental';
import { COLLECTION_OF_KIND, OBJECT_KINDS, type AuditEntry, type ConfigSnapshot, type IssueSecurityScheme, type NotificationScheme, type ObjectKind, type PermissionScheme, type WorkflowTransition } from './model';

/** What happened to an object between two snapshots, or a reference the change broke. */
export const CHANGES = ['added', 'removed', 'renamed', 'changed', 'broken'] as const;
export type Change = (typeof CHANGES)[number];

/**
 * `changed_at` and `changed_by`: when, and by whom (account ids, newest first), where Jira's audit records read by the
 * newer scan name the object; empty where they do not (or the scan read none).
 */
export const DIFF_COLUMNS = ['change', 'kind', 'id', 'name', 'detail', 'changed_at', 'changed_by'] as const;
export type DiffRow = Readonly<Record<(typeof DIFF_COLUMNS)[number], Cell>>;

export interface SnapshotDiff {
  readonly columns: readonly string[];
  readonly rows: readonly DiffRow[];
  /** Rows by change, for a summary ("3 added, 1 removed, 2 changed, 1 reference broken"). */
  readonly counts: Readonly<Record<Change, number>>;
}

type Item = { readonly id: string; readonly name?: string } & Readonly<Record<string, unknown>>;

/** Properties that are usage data or counts, not configuration: they change without anyone changing anything. */
const VOLATILE = new Set(['lastUsed', 'approximateLastUsed', 'issuesWithValue', 'issuesWithValueUnknown', 'issuesWithValueIn', 'issuesByWorkType', 'screensCount', 'contextsCount', 'favouritedCount', 'updated', 'source']);

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .filter((k) => !VOLATILE.has(k))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** A setting's value as text, or `fallback` when absent. */
function text(v: unknown, fallback: string): string {
  if (v === undefined || v === null) return fallback;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** "a, b and 3 more". */
function some(items: readonly string[], max = 5): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}

/** What changed in an object, in words, kind by kind where the words matter; otherwise the settings that changed. */
function whatChanged(kind: ObjectKind, before: Item, after: Item, names: (kind: ObjectKind, id: string) => string): string[] {
  const out: string[] = [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const handled = new Set<string>(['id', 'name']);
  const list = (key: string): readonly unknown[] => (Array.isArray(b[key]) ? (b[key] as readonly unknown[]) : []);
  const listAfter = (key: string): readonly unknown[] => (Array.isArray(a[key]) ? (a[key] as readonly unknown[]) : []);
  if (kind === 'screen') {
    handled.add('tabs');
    type Tab = { id: string; name: string; fieldIds: readonly string[] };
    const tabsBefore = new Map((list('tabs') as readonly Tab[]).map((t) => [t.id, t]));
    const tabsAfter = new Map((listAfter('tabs') as readonly Tab[]).map((t) => [t.id, t]));
    for (const [id, t] of tabsAfter) {
      const old = tabsBefore.get(id);
      if (old === undefined) {
        out.push(`tab ${t.name} added`);
        continue;
      }
      const removed = old.fieldIds.filter((f) => !t.fieldIds.includes(f));
      const added = t.fieldIds.filter((f) => !old.fieldIds.includes(f));
      for (const f of removed) out.push(`tab ${t.name}: field ${names('field', f)} removed`);
      for (const f of added) out.push(`tab ${t.name}: field ${names('field', f)} added`);
      if (old.name !== t.name) out.push(`tab ${old.name} renamed to ${t.name}`);
    }
    for (const [id, t] of tabsBefore) if (!tabsAfter.has(id)) out.push(`tab ${t.name} removed`);
  }
  if (kind === 'field') {
    // A field's clause names hold its name: a rename changes them too, and that is the rename, said once.
    handled.add('clauseNames');
    const other = (v: unknown, name: unknown): string[] => (Array.isArray(v) ? (v as unknown[]).filter((c) => c !== name).map(String) : []);
    const cb = other(b.clauseNames, b.name);
    const ca = other(a.clauseNames, a.name);
    if (stable(cb) !== stable(ca)) out.push(`JQL names changed: ${cb.join(', ')} → ${ca.join(', ')}`);
  }
  if (kind === 'filter' || kind === 'board' || kind === 'queue') {
    for (const key of ['jql', 'subQuery']) {
      handled.add(key);
      if (b[key] !== a[key]) out.push(`${key === 'jql' ? 'JQL' : 'sub-query'} changed: ${text(b[key], '(none)')} → ${text(a[key], '(none)')}`);
    }
  }
  if (kind === 'project') {
    handled.add('schemes');
    const sb = (b.schemes ?? {}) as Record<string, string>;
    const sa = (a.schemes ?? {}) as Record<string, string>;
    for (const key of [...new Set([...Object.keys(sb), ...Object.keys(sa)])].sort()) {
      if (sb[key] !== sa[key]) out.push(`scheme association changed: ${key} ${sb[key] === undefined ? '(Jira default)' : names(key as ObjectKind, sb[key])} → ${sa[key] === undefined ? '(Jira default)' : names(key as ObjectKind, sa[key])}`);
    }
    for (const key of ['archived', 'deleted']) {
      handled.add(key);
      if (b[key] !== a[key]) out.push(a[key] === true ? (key === 'archived' ? 'archived' : 'moved to the trash') : key === 'archived' ? 'restored from the archive' : 'restored from the trash');
    }
  }
  if (kind === 'workflow') {
    handled.add('statusIds');
    handled.add('transitions');
    const sb = list('statusIds') as readonly string[];
    const sa = listAfter('statusIds') as readonly string[];
    for (const s of sa.filter((x) => !sb.includes(x))) out.push(`status ${names('status', s)} added`);
    for (const s of sb.filter((x) => !sa.includes(x))) out.push(`status ${names('status', s)} removed`);
    const tb = new Map((list('transitions') as readonly WorkflowTransition[]).map((t) => [t.id, t]));
    const ta = new Map((listAfter('transitions') as readonly WorkflowTransition[]).map((t) => [t.id, t]));
    for (const [id, t] of ta) {
      const old = tb.get(id);
      if (old === undefined) out.push(`transition "${t.name}" (id ${id}) added`);
      else if (stable(old) !== stable(t)) {
        const words = transitionChanges(old, t, names);
        // A change the words do not cover (a setting Jira added) is still said.
        out.push(...(words.length === 0 ? [`transition "${t.name}" (id ${id}) changed`] : words));
      }
    }
    for (const [id, t] of tb) if (!ta.has(id)) out.push(`transition "${t.name}" (id ${id}) removed`);
  }
  // Schemes of people: who was granted or lost what, by name (the words made only for a scheme that changed).
  const inWords = (keys: readonly string[], words: () => string[]): void => {
    for (const k of keys) handled.add(k);
    if (keys.every((k) => stable(b[k]) === stable(a[k]))) return;
    const said = words();
    out.push(...(said.length === 0 ? [`${some(keys)} changed`] : said));
  };
  if (kind === 'permission-scheme') inWords(['grants'], () => permissionChanges(before as unknown as PermissionScheme, after as unknown as PermissionScheme, names));
  if (kind === 'notification-scheme') inWords(['events'], () => notificationChanges(before as unknown as NotificationScheme, after as unknown as NotificationScheme, names));
  if (kind === 'issue-security-scheme') inWords(['levels', 'defaultLevelId'], () => securityChanges(before as unknown as IssueSecurityScheme, after as unknown as IssueSecurityScheme, names));
  // Everything else: the settings that changed, by name.
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !handled.has(k) && !VOLATILE.has(k)).sort();
  const changed = keys.filter((k) => stable(b[k]) !== stable(a[k]));
  if (changed.length > 0) out.push(`${some(changed)} changed`);
  return out;
}

/** A reference problem of a snapshot (a JQL name that matches nothing or several objects, an id that points nowhere), in words. */
export interface Problem {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly words: string;
}

/**
 * The reference problems of a graph by a key that stays the same from scan to scan, so that the ones a change
 * introduced can be told: kept with each stored scan, so the next diff needs no graph of the older snapshot.
 */
export function problemsOf(g: DependencyGraph): Map<string, Problem> {
  const out = new Map<string, Problem>();
  for (const f of g.jqlFindings) {
    const r = f.finding;
    if (r.type === 'syntax') continue;
    const key = `${f.from.kind}:${f.from.id} ${r.type} ${r.kind} ${r.written.toLowerCase()}`;
    const what = r.type === 'broken' ? `names ${r.kind} "${r.written}", which matches nothing now` : `names ${r.kind} "${r.written}", which several objects share now`;
    out.set(key, { kind: f.from.kind, id: f.from.id, name: f.from.name, words: `${describeJqlSource(f.source)} ${what}` });
  }
  for (const d of g.dangling) {
    const from = g.node(d.from);
    const key = `${d.from.kind}:${d.from.id} dangling ${d.to.kind}:${d.to.id}`;
    out.set(key, { kind: d.from.kind, id: d.from.id, name: from?.name ?? d.from.id, words: `${meaningOf(d.relation).label}: ${d.to.kind} ${d.to.id}, which no longer exists (${describeEvidence(d.evidence)})` });
  }
  return out;
}

/** Who changed an object and when, as the audit records say: the newest record's time, and every author, newest first. */
type Attribution = (kind: ObjectKind, id: string, names: readonly string[]) => Pick<DiffRow, 'changed_at' | 'changed_by'>;

/**
 * The audit records of `after` (read by its scan, since the previous one) written since `before` was scanned, by the
 * objects they name: by id, and by name for records that name an object only so (a workflow, a group). A context's
 * record counts for its field too.
 */
function attribution(before: ConfigSnapshot, after: ConfigSnapshot): Attribution {
  const none = { changed_at: null, changed_by: null };
  const entries = after.audit?.entries;
  if (entries === undefined) return () => none;
  const since = Date.parse(before.site.scannedAt) - AUDIT_MARGIN_MINUTES * 60_000;
  const byKey = new Map<string, Set<AuditEntry>>();
  const add = (key: string, e: AuditEntry): void => {
    const set = byKey.get(key);
    if (set === undefined) byKey.set(key, new Set([e]));
    else set.add(e);
  };
  for (const e of entries) {
    if (!(Date.parse(e.created) >= since)) continue;
    for (const o of e.objects) {
      if (o.id !== undefined) add(`${o.kind}\u0000#${o.id}`, e);
      if (o.name !== undefined && o.name !== '') add(`${o.kind}\u0000=${o.name}`, e);
      if (o.kind === 'field-context' && o.parentId !== undefined) add(`field\u0000#${o.parentId}`, e);
    }
  }
  return (kind, id, names) => {
    const found = new Set<AuditEntry>();
    for (const key of [`${kind}\u0000#${id}`, ...names.map((n) => `${kind}\u0000=${n}`)]) for (const e of byKey.get(key) ?? []) found.add(e);
    if (found.size === 0) return none;
    const newest = [...found].sort((x, y) => Date.parse(y.created) - Date.parse(x.created));
    const authors = [...new Set(newest.flatMap((e) => (e.authorAccountId === undefined ? [] : [e.authorAccountId])))];
    return { changed_at: newest[0]?.created ?? null, changed_by: authors.length === 0 ? null : authors.join(', ') };
  };
}

/**
 * What changed from `before` to `after`: objects added, removed, renamed or changed (in words: "tab Details: field
 * Story Points removed", "JQL changed", "scheme association changed"), and every reference the change broke — a JQL
 * name that resolved before and matches nothing (or several objects) now, an id that pointed at an object and points
 * at nothing now — with the referring object in the row. Usage data (last used, counts) is not a change.
 */
export function diffSnapshots(
  before: ConfigSnapshot,
  after: ConfigSnapshot,
  known: { readonly beforeProblems?: ReadonlyMap<string, Problem>; readonly afterGraph?: DependencyGraph } = {},
): SnapshotDiff {
  const rows: DiffRow[] = [];
  const nameIn = (s: ConfigSnapshot) => {
    const maps = new Map<ObjectKind, Map<string, string>>();
    return (kind: ObjectKind, id: string): string => {
      let m = maps.get(kind);
      if (m === undefined) {
        m = new Map((s[COLLECTION_OF_KIND[kind]] as readonly Item[]).map((o) => [o.id, o.name ?? o.id]));
        maps.set(kind, m);
      }
      const name = m.get(id);
      return name === undefined ? id : `${name} (${id})`;
    };
  };
  const names = nameIn(after);
  const namesBefore = nameIn(before);
  const who = attribution(before, after);
  for (const kind of OBJECT_KINDS) {
    const b = new Map((before[COLLECTION_OF_KIND[kind]] as readonly Item[]).map((o) => [o.id, o]));
    const a = new Map((after[COLLECTION_OF_KIND[kind]] as readonly Item[]).map((o) => [o.id, o]));
    for (const [id, o] of a) {
      const old = b.get(id);
      const name = o.name ?? id;
      if (old === undefined) {
        rows.push({ change: 'added', kind, id, name, detail: '', ...who(kind, id, [name]) });
        continue;
      }
      const renamed = (old.name ?? id) !== name;
      const what = whatChanged(kind, old, o, (k, x) => (a.has(x) || k !== kind ? names(k, x) : namesBefore(k, x)));
      // Who changed it is looked up only for an object that changed (most objects of a site did not).
      if (!renamed && what.length === 0) continue;
      const by = who(kind, id, [name, old.name ?? id]);
      if (renamed) rows.push({ change: 'renamed', kind, id, name, detail: `"${old.name ?? id}" → "${name}"`, ...by });
      for (const w of what) rows.push({ change: 'changed', kind, id, name, detail: w, ...by });
    }
    for (const [id, o] of b) if (!a.has(id)) rows.push({ change: 'removed', kind, id, name: o.name ?? id, detail: '', ...who(kind, id, [o.name ?? id]) });
  }
  const was = known.beforeProblems ?? problemsOf(buildGraph(before));
  for (const [key, p] of problemsOf(known.afterGraph ?? buildGraph(after))) {
    // A reference broke by another object's change: that object's row says who made it.
    if (!was.has(key)) rows.push({ change: 'broken', kind: p.kind, id: p.id, name: p.name, detail: p.words, changed_at: null, changed_by: null });
  }
  const counts = Object.fromEntries(CHANGES.map((c) => [c, rows.filter((r) => r.change === c).length])) as Record<Change, number>;
  return { columns: DIFF_COLUMNS, rows, counts };
}
