import { isOptionField, type ConfigSnapshot, type ObjectKind } from '../model';
import { isBlank } from '../text';
import { JqlReader, valueClauseKind, type JqlClause, type JqlClauseVisitor, type ValueClauseKind } from './extract';
import { TextMap } from './text-map';
import type { JqlEvidence, JqlResolution } from './types';

export type * from './types';
export { jqlFingerprint } from './lexer';
export { extractJql, extractJqlInto, JqlReader, JQL_RESERVED_WORDS, type JqlClause, type JqlClauseVisitor } from './extract';

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
  /** Filter ids: `filter = 10040` names filter 10040 whatever other filters are called, without the name index. */
  readonly filterIds: ReadonlySet<string>;
  /** The options of each option field that has any (value and id → option ids), for values JQL compares it with. */
  readonly options: { get(fieldId: string): OptionIndex | undefined };
  /** The reader the catalogue's resolutions reuse one after another (each is synchronous; a sink must not resolve JQL while it is called). */
  readonly reader: JqlReader;
  /** What each field name and value has meant so far, as written: JQL names the same ones again and again. */
  readonly meanings: Meanings;
  /** The caller's number for an object (the graph's node number), kept with each meaning and handed to {@link JqlSink.resolved}. */
  readonly numbering: Numbering | undefined;
  /** Each custom field's type key (`com.atlassian.jira.plugin.system.customfieldtypes:textfield`), for `"Name[Type]"`. */
  readonly fieldTypes: ReadonlyMap<string, string>;
}

/**
 * The type names Jira puts after a field's name in JQL when several fields share the name (`"Customer[Short text]"`,
 * `"Team[Dropdown]"`: the names of the field types as Jira's field editor shows them), by type key. A suffix this
 * table does not know resolves nothing: the name stays ambiguous, and each field of that name is possibly used.
 */
export const JQL_TYPE_NAMES: Readonly<Record<string, string>> = {
  'com.atlassian.jira.plugin.system.customfieldtypes:textfield': 'short text',
  'com.atlassian.jira.plugin.system.customfieldtypes:textarea': 'paragraph',
  'com.atlassian.jira.plugin.system.customfieldtypes:select': 'dropdown',
  'com.atlassian.jira.plugin.system.customfieldtypes:float': 'number',
  'com.atlassian.jira.plugin.system.customfieldtypes:datepicker': 'date',
  'com.atlassian.jira.plugin.system.customfieldtypes:datetime': 'date time',
  'com.atlassian.jira.plugin.system.customfieldtypes:labels': 'labels',
  'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes': 'checkboxes',
  'com.atlassian.jira.plugin.system.customfieldtypes:radiobuttons': 'radio buttons',
  'com.atlassian.jira.plugin.system.customfieldtypes:multiselect': 'select list (multiple choices)',
  'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect': 'select list (cascading)',
  'com.atlassian.jira.plugin.system.customfieldtypes:userpicker': 'user picker (single user)',
  'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker': 'user picker (multiple users)',
  'com.atlassian.jira.plugin.system.customfieldtypes:url': 'url',
};

/**
 * A caller's numbering of the snapshot's objects: undefined for an id it does not hold. An object with a method (the
 * graph's node finder), not a function made per build, so that the engine keeps its code from one analysis to the next.
 */
export interface Numbering {
  find(kind: ObjectKind, id: string): number | undefined;
}

/**
 * What a field name as written means: one field (with its options, once looked up), several, none, or no field at
 * all; with the text it means it for, and the kind of object its values name when it is a project, status, issue type
 * or filter clause.
 */
type FieldMeaning = { readonly written: string; readonly target: ValueClauseKind | undefined } & (
  | { readonly type: 'field'; readonly id: string; readonly number: number | undefined; options: OptionIndex | undefined | null }
  | { readonly type: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly type: 'broken' }
  | { readonly type: 'not-a-field' }
);

/** What a value of a project, status, issue type or filter clause means as written: the objects, several (ambiguous), or none. */
type ValueMeaning = { readonly written: string } & (
  | { readonly type: 'resolved'; readonly ids: readonly string[]; readonly numbers: readonly (number | undefined)[] }
  | { readonly type: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly type: 'broken' }
);

/** Meanings by the text as written, per clause kind (asked by the place of the text in the JQL: no string is cut). */
interface Meanings {
  readonly fields: TextMap<FieldMeaning>;
  readonly values: Record<ValueClauseKind, TextMap<ValueMeaning>>;
}

/** One option field's options: every option, the first-level ones, and the second-level ones under each. */
export interface OptionIndex {
  readonly all: Index;
  readonly top: Index;
  readonly under: ReadonlyMap<string, Index>;
  /** What each value JQL compares the field with has meant so far, as written (one field's JQL repeats its values). */
  readonly meanings: TextMap<OptionMeaning>;
}

/** The options a value as written means (none: a broken reference), with the catalogue's number of each. */
interface OptionMeaning {
  readonly written: string;
  readonly ids: readonly string[];
  readonly numbers: readonly (number | undefined)[];
}

function addKey(map: Map<string, string[]>, key: string, id: string): void {
  const k = key.trim().toLowerCase();
  if (k === '') return;
  const ids = map.get(k);
  if (ids === undefined) map.set(k, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

type Option = ConfigSnapshot['options'][number];

/**
 * One option field's {@link OptionIndex}: every option by id and value at once (what JQL compares the field with), the
 * levels of a cascading field when a `cascadeOption(…)` first asks for them. Its meanings start small: a field's JQL
 * compares it with a few values.
 */
class FieldOptions implements OptionIndex {
  readonly all = new Map<string, string[]>();
  readonly meanings = new TextMap<OptionMeaning>(4);
  private levels: { readonly top: Index; readonly under: ReadonlyMap<string, Index> } | undefined;

  constructor(private readonly list: readonly Option[]) {
    for (const o of list) {
      addKey(this.all, o.id, o.id);
      addKey(this.all, o.name, o.id);
    }
  }

  get top(): Index {
    return this.level().top;
  }

  get under(): ReadonlyMap<string, Index> {
    return this.level().under;
  }

  private level(): { readonly top: Index; readonly under: ReadonlyMap<string, Index> } {
    if (this.levels !== undefined) return this.levels;
    const top = new Map<string, string[]>();
    const under = new Map<string, Map<string, string[]>>();
    for (const o of this.list) {
      let level = top;
      if (o.parentId !== undefined) {
        level = under.get(o.parentId) ?? new Map<string, string[]>();
        under.set(o.parentId, level);
      }
      addKey(level, o.id, o.id);
      addKey(level, o.name, o.id);
    }
    this.levels = { top, under };
    return this.levels;
  }
}

function indexBy<T extends { readonly id: string }>(items: readonly T[], keys: (item: T) => readonly (string | undefined)[]): Index {
  const map = new Map<string, string[]>();
  for (const item of items) {
    for (const key of keys(item)) if (key !== undefined) addKey(map, key, item.id);
  }
  return map;
}

/**
 * Builds the lookup tables that {@link resolveJql} uses, once per snapshot. With a `numbering` (the graph's), each
 * object a name or value means is numbered once, and the number handed to the sink with every reference to it.
 */
export function buildJqlCatalogue(snapshot: ConfigSnapshot, numbering?: Numbering): JqlCatalogue {
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
  const optionFields = new Set(snapshot.fields.filter(isOptionField).map((f) => f.id));
  // Each option field's index is built when JQL or a rule first compares the field with a value.
  const optionsOf = new Map<string, ConfigSnapshot['options'][number][]>();
  for (const o of snapshot.options) if (optionFields.has(o.fieldId)) (optionsOf.get(o.fieldId) ?? optionsOf.set(o.fieldId, []).get(o.fieldId))?.push(o);
  const built = new Map<string, OptionIndex>();
  const options = {
    get: (fieldId: string): OptionIndex | undefined => {
      const known = built.get(fieldId);
      if (known !== undefined) return known;
      const list = optionsOf.get(fieldId);
      if (list === undefined) return undefined;
      const entry = new FieldOptions(list);
      built.set(fieldId, entry);
      return entry;
    },
  };
  // The value indexes are built when JQL first needs them: tens of thousands of filters are indexed by name only
  // if some JQL says `filter = …`.
  let projects: Index | undefined;
  let projectKeys: Index | undefined;
  let statuses: Index | undefined;
  let issueTypes: Index | undefined;
  let filters: Index | undefined;
  let filterIds: ReadonlySet<string> | undefined;
  const fieldTypes = new Map<string, string>();
  for (const f of snapshot.fields) if (f.schema?.custom !== undefined) fieldTypes.set(f.id, f.schema.custom);
  return {
    options,
    fields,
    fieldIds,
    fieldTypes,
    numbering,
    reader: new JqlReader(),
    meanings: { fields: new TextMap(1024), values: { project: new TextMap(), status: new TextMap(), 'issue-type': new TextMap(), filter: new TextMap() } },
    get projects() {
      return (projects ??= indexBy(snapshot.projects, (p) => [p.id, p.key, p.name]));
    },
    get projectKeys() {
      return (projectKeys ??= indexBy(snapshot.projects, (p) => [p.id, p.key]));
    },
    get statuses() {
      return (statuses ??= indexBy(snapshot.statuses, (s) => [s.id, s.name]));
    },
    get issueTypes() {
      return (issueTypes ??= indexBy(snapshot.issueTypes, (t) => [t.id, t.name]));
    },
    get filters() {
      return (filters ??= indexBy(snapshot.filters, (f) => [f.id, f.name]));
    },
    get filterIds() {
      return (filterIds ??= new Set(snapshot.filters.map((f) => f.id)));
    },
  };
}


/** The number in `cf[N]` (any case, blanks inside the brackets), read without a regular expression; else undefined. */
function cfNumber(written: string): string | undefined {
  const n = written.length;
  if (n < 5 || (written.charCodeAt(0) | 32) !== 99 || (written.charCodeAt(1) | 32) !== 102 || written.charCodeAt(2) !== 91 || written.charCodeAt(n - 1) !== 93) return undefined;
  let i = 3;
  let j = n - 1;
  while (i < j && isBlank(written.charCodeAt(i))) i++;
  while (j > i && isBlank(written.charCodeAt(j - 1))) j--;
  if (i === j) return undefined;
  for (let k = i; k < j; k++) {
    const c = written.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  return written.slice(i, j);
}

/** The ids a name, key or id means in an index (case and surrounding blanks aside). */
function lookupFirst(index: Index, key: string): readonly string[] | undefined {
  return index.get(key.trim().toLowerCase());
}

/** Where a resolution goes: resolved references one by one (no object each), findings as objects. */
export interface JqlSink {
  /**
   * A reference to an object, in the clause at `[start, end)` of the JQL (`inOrderBy` for an ORDER BY field). `number`
   * is the catalogue's {@link Numbering} of the object, when it has one that holds it.
   */
  resolved(kind: ObjectKind, id: string, start: number, end: number, inOrderBy: boolean, written: string, number: number | undefined): void;
  finding(finding: Exclude<JqlResolution, { type: 'resolved' }>): void;
}

/** Where a clause is, as a finding shows it: with its text. */
interface ClauseAt {
  readonly jql: string;
  readonly start: number;
  readonly end: number;
  readonly inOrderBy: boolean;
}

/** The evidence of a finding: the clause as written, and where it is (made only for findings). */
function evidenceOf(at: ClauseAt): JqlEvidence {
  return { clause: at.jql.slice(at.start, at.end), start: at.start, end: at.end, inOrderBy: at.inOrderBy };
}

/**
 * What a field name as written means (the catalogue alone decides: the same text always means the same). `target` is
 * the kind its values name, as {@link valueClauseKind} says for the name without its type suffix.
 */
function fieldMeaning(written: string, target: ValueClauseKind | undefined, catalogue: JqlCatalogue): FieldMeaning {
  const cf = cfNumber(written);
  if (cf !== undefined) {
    const id = `customfield_${cf}`;
    return catalogue.fieldIds.has(id) ? { type: 'field', written, target, id, number: catalogue.numbering?.find('field', id), options: null } : { type: 'broken', written, target };
  }
  let ids = lookupFirst(catalogue.fields, written);
  let base = written;
  // A quoted name with a type suffix, e.g. "Team[Dropdown]", names the field "Team" of that type: Jira's way of
  // telling apart fields that share a name. Of several fields of the name, the one whose type has that name.
  if (ids === undefined) {
    const suffixed = /^(.*\S)\s*\[([^\]]*)\]$/.exec(written);
    if (suffixed?.[1] !== undefined) {
      base = suffixed[1];
      ids = lookupFirst(catalogue.fields, base);
      const typeName = (suffixed[2] ?? '').trim().toLowerCase();
      const ofType = ids?.filter((id) => JQL_TYPE_NAMES[catalogue.fieldTypes.get(id) ?? ''] === typeName);
      if (ids !== undefined && ids.length > 1 && ofType?.length === 1) ids = ofType;
    }
  }
  if (ids === undefined || ids.length === 0) {
    const lower = base.trim().toLowerCase();
    return NON_FIELD_CLAUSES.has(lower) || lower.endsWith('.property') ? { type: 'not-a-field', written, target } : { type: 'broken', written, target };
  }
  const [only] = ids;
  return ids.length === 1 && only !== undefined ? { type: 'field', written, target, id: only, number: catalogue.numbering?.find('field', only), options: null } : { type: 'ambiguous', written, target, candidates: ids };
}

/** What a clause's field means, looked up by where its name is in the JQL when it is written plainly (most are). */
function fieldMeaningOf(c: JqlClause, catalogue: JqlCatalogue): FieldMeaning {
  const memo = catalogue.meanings.fields;
  const start = c.nameStart;
  if (start >= 0) {
    const known = memo.getHashed(c.src, start, c.nameEnd, c.nameHash);
    if (known !== undefined) return known;
    const name = c.name;
    const made = fieldMeaning(name, valueClauseKind(name), catalogue);
    memo.setHashed(name, c.nameHash, made);
    return made;
  }
  // A type suffix (`Customer[Short text]`) tells apart fields that share a name; the kind of its values is the name's.
  const name = c.name;
  const written = c.typeSuffix === undefined ? name : `${name}[${c.typeSuffix}]`;
  const target = valueClauseKind(name);
  const known = memo.get(written);
  if (known !== undefined && known.target === target) return known;
  const made = fieldMeaning(written, target, catalogue);
  if (known === undefined) memo.set(written, made);
  return made;
}

/** No option: one list for every value that names none. */
const NO_IDS: readonly string[] = Object.freeze([]);
const NO_NUMBERS: readonly (number | undefined)[] = Object.freeze([]);

/** The options a value means: the one whose id it is, else every option with that value (several contexts may share it). */
function optionIds(index: Index, written: string): readonly string[] | undefined {
  const ids = index.get(written.trim().toLowerCase());
  if (ids === undefined) return undefined;
  const trimmed = written.trim();
  return ids.includes(trimmed) ? [trimmed] : ids;
}

/** The options of one field a value (an option id or value) means, as JQL resolves them; none when nothing matches. */
export function optionsNamed(options: OptionIndex, written: string): readonly string[] {
  return optionIds(options.all, written) ?? [];
}

/** The options one value means in an index, each handed to the sink; a value no option has is a broken reference, said with the field. */
function resolveOption(at: ClauseAt, index: Index, value: string, fieldId: string, sink: JqlSink): readonly string[] {
  const ids = optionIds(index, value) ?? [];
  if (ids.length === 0) sink.finding({ type: 'broken', kind: 'option', written: value, evidence: evidenceOf(at), fieldId });
  for (const id of ids) sink.resolved('option', id, at.start, at.end, at.inOrderBy, value, undefined);
  return ids;
}

/**
 * The values an option field is compared with, as options: `"Region" = EMEA`, `in (EMEA, APAC)`, and a cascading
 * field's `in cascadeOption(parent, child)` (the child among the parent's second-level options; `none` names none).
 */
function resolveOptionsInto(at: ClauseAt, c: JqlClause, withValues: boolean, fieldId: string, options: OptionIndex, numbering: Numbering | undefined, sink: JqlSink): void {
  if (withValues) {
    for (let i = 0; i < c.valueCount; i++) {
      // A value as written means the same options wherever the field's JQL compares it: looked up once.
      const start = c.valueTextStart(i);
      let meaning = start >= 0 ? options.meanings.getHashed(c.src, start, c.valueTextEnd(i), c.valueHash(i)) : undefined;
      if (meaning === undefined) {
        const written = c.value(i);
        const ids = optionIds(options.all, written) ?? NO_IDS;
        meaning = { written, ids, numbers: ids.length === 0 ? NO_NUMBERS : ids.map((id) => numbering?.find('option', id)) };
        if (start >= 0) options.meanings.setHashed(written, c.valueHash(i), meaning);
      }
      if (meaning.ids.length === 0) sink.finding({ type: 'broken', kind: 'option', written: meaning.written, evidence: evidenceOf(at), fieldId });
      for (let k = 0; k < meaning.ids.length; k++) sink.resolved('option', meaning.ids[k] ?? '', at.start, at.end, at.inOrderBy, meaning.written, meaning.numbers[k]);
    }
  }
  for (const args of c.cascades) {
    const [parent, child] = args;
    if (parent === undefined || parent.value.toLowerCase() === 'none') continue;
    const parents = resolveOption(at, options.top, parent.value, fieldId, sink);
    if (child === undefined || child.value.toLowerCase() === 'none' || parents.length === 0) continue;
    const under = new Map<string, string[]>();
    for (const p of parents) for (const [k, ids] of options.under.get(p) ?? []) for (const id of ids) addKey(under, k, id);
    resolveOption(at, under, child.value, fieldId, sink);
  }
}

const VALUE_INDEX: Record<ValueClauseKind, keyof JqlCatalogue> = {
  project: 'projects',
  status: 'statuses',
  'issue-type': 'issueTypes',
  filter: 'filters',
};

/** Ids resolved, with the catalogue's number of each. */
function resolvedIds(kind: ValueClauseKind, written: string, ids: readonly string[], catalogue: JqlCatalogue): ValueMeaning {
  return { type: 'resolved', written, ids, numbers: ids.map((id) => catalogue.numbering?.find(kind, id)) };
}

/**
 * What a value of a `project`, `status`, `issuetype` or `filter` clause means. Jira matches status and issue type
 * values by name across every object with that name (`status = Done` finds issues in any status called Done),
 * so several matches there are several references; for projects and filters a name must be unique. A project key
 * or id is matched before a name: Jira resolves `project = X` in that order.
 */
function valueMeaning(kind: ValueClauseKind, written: string, catalogue: JqlCatalogue): ValueMeaning {
  const trimmed = written.trim();
  // A filter's id wins over any name (below too): most JQL names filters by id, which needs no index of names.
  if (kind === 'filter') {
    // With the graph's numbering, a filter's id is found by it (no set of every filter id is made).
    const number = catalogue.numbering?.find('filter', trimmed);
    if (number !== undefined) return { type: 'resolved', written, ids: [trimmed], numbers: [number] };
    if (catalogue.numbering === undefined && catalogue.filterIds.has(trimmed)) return resolvedIds(kind, written, [trimmed], catalogue);
  }
  const index = catalogue[VALUE_INDEX[kind]] as Index;
  const ids = (kind === 'project' ? lookupFirst(catalogue.projectKeys, written) : undefined) ?? lookupFirst(index, written);
  if (ids === undefined || ids.length === 0) return { type: 'broken', written };
  // An id match wins over a name match (a filter named "10000" does not shadow filter 10000).
  if (ids.includes(trimmed)) return resolvedIds(kind, written, [trimmed], catalogue);
  if (ids.length === 1 || kind === 'status' || kind === 'issue-type') return resolvedIds(kind, written, ids, catalogue);
  return { type: 'ambiguous', written, candidates: ids };
}

/** What value `i` of a clause means, looked up by where it is in the JQL when it is written plainly. */
function valueMeaningOf(kind: ValueClauseKind, c: JqlClause, i: number, catalogue: JqlCatalogue): ValueMeaning {
  const memo = catalogue.meanings.values[kind];
  const start = c.valueTextStart(i);
  const known = start >= 0 ? memo.getHashed(c.src, start, c.valueTextEnd(i), c.valueHash(i)) : memo.get(c.value(i));
  if (known !== undefined) return known;
  const written = c.value(i);
  const made = valueMeaning(kind, written, catalogue);
  if (start >= 0) memo.setHashed(written, c.valueHash(i), made);
  else memo.set(written, made);
  return made;
}

/**
 * Resolves each clause the reader hands it into a sink: the reader's visitor for one JQL at a time, one per catalogue
 * (nothing is made per query or clause), and the place findings say (as a {@link ClauseAt}).
 */
class ClauseResolver implements JqlClauseVisitor, ClauseAt {
  jql = '';
  start = 0;
  end = 0;
  inOrderBy = false;
  sink: JqlSink = { resolved: () => undefined, finding: () => undefined };
  /** True while a JQL is read (a sink that resolves JQL of its own gets a resolver of its own). */
  busy = false;

  constructor(private readonly catalogue: JqlCatalogue) {}

  clause(c: JqlClause): void {
    const catalogue = this.catalogue;
    const sink = this.sink;
    this.start = c.start;
    this.end = c.end;
    this.inOrderBy = c.inOrderBy;
    const meaning = fieldMeaningOf(c, catalogue);
    const target = meaning.target;
    switch (meaning.type) {
      case 'field':
        sink.resolved('field', meaning.id, c.start, c.end, c.inOrderBy, meaning.written, meaning.number);
        // A value clause's values name projects, statuses, issue types or filters, not options of the field; the
        // field's options are looked up when a clause first compares it with a value.
        if ((target !== undefined || c.valueCount === 0) && c.cascades.length === 0) break;
        if (meaning.options === null) meaning.options = catalogue.options.get(meaning.id);
        if (meaning.options !== undefined) resolveOptionsInto(this, c, target === undefined, meaning.id, meaning.options, catalogue.numbering, sink);
        break;
      case 'ambiguous':
        sink.finding({ type: 'ambiguous', kind: 'field', written: meaning.written, candidates: [...meaning.candidates], evidence: evidenceOf(this) });
        break;
      case 'broken':
        sink.finding({ type: 'broken', kind: 'field', written: meaning.written, evidence: evidenceOf(this) });
        break;
      case 'not-a-field':
        break;
    }
    if (target === undefined) return;
    for (let i = 0; i < c.valueCount; i++) {
      const value = valueMeaningOf(target, c, i, catalogue);
      if (value.type === 'resolved') for (let k = 0; k < value.ids.length; k++) sink.resolved(target, value.ids[k] ?? '', c.start, c.end, c.inOrderBy, value.written, value.numbers[k]);
      else if (value.type === 'broken') sink.finding({ type: 'broken', kind: target, written: value.written, evidence: evidenceOf(this) });
      else sink.finding({ type: 'ambiguous', kind: target, written: value.written, candidates: [...value.candidates], evidence: evidenceOf(this) });
    }
  }
}

const resolvers = new WeakMap<JqlCatalogue, ClauseResolver>();

/**
 * Resolves every reference of a JQL string against the catalogue into `sink`, clause by clause as the extractor reads
 * them: unique → resolved; a name several objects share → ambiguous (never guessed); a name nothing matches → broken;
 * bad syntax → syntax findings, after the references. Never throws. The graph builder calls this (no object per
 * query, clause or resolved reference); {@link resolveJql} collects the same into a list. Returns the query's
 * fingerprint as it was read ({@link jqlFingerprint}; -1 for a query with a character outside ASCII).
 */
export function resolveJqlInto(jql: string, catalogue: JqlCatalogue, sink: JqlSink): number {
  let resolver = resolvers.get(catalogue);
  if (resolver === undefined) {
    resolver = new ClauseResolver(catalogue);
    resolvers.set(catalogue, resolver);
  }
  // A sink that resolves more JQL while it is called reads it with a reader and resolver of its own.
  const nested = resolver.busy;
  if (nested) resolver = new ClauseResolver(catalogue);
  const reader = nested ? new JqlReader() : catalogue.reader;
  resolver.jql = jql;
  resolver.sink = sink;
  resolver.busy = true;
  try {
    const syntaxErrors = reader.read(jql, resolver);
    for (const e of syntaxErrors) sink.finding({ type: 'syntax', message: e.message, position: e.position });
    return reader.fingerprint;
  } finally {
    resolver.busy = false;
  }
}

/** {@link resolveJqlInto}, as a list of resolutions in order. */
export function resolveJql(jql: string, catalogue: JqlCatalogue): readonly JqlResolution[] {
  const out: JqlResolution[] = [];
  resolveJqlInto(jql, catalogue, {
    resolved: (kind, id, start, end, inOrderBy, written) => out.push({ type: 'resolved', kind, id, evidence: { clause: jql.slice(start, end), start, end, inOrderBy }, written }),
    finding: (f) => out.push(f),
  });
  return out;
}
