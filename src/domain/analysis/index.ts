import { meaningOf, type GraphNode, type JqlFinding } from '../graph';
import { describeEvidence, describeJqlSource } from '../graph/evidence';
import { OBJECT_KINDS, type ConfigSnapshot, type CoverageGap, type ObjectKind } from '../model';
import { err, ok, type Result } from '../result';
import { isBlank } from '../text';
import { jqlFingerprint } from '../jql';
import { compareIds, compareRefs, countProjects, detailIndex, memoised, nodesInOrder, table, type Analysis, type DetailIndex } from './common';
import { impact, whereUsed } from './dependents';
import { limits, limitUses, LIMITS_SOURCE, NEAR_LIMIT } from './limits';
import { cleanup, unused, UNUSED_KINDS, userCount } from './verdicts';
import type { AnyReportTable, Cell, ReportError, ReportRequest, ReportRow, ReportTable } from './types';

export type * from './types';
export { REPORT_COLUMNS, REPORT_NAMES } from './types';
export { analyse, compareIds, type Analysis } from './common';
export { impact, whereUsed } from './dependents';
export { FIELDS_COUNTED_IN_SPACES, gauges, limits, LIMITS_SOURCE, NEAR_LIMIT, PUBLISHED_LIMITS, shareOf, SPACES_WITH_CANDIDATES, spacesNearFieldLimit, spacesNearWorkTypeLimit } from './limits';
export { objectCard, type CardContext, type CardFact, type ObjectCard } from './card';
export { cleanup, isSiteCaveat, JUDGED_KINDS, jiraUses, managedBy, ON_REQUEST_KINDS, siteCaveats, RECENT_DAYS, unused, UNUSED_KINDS, useRows, userCount, userCount as usageCount } from './verdicts';

type Describe = (node: GraphNode, index: DetailIndex, snapshot: ConfigSnapshot) => string;

/** The projects using a scheme (objects of the other kinds here have no detail). */
const describeSchemeUse: Describe = (node, index, snapshot) => {
  const users = snapshot.projects.length === 0 ? 0 : countProjects(index, node);
  return node.kind.endsWith('-scheme') ? `${users} project(s)` : '';
};

/**
 * The detail column of each kind, one small function per kind: the engine optimises the kinds a site has many of
 * on their own, where one function of every kind was compiled again as each new kind reached it.
 */
const DESCRIBE: Readonly<Record<ObjectKind, Describe>> = {
  project: (node, index) => {
    const p = index.project.get(node);
    if (p === undefined) return '';
    const state = p.deleted === true ? ' · in the trash' : p.archived === true ? ' · archived' : '';
    return `${p.key} · ${p.style === 'classic' ? 'company-managed' : 'team-managed'}${state}`;
  },
  field: (node, index) => {
    const f = index.field.get(node);
    if (f === undefined) return '';
    const type = f.schema?.custom ?? f.schema?.type ?? 'unknown type';
    const values = f.issuesWithValue !== undefined ? ` · ${f.issuesWithValue} issue(s) with a value` : f.issuesWithValueUnknown !== undefined ? ' · issues with a value unknown' : '';
    return `${f.custom ? 'custom' : 'system'} · ${type}${values}`;
  },
  'field-context': (node, index) => {
    const c = index.context.get(node);
    if (c === undefined) return '';
    const projects = c.isGlobalContext ? 'global' : `${c.projectIds.length} project(s)`;
    const types = c.isAnyIssueType ? 'any issue type' : `${c.issueTypeIds.length} issue type(s)`;
    return `field ${c.fieldId} · ${projects} · ${types}`;
  },
  screen: (node, index) => {
    const s = index.screen.get(node);
    if (s === undefined) return '';
    const fields = s.tabs.reduce((n, t) => n + t.fieldIds.length, 0);
    return `${s.tabs.length} tab(s), ${fields} field(s)`;
  },
  workflow: (node, index) => {
    const w = index.workflow.get(node);
    if (w === undefined) return '';
    const scope = w.scope.type === 'PROJECT' ? ` · team-managed (project ${w.scope.projectId ?? '?'})` : '';
    return `${w.statusIds.length} status(es), ${w.transitions.length} transition(s)${scope}`;
  },
  status: (node, index) => {
    const s = index.status.get(node);
    if (s === undefined) return '';
    return s.projectId === undefined ? s.statusCategory : `${s.statusCategory} · team-managed (project ${s.projectId})`;
  },
  'issue-type': (node, index) => {
    const t = index.issueType.get(node);
    if (t === undefined) return '';
    return `${t.subtask ? 'sub-task' : 'standard'}${t.projectId === undefined ? '' : ` · team-managed (project ${t.projectId})`}`;
  },
  filter: (node, index) => {
    const f = index.filter.get(node);
    if (f === undefined) return '';
    return `${f.sharePermissions.length === 0 ? 'private' : 'shared'}${f.ownerAccountId === undefined ? '' : ` · owner ${f.ownerAccountId}`}`;
  },
  board: (node, index) => {
    const b = index.board.get(node);
    if (b === undefined) return '';
    return `${b.type}${b.filterId === undefined ? '' : ` · filter ${b.filterId}`}`;
  },
  dashboard: (node, index) => {
    const d = index.dashboard.get(node);
    return d === undefined ? '' : `${d.gadgets.length} gadget(s)${d.archived === true ? ' · archived' : ''}`;
  },
  plan: (node, index) => {
    const p = index.plan.get(node);
    return p === undefined ? '' : `${p.status.toLowerCase()} · ${p.issueSources.length} issue source(s)`;
  },
  option: (node, index) => {
    const o = index.option.get(node);
    if (o === undefined) return '';
    const field = index.field.get(o.fieldId)?.name ?? o.fieldId;
    const parent = o.parentId === undefined ? '' : ` · under ${index.option.get(o.parentId)?.name ?? `option ${o.parentId}`}`;
    return `option of ${field} (context ${index.context.get(o.contextId)?.name ?? o.contextId})${parent}${o.disabled ? ' · disabled' : ''}`;
  },
  queue: (node, index) => {
    const q = index.queue.get(node);
    if (q === undefined) return '';
    return `queue of ${index.project.get(q.projectId)?.key ?? `project ${q.projectId}`} · ${q.fieldIds.length} column(s)`;
  },
  'request-type': (node, index) => {
    const r = index.requestType.get(node);
    if (r === undefined) return '';
    const hidden = r.fields.filter((f) => !f.visible).length;
    const type = r.issueTypeId === undefined ? '' : ` · ${index.issueType.get(r.issueTypeId)?.name ?? `issue type ${r.issueTypeId}`}`;
    return `request type of ${index.project.get(r.projectId)?.key ?? `project ${r.projectId}`}${type} · ${r.fields.length} field(s)${hidden === 0 ? '' : `, ${hidden} hidden`}`;
  },
  'field-scheme': (node, index) => {
    const s = index.fieldScheme.get(node);
    return s === undefined ? '' : `${s.fields.length} field(s), ${s.projectIds.length} project(s)${s.isDefault ? ' · default' : ''}`;
  },
  'issue-security-scheme': (node, index) => {
    const s = index.securityScheme.get(node);
    return s === undefined ? '' : `${s.levels.length} level(s), ${s.projectIds.length} project(s)`;
  },
  'automation-rule': (node, index) => {
    const r = index.automationRule.get(node);
    if (r === undefined) return '';
    const scope = r.scope.global ? 'global' : [r.scope.projectIds.length > 0 ? `${r.scope.projectIds.length} project(s)` : '', ...r.scope.projectTypes].filter((x) => x !== '').join(', ');
    return `${r.state === 'ENABLED' ? 'enabled' : 'disabled'} · ${scope} · from the ${r.source === 'api' ? 'Automation API' : 'rules export'}`;
  },
  'priority-scheme': (node, index) => {
    const s = index.priorityScheme.get(node);
    return s === undefined ? '' : `${s.priorityIds.length} priorit${s.priorityIds.length === 1 ? 'y' : 'ies'}, ${s.projectIds.length} project(s)${s.isDefault ? ' · default' : ''}`;
  },
  priority: describeSchemeUse,
  resolution: describeSchemeUse,
  'project-role': describeSchemeUse,
  group: describeSchemeUse,
  'screen-scheme': describeSchemeUse,
  'issue-type-screen-scheme': describeSchemeUse,
  'field-configuration': describeSchemeUse,
  'field-configuration-scheme': describeSchemeUse,
  'issue-type-scheme': describeSchemeUse,
  'workflow-scheme': describeSchemeUse,
  'notification-scheme': describeSchemeUse,
  'permission-scheme': describeSchemeUse,
};

/** Every object of the snapshot, optionally of one kind: `kind,id,name,detail`. */
/**
 * One kind's inventory rows. A function of its own per kind: the inventory runs once per analysis, and a loop that
 * runs once per analysis in the function that holds it ran unoptimised in every analysis.
 */
function inventoryRows(rows: ReportRow<'inventory'>[], nodes: readonly GraphNode[], describe: Describe, index: DetailIndex, snapshot: ConfigSnapshot): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as GraphNode;
    rows.push({ kind: n.kind, id: n.id, name: n.name, detail: describe(n, index, snapshot) });
  }
}

export function inventory(a: Analysis, kind?: ObjectKind): ReportTable<'inventory'> {
  const index = detailIndex(a);
  const rows: ReportRow<'inventory'>[] = [];
  for (const k of kind === undefined ? OBJECT_KINDS : [kind]) {
    inventoryRows(rows, nodesInOrder(a, k), DESCRIBE[k], index, a.snapshot);
  }
  return table('inventory', rows);
}

/** JQL with whitespace collapsed and letters folded outside quoted strings, so trivially different copies compare equal. */
export function normaliseJql(jql: string): string {
  // One pass of a regular expression over quoted strings (kept as written) and the text between them (folded).
  if (!jql.includes('"') && !jql.includes("'")) return jql.toLowerCase().replace(WHITESPACE, ' ').trim();
  return jql.replace(JQL_SEGMENTS, (m) => (m.charCodeAt(0) === 34 || m.charCodeAt(0) === 39 ? m : m.toLowerCase().replace(WHITESPACE, ' '))).trim();
}

const WHITESPACE = /\s+/g;
/** A quoted string (backslash escapes; unterminated runs to the end), or a run of text without quotes. */
const JQL_SEGMENTS = /"(?:[^"\\]|\\[\s\S]|\\$)*(?:"|$)|'(?:[^'\\]|\\[\s\S]|\\$)*(?:'|$)|[^"']+/g;

const DUPLICATE_NAME_KINDS: readonly ObjectKind[] = [
  'field',
  'screen',
  'screen-scheme',
  'issue-type-screen-scheme',
  'field-configuration',
  'field-configuration-scheme',
  'workflow',
  'workflow-scheme',
  'status',
  'permission-scheme',
  'notification-scheme',
];

const NAME_ORDER = new Intl.Collator();
/** Numbers as 12,345: one formatter (toLocaleString builds one per call). */
const NUMBER = new Intl.NumberFormat('en');


/**
 * Groups filters by normalised JQL into `groups`. Only JQL whose fingerprint another JQL shares can have a same-JQL
 * twin, so only those are normalised; the first pass keeps one number per filter, not a list per fingerprint.
 */
/**
 * Puts filter `i`'s fingerprint in the open-addressed table (`slots`, a power of two long): marks it 1, or 2 with the
 * filter already there when another has the same fingerprint. A function of its own, called per filter: the loop that
 * calls it runs once per analysis, and a body of its own keeps its optimised code from one analysis to the next.
 */
function placePrint(prints: Uint32Array, state: Uint8Array, slots: Int32Array, i: number, print: number): void {
  const mask = slots.length - 1;
  prints[i] = print;
  state[i] = 1;
  let h = print & mask;
  for (;;) {
    const first = (slots[h] ?? 0) - 1;
    if (first < 0) {
      slots[h] = i + 1;
      return;
    }
    if (prints[first] === print) {
      state[first] = 2;
      state[i] = 2;
      return;
    }
    h = (h + 1) & mask;
  }
}

/** Adds a node to the group of its key (a module function, not a closure made per report: see inventoryRows). */
function addToGroup(groups: Map<string, GraphNode[]>, key: string, n: GraphNode): void {
  const g = groups.get(key);
  if (g === undefined) groups.set(key, [n]);
  else g.push(n);
}

function sameJql(a: Analysis, groups: Map<string, GraphNode[]>): void {
  // The graph's filter nodes are the snapshot's filters, in its order.
  const nodes = a.graph.nodesOf('filter');
  const filters = a.snapshot.filters;
  if (filters.length !== nodes.length) throw new Error('duplicates: the graph does not hold the snapshot\'s filters');
  const prints = new Uint32Array(nodes.length);
  /** 1 where the filter's JQL has a fingerprint (it is not blank and its text is ASCII), 2 where another filter's has the same. */
  const state = new Uint8Array(nodes.length);
  // Fingerprints in an open-addressed table of filter numbers (+1; 0 is empty): no number is boxed, no entry made.
  const size = 2 ** Math.ceil(Math.log2(2 * nodes.length + 2));
  const slots = new Int32Array(size);
  // Twins are mostly the same text: each text is normalised once.
  const normalised = new Map<string, string>();
  for (let i = 0; i < nodes.length; i++) {
    const jql = filters[i]?.jql ?? '';
    const node = nodes[i];
    if (node === undefined || jql === '' || (isBlank(jql.charCodeAt(0)) && jql.trim() === '')) continue;
    // The fingerprint the graph made as it read the JQL (a text's own, jqlFingerprint, where the graph made none).
    const read = a.graph.filterJqlFingerprints[i] ?? -1;
    let print = read >= 0 ? read : jqlFingerprint(jql);
    if (print === undefined) {
      // Text outside ASCII is normalised first: what it normalises to may be ASCII (a no-break space, the Kelvin
      // sign), and then its twins may be ASCII JQL, whose fingerprint is that of their normalised text.
      const key = normaliseJql(jql);
      print = jqlFingerprint(key);
      if (print === undefined) {
        addToGroup(groups, key, node);
        continue;
      }
      normalised.set(jql, key);
    }
    placePrint(prints, state, slots, i, print);
  }
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node === undefined || state[i] !== 2) continue;
    const jql = filters[i]?.jql ?? '';
    let key = normalised.get(jql);
    if (key === undefined) {
      key = normaliseJql(jql);
      normalised.set(jql, key);
    }
    addToGroup(groups, key, node);
  }
}


/** Same-name objects (custom fields, global statuses, screens, schemes, workflows) and same-JQL filters. */
export function duplicates(a: Analysis, kind?: ObjectKind): ReportTable<'duplicates'> {
  return memoised(a, `duplicates:${kind ?? ''}`, () => computeDuplicates(a, kind));
}

function computeDuplicates(a: Analysis, kind?: ObjectKind): ReportTable<'duplicates'> {
  const index = detailIndex(a);
  const rows: ReportRow<'duplicates'>[] = [];
  const kinds = kind === undefined ? [...DUPLICATE_NAME_KINDS, 'filter' as const] : [kind];
  for (const k of kinds) {
    const groups = new Map<string, GraphNode[]>();
    if (k === 'filter') sameJql(a, groups);
    else if (DUPLICATE_NAME_KINDS.includes(k)) {
      for (const n of a.graph.nodesOf(k)) {
        if (k === 'field' && index.field.get(n)?.custom !== true) continue;
        if (k === 'status' && index.status.get(n)?.projectId !== undefined) continue;
        addToGroup(groups, n.name.trim().toLowerCase(), n);
      }
    }
    const found: ReportRow<'duplicates'>[] = [];
    // forEach, not for-of with destructuring: no pair is made per group (a site's 50,000 filters are 50,000 groups).
    groups.forEach((nodes, key) => {
      if (nodes.length < 2) return;
      const sorted = nodes.sort(compareRefs);
      const name = k === 'filter' ? `same JQL: ${key}` : (sorted[0]?.name ?? key).trim();
      found.push({ kind: k, name, ids: sorted.map((n) => n.id).join(';') });
    });
    // One collator: localeCompare builds one per call, twenty times slower on thousands of groups.
    // Same-JQL groups in plain text order (their keys are normalised already), names as people sort them.
    if (k === 'filter') found.sort((x, y) => (String(x.name) < String(y.name) ? -1 : String(x.name) > String(y.name) ? 1 : 0));
    else found.sort((x, y) => NAME_ORDER.compare(String(x.name), String(y.name)));
    rows.push(...found);
  }
  return table('duplicates', rows);
}

/** Broken and ambiguous JQL references, JQL syntax errors, and ids that point at nothing. */
export function references(a: Analysis): ReportTable<'references'> {
  return memoised(a, 'references', () => computeReferences(a));
}

const PROBLEM_ORDER = { broken: 0, 'broken option value': 0, ambiguous: 1, syntax: 2, dangling: 3 } as const;

/** References rows by their source (kind, then id as compareIds orders them), then problem. */
function compareReferenceRows(x: ReportRow<'references'>, y: ReportRow<'references'>): number {
  const xk = x.source_kind as ObjectKind;
  const yk = y.source_kind as ObjectKind;
  const bySource = xk === yk ? compareIds(x.source_id as string, y.source_id as string) : compareRefs({ kind: xk, id: x.source_id as string }, { kind: yk, id: y.source_id as string });
  return bySource || PROBLEM_ORDER[x.problem as keyof typeof PROBLEM_ORDER] - PROBLEM_ORDER[y.problem as keyof typeof PROBLEM_ORDER];
}

/** A JQL finding's row (a function of its own: see inventoryRows). */
function findingRow(a: Analysis, rows: ReportRow<'references'>[], f: JqlFinding): void {
  const where = describeJqlSource(f.source);
  const base = { source_kind: f.from.kind, source_id: f.from.id, source_name: f.from.name };
  const r = f.finding;
  switch (r.type) {
    case 'broken':
      if (r.kind === 'option') {
        const field = r.fieldId === undefined ? 'the field' : `field ${detailIndex(a).field.get(r.fieldId)?.name ?? r.fieldId}`;
        rows.push({
          ...base,
          problem: 'broken option value',
          reference: `option value "${r.written}"`,
          detail: `${where}: clause \`${r.evidence.clause}\`: no option of ${field} has this value or id`,
        });
        return;
      }
      rows.push({
        ...base,
        problem: 'broken',
        reference: `${r.kind} "${r.written}"`,
        detail: `${where}: clause \`${r.evidence.clause}\`: no ${r.kind} has this name, key or id`,
      });
      return;
    case 'ambiguous':
      rows.push({
        ...base,
        problem: 'ambiguous',
        reference: `${r.kind} "${r.written}"`,
        detail: `${where}: clause \`${r.evidence.clause}\`: could be ${r.candidates.map((c) => `${r.kind}:${c}`).join(', ')}`,
      });
      return;
    case 'syntax':
      rows.push({ ...base, problem: 'syntax', reference: f.jql, detail: `${where}: ${r.message} at position ${r.position}` });
      return;
  }
}

function computeReferences(a: Analysis): ReportTable<'references'> {
  const rows: ReportRow<'references'>[] = [];
  for (const f of a.graph.jqlFindings) findingRow(a, rows, f);
  for (const d of a.graph.dangling) {
    const from = d.from as GraphNode;
    rows.push({
      source_kind: from.kind,
      source_id: from.id,
      source_name: from.name,
      problem: 'dangling',
      reference: `${d.to.kind}:${d.to.id}`,
      detail: `${meaningOf(d.relation).label}: ${describeEvidence(d.evidence)}`,
    });
  }
  rows.sort(compareReferenceRows);
  return table('references', rows);
}

function firstNames(nodes: readonly { name: Cell }[], max = 5): string {
  return firstSaid(nodes, (n) => String(n.name), max);
}

/** Rows grouped by one cell's value, in their order (a module function: see inventoryRows). */
function rowsByCell<R extends Readonly<Record<C, Cell>>, C extends string>(rows: readonly R[], column: C): Map<Cell, R[]> {
  const out = new Map<Cell, R[]>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as R;
    const key = r[column];
    const list = out.get(key);
    if (list === undefined) out.set(key, [r]);
    else list.push(r);
  }
  return out;
}

/** The first few items in words, and how many more: only those shown are put in words (a list may hold thousands). */
function firstSaid<T>(items: readonly T[], say: (item: T) => string, max = 5): string {
  const names = items.slice(0, max).map(say);
  return names.join(', ') + (items.length > max ? `, … (${items.length - max} more)` : '');
}

/** What an admin can do about each kind of coverage gap, in words. */
const GAP_ADVICE: Readonly<Partial<Record<CoverageGap['reason'], string>>> = {
  permission: 'give the scanning account (or the app) the permission Jira names, then scan again',
  'team-managed': 'nothing: Jira shows a team-managed project\'s own configuration to no API; check it in the project',
  private: 'nothing shared can break: deleting an object used only there affects its owner alone',
  'not-tracked': 'nothing: Jira does not keep the usage data; judge by the references instead',
  'not-exposed': 'check those places in Jira by hand before deleting what they could use (for Automation rules: upload the rules export)',
  'endpoint-error': 'scan again; if it stays, the endpoint named is failing on the site',
  'removed-endpoint': 'update Config Lens: Jira removed the endpoint named',
  budget: 'scan again with a larger --budget',
  'invalid-payload': 'look at the object named in Jira; the rest of the scan stands',
  'rate-limited': 'scan again after the time Jira named',
  'inconsistent-paging': 'scan again: the site changed while it was read, or paged oddly',
};

/** A one-page summary: counts, what is unused, duplicated or broken, global contexts, coverage gaps, worst offenders. */
export function health(a: Analysis): ReportTable<'health'> {
  const rows: Omit<ReportRow<'health'>, 'see'>[] = [];
  const s = a.snapshot;
  for (const k of OBJECT_KINDS) rows.push({ check: `objects: ${k}`, severity: 'info', count: a.graph.nodesOf(k).length, detail: '' });
  const enabled = s.automationRules.filter((r) => r.state === 'ENABLED').length;
  const rulesUnread = s.coverage.some((g) => g.kind === 'automation-rule' && g.objectId === undefined);
  rows.push({
    check: 'automation rules by state',
    severity: rulesUnread ? 'warning' : 'info',
    count: s.automationRules.length,
    detail: `${enabled} enabled, ${s.automationRules.length - enabled} disabled${rulesUnread ? '; Automation rules not read (see coverage gaps)' : ''}`,
  });
  // The unused rows by kind, in one pass (tens of thousands of rows, a dozen kinds).
  const unusedByKind = rowsByCell(unused(a).rows, 'kind');
  for (const k of UNUSED_KINDS) {
    const ofKind = unusedByKind.get(k) ?? [];
    rows.push({ check: `unused: ${k}`, severity: ofKind.length > 0 ? 'warning' : 'info', count: ofKind.length, detail: firstNames(ofKind) });
  }
  // Atlassian's published limits: the highest count on the site against each (80% and over is a warning).
  const limitChecks = new Set<string>();
  for (const use of limitUses(a)) {
    const max = use.limit.max ?? 0;
    const share = max === 0 ? 0 : use.highest / max;
    const check = `${use.limit.kind}: ${use.limit.check} (${NUMBER.format(max)})`;
    limitChecks.add(check);
    rows.push({
      check,
      severity: share >= NEAR_LIMIT ? 'warning' : 'info',
      count: use.highest,
      detail: `${use.where === undefined ? '' : `highest: ${use.where}, `}${NUMBER.format(use.highest)} of ${NUMBER.format(max)} (${Math.round(share * 100)}%); counts ${use.limit.counted}; report limits lists each space and what could go; ${LIMITS_SOURCE}`,
    });
  }
  const verdicts = cleanup(a).rows;
  let safe = 0;
  for (const r of verdicts) if (r.verdict === 'safe') safe++;
  rows.push({
    check: 'cleanup candidates',
    severity: verdicts.length > 0 ? 'warning' : 'info',
    count: verdicts.length,
    detail: `${safe} safe to delete, ${verdicts.length - safe} to review first (report cleanup gives the reasons)`,
  });
  const dup = duplicates(a).rows;
  rows.push({ check: 'duplicates', severity: dup.length > 0 ? 'warning' : 'info', count: dup.length, detail: firstSaid(dup, (d) => `${String(d.kind)} "${String(d.name)}"`) });
  const refs = references(a).rows;
  const problems = [
    ['broken references', 'broken', 'error'],
    ['JQL values that match no option', 'broken option value', 'error'],
    ['ambiguous references', 'ambiguous', 'warning'],
    ['JQL syntax errors', 'syntax', 'error'],
    ['dangling references', 'dangling', 'error'],
  ] as const;
  const byProblem = rowsByCell(refs, 'problem');
  for (const [check, problem, severity] of problems) {
    const list = byProblem.get(problem) ?? [];
    rows.push({
      check,
      severity: list.length > 0 ? severity : 'info',
      count: list.length,
      detail: firstSaid(list, (r) => `${String(r.source_kind)}:${String(r.source_id)} ${String(r.reference)}`),
    });
  }
  const fieldIndex = detailIndex(a).field;
  const globalContexts = s.fieldContexts.filter((c) => c.isGlobalContext && fieldIndex.get(c.fieldId)?.custom === true);
  const globalFields = [...new Set(globalContexts.map((c) => c.fieldId))];
  rows.push({ check: 'custom fields with a global context', severity: 'info', count: globalFields.length, detail: firstSaid(globalFields, (id) => a.graph.node({ kind: 'field', id })?.name ?? id) });
  const hints = contextHints(a, globalFields);
  rows.push({
    check: 'context hints: global contexts of fields few projects show',
    severity: hints.length > 0 ? 'warning' : 'info',
    count: hints.length,
    detail:
      hints.length === 0
        ? 'no custom field with a global context is on the screens of only a few company-managed projects'
        : `${firstSaid(hints, (h) => `${h.name} (on screens of ${h.projects.length} of ${h.of} company-managed projects: ${h.projects.join(', ')})`, 5)} — what to do: limit each context to those projects (a global context makes Jira index and offer the field everywhere)`,
  });
  const gapsByReason = new Map<string, CoverageGap[]>();
  for (const g of s.coverage) {
    const list = gapsByReason.get(g.reason);
    if (list === undefined) gapsByReason.set(g.reason, [g]);
    else list.push(g);
  }
  for (const [reason, gaps] of [...gapsByReason].sort(([x], [y]) => NAME_ORDER.compare(x, y))) {
    const advice = GAP_ADVICE[reason as CoverageGap['reason']];
    rows.push({
      check: `coverage gaps: ${reason}`,
      severity: 'warning',
      count: gaps.length,
      detail: `${firstSaid(gaps, (g) => `${g.kind}${g.objectId === undefined ? '' : `:${g.objectId}`} ${g.detail}`, 3)}${advice === undefined ? '' : ` — what to do: ${advice}`}`,
    });
  }
  const mostUsed = a.graph
    .nodesOf('field')
    .filter((n) => fieldIndex.get(n.id)?.custom === true)
    .map((n) => ({ n, uses: userCount(a, n) }))
    .filter((x) => x.uses > 0)
    .sort((x, y) => y.uses - x.uses || compareIds(x.n.id, y.n.id))
    .slice(0, 5);
  rows.push({
    check: 'most used custom fields',
    severity: 'info',
    count: mostUsed[0]?.uses ?? 0,
    detail: mostUsed.map((x) => `${x.n.name} (${x.n.id}): ${x.uses}`).join(', '),
  });
  const brokenBySource = new Map<string, { label: string; count: number }>();
  for (const r of refs) {
    if (r.problem !== 'broken' && r.problem !== 'broken option value' && r.problem !== 'ambiguous') continue;
    const key = `${String(r.source_kind)}:${String(r.source_id)}`;
    const entry = brokenBySource.get(key) ?? { label: `${key} "${String(r.source_name)}"`, count: 0 };
    entry.count++;
    brokenBySource.set(key, entry);
  }
  const worst = [...brokenBySource.values()].sort((x, y) => y.count - x.count || NAME_ORDER.compare(x.label, y.label)).slice(0, 5);
  rows.push({
    check: 'objects with the most broken or ambiguous JQL references',
    severity: worst.length > 0 ? 'warning' : 'info',
    count: worst[0]?.count ?? 0,
    detail: worst.map((w) => `${w.label}: ${w.count}`).join(', '),
  });
  return table('health', rows.map((r) => ({ ...r, see: limitChecks.has(String(r.check)) ? 'limits report (space by space, with what could go)' : healthSee(String(r.check)) })));
}

/**
 * Where the objects a health check counts are listed one by one, each named and linked into Jira: a health row is a
 * check over many objects, not an object, so it says where to look instead of linking one.
 */
function healthSee(check: string): string {
  const kindOf = (prefix: string): string | undefined => (check.startsWith(prefix) ? check.slice(prefix.length) : undefined);
  const counted = kindOf('objects: ');
  if (counted !== undefined) return `inventory report, kind ${counted}`;
  const unusedKind = kindOf('unused: ');
  if (unusedKind !== undefined) return `unused report, kind ${unusedKind} (Cleanup gives the verdicts)`;
  if (check.startsWith('coverage gaps: ')) return "the scan's coverage gaps (Overview, and every report's metadata)";
  const fixed: Readonly<Record<string, string>> = {
    'automation rules by state': 'inventory report, kind automation-rule',
    'cleanup candidates': 'cleanup report (Cleanup)',
    duplicates: 'duplicates report',
    'broken references': 'references report, problem broken',
    'JQL values that match no option': 'references report, problem broken option value',
    'ambiguous references': 'references report, problem ambiguous',
    'JQL syntax errors': 'references report, problem syntax',
    'dangling references': 'references report, problem dangling',
    'custom fields with a global context': 'inventory report, kind field-context',
    'context hints: global contexts of fields few projects show': 'where-used of each field named (Explorer)',
    'most used custom fields': 'where-used of each field named (Explorer)',
    'objects with the most broken or ambiguous JQL references': 'references report',
  };
  return fixed[check] ?? '';
}

/** A custom field with a global context that the screens of only a few company-managed projects show. */
interface ContextHint {
  readonly name: string;
  readonly projects: readonly string[];
  readonly of: number;
}

/**
 * Custom fields whose context is global though the screens of only a few company-managed projects show them (at most
 * three, and at most a quarter of them; none judged below four projects): a context limited to those projects is what
 * Atlassian advises. Judged by the screens each project's issue type screen scheme reaches; fields on no screen are
 * the unused report's concern.
 */
function contextHints(a: Analysis, globalFields: readonly string[]): ContextHint[] {
  const s = a.snapshot;
  const classic = s.projects.filter((p) => p.style === 'classic' && p.archived !== true && p.deleted !== true);
  if (classic.length < 4 || globalFields.length === 0) return [];
  const few = Math.max(1, Math.min(3, Math.floor(classic.length / 4)));
  // Each field is walked back from the screens that show it (their tab edges in the graph) to the screen schemes
  // holding those screens, their issue type screen schemes, and the projects using those: a field stops being a hint
  // at its fourth project, so most walks end after a screen or two.
  const screenSchemes = new Map(s.screenSchemes.map((x) => [x.id, Object.values(x.screens)]));
  const schemesOfScreen = new Map<string, string[]>();
  for (const [id, screens] of screenSchemes) for (const screen of screens) (schemesOfScreen.get(screen) ?? schemesOfScreen.set(screen, []).get(screen))?.push(id);
  const itssById = new Map(s.issueTypeScreenSchemes.map((x) => [x.id, x]));
  const itssOfScheme = new Map<string, string[]>();
  for (const [id, itss] of itssById) for (const m of itss.mappings) (itssOfScheme.get(m.screenSchemeId) ?? itssOfScheme.set(m.screenSchemeId, []).get(m.screenSchemeId))?.push(id);
  // Projects by their issue type screen scheme.
  const projectsOfItss = new Map<string, number[]>();
  classic.forEach((p, i) => {
    const itss = p.schemes['issue-type-screen-scheme'];
    if (itss !== undefined) (projectsOfItss.get(itss) ?? projectsOfItss.set(itss, []).get(itss))?.push(i);
  });
  const names = detailIndex(a).field;
  const hints: ContextHint[] = [];
  for (const id of globalFields) {
    const field = a.graph.node({ kind: 'field', id });
    if (field === undefined) continue;
    const seen = new Set<string>();
    const projects: number[] = [];
    a.graph.eachUser(field, (screen, relation) => {
      if (relation !== 'screen-tab-field') return true;
      for (const scheme of schemesOfScreen.get(screen.id) ?? []) {
        for (const itss of itssOfScheme.get(scheme) ?? []) {
          if (seen.has(itss)) continue;
          seen.add(itss);
          projects.push(...(projectsOfItss.get(itss) ?? []));
          if (projects.length > few) return false;
        }
      }
      return true;
    });
    if (projects.length === 0 || projects.length > few) continue;
    hints.push({ name: names.get(id)?.name ?? id, projects: projects.sort((i, j) => i - j).map((i) => classic[i]?.key ?? ''), of: classic.length });
  }
  return hints.sort((x, y) => x.projects.length - y.projects.length || NAME_ORDER.compare(x.name, y.name));
}

/** Runs one report. where-used and impact need an object; the rest ignore it. */
export function runReport(a: Analysis, request: ReportRequest): Result<AnyReportTable, ReportError> {
  const needsObject = (): Result<GraphNode, ReportError> => {
    if (request.object === undefined) return err({ type: 'missing-object', message: `the ${request.report} report needs an object (kind:id)` });
    const node = a.graph.node(request.object);
    if (node === undefined) return err({ type: 'unknown-object', message: `no ${request.object.kind} with id '${request.object.id}' in this snapshot` });
    return ok(node);
  };
  switch (request.report) {
    case 'inventory':
      return ok(inventory(a, request.kind));
    case 'health':
      return ok(health(a));
    case 'unused':
      return ok(unused(a, request.kind));
    case 'cleanup':
      return ok(cleanup(a, request.kind, request.all === true));
    case 'duplicates':
      return ok(duplicates(a, request.kind));
    case 'references':
      return ok(references(a));
    case 'limits':
      return ok(limits(a));
    case 'where-used': {
      const n = needsObject();
      return n.ok ? ok(whereUsed(a, n.value)) : n;
    }
    case 'impact': {
      const n = needsObject();
      return n.ok ? ok(impact(a, n.value)) : n;
    }
  }
}
