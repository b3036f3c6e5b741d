import type { GraphNode } from '../graph';
import type { ConfigSnapshot, CoverageGap, ObjectKind } from '../model';
import { compareRefs, detailIndex, memoised, table, usageCount, type Analysis, type DetailIndex } from './common';
import type { Cell, ReportRow, ReportTable } from './types';

/** Kinds whose objects can use an object of the key kind (from DESIGN.md's relation table). */
const USER_KINDS: Readonly<Partial<Record<ObjectKind, readonly ObjectKind[]>>> = {
  field: ['screen', 'field-configuration', 'workflow', 'filter', 'board', 'dashboard', 'permission-scheme', 'notification-scheme', 'issue-security-scheme', 'field-scheme', 'plan', 'automation-rule'],
  screen: ['screen-scheme', 'workflow'],
  'screen-scheme': ['issue-type-screen-scheme'],
  'issue-type-screen-scheme': ['project'],
  'field-configuration': ['field-configuration-scheme'],
  'field-configuration-scheme': ['project'],
  'issue-type-scheme': ['project'],
  workflow: ['workflow-scheme'],
  'workflow-scheme': ['project'],
  'permission-scheme': ['project'],
  'notification-scheme': ['project'],
  'priority-scheme': ['project'],
  'issue-security-scheme': ['project'],
  'field-scheme': ['project'],
  status: ['workflow', 'board', 'filter', 'plan', 'automation-rule'],
  filter: ['board', 'dashboard', 'filter', 'plan', 'automation-rule'],
};

/** The kinds the unused report covers when no kind is asked for (filters only on request). */
export const UNUSED_KINDS: readonly ObjectKind[] = [
  'field',
  'screen',
  'screen-scheme',
  'issue-type-screen-scheme',
  'field-configuration',
  'field-configuration-scheme',
  'issue-type-scheme',
  'workflow',
  'workflow-scheme',
  'permission-scheme',
  'notification-scheme',
  'priority-scheme',
  'issue-security-scheme',
  'field-scheme',
  'status',
  'automation-rule',
];

const CRITERIA: Readonly<Partial<Record<ObjectKind, string>>> = {
  field: 'custom field on no screen, in no field configuration item, workflow rule or property, JQL, board, gadget, permission/notification scheme, issue security level, field scheme, plan or Automation rule',
  screen: 'in no screen scheme and on no workflow transition',
  'screen-scheme': 'in no issue type screen scheme',
  'issue-type-screen-scheme': 'used by no project',
  'field-configuration': 'in no field configuration scheme (not the default configuration)',
  'field-configuration-scheme': 'used by no project',
  'issue-type-scheme': 'used by no project (not the default scheme)',
  workflow: 'in no workflow scheme (company-managed workflows only)',
  'workflow-scheme': 'used by no project',
  'permission-scheme': 'used by no project',
  'notification-scheme': 'used by no project',
  'priority-scheme': 'used by no project (not the default scheme)',
  'issue-security-scheme': 'used by no project',
  'field-scheme': 'used by no project (not the default scheme)',
  status: 'in no workflow, board column, JQL, plan or Automation rule',
  'automation-rule': 'a rule that is disabled, or scoped only to archived projects or projects in the trash, runs nowhere',
  filter: 'used by no board, gadget or filter, with no subscription, and not run in the last 180 days (or never, as far as Jira knows)',
};

const DAY_MS = 86_400_000;

function coverageNote(gaps: readonly CoverageGap[], kinds: readonly ObjectKind[], kind: ObjectKind): string {
  // Team-managed projects have no schemes and untracked usage data hides no reference: neither can hide a use.
  // Gaps about the kinds that could use this kind weigh on it, and so do site-wide gaps about the kind itself
  // ("fields used only in SLAs are not seen"); a gap about one other object of the kind does not.
  const relevant = gaps.filter((g) => (kinds.includes(g.kind) || (g.kind === kind && g.objectId === undefined)) && g.reason !== 'team-managed' && g.reason !== 'not-tracked');
  if (relevant.length === 0) return '';
  // Rules not read at all is said in words: it is the biggest place a field, status or filter is used unseen.
  const rulesUnread = relevant.some((g) => g.kind === 'automation-rule' && g.objectId === undefined && kind !== 'automation-rule');
  const others = relevant.filter((g) => !(rulesUnread && g.kind === 'automation-rule'));
  const byKind = [...new Set(others.map((g) => g.kind))].sort();
  const parts = [rulesUnread ? 'Automation rules not read' : '', others.length > 0 ? `${others.length} gap(s) for ${byKind.join(', ')}` : ''].filter((p) => p !== '');
  return ` (coverage incomplete: ${parts.join('; ')})`;
}

function lastUsedText(node: GraphNode, index: DetailIndex): Cell {
  if (node.kind === 'field') {
    const lu = index.field.get(node.id)?.lastUsed;
    if (lu === undefined) return null;
    switch (lu.type) {
      case 'TRACKED':
        return lu.value ?? 'never';
      case 'NOT_TRACKED':
        return 'not tracked';
      case 'NO_INFORMATION':
        return 'no information';
    }
  }
  if (node.kind === 'filter') return index.filter.get(node.id)?.approximateLastUsed ?? null;
  return null;
}

/** The row's criterion: the kind's, with what weakens the claim for this object said first. */
function criterionOf(node: GraphNode, text: string, index: DetailIndex): string {
  if (node.kind !== 'field') return text;
  const projectId = index.field.get(node.id)?.projectId;
  if (projectId === undefined) return text;
  const project = index.project.get(projectId);
  const where = project === undefined ? `project ${projectId}` : `project ${project.key}`;
  return `team-managed field of ${where}: its use there (screens, rules) cannot be seen through the API, so this is not known to be unused; ${text}`;
}

/** Why a rule runs nowhere (disabled; scoped only to archived or trashed projects), or undefined when it runs. */
function idleRule(rule: ConfigSnapshot['automationRules'][number] | undefined, index: DetailIndex): string | undefined {
  if (rule === undefined) return undefined;
  if (rule.state === 'DISABLED') return 'disabled';
  if (rule.scope.global || rule.scope.projectTypes.length > 0 || rule.scope.projectIds.length === 0) return undefined;
  const projects = rule.scope.projectIds.map((id) => index.project.get(id));
  if (projects.some((p) => p === undefined || (p.archived !== true && p.deleted !== true))) return undefined;
  const named = projects.map((p) => (p?.deleted === true ? `project ${p.key} (in the trash)` : `archived project ${p?.key ?? ''}`));
  return `runs only in ${named.join(', ')}`;
}

/** True when an object counts for the unused report of its kind at all (system fields, defaults and team-managed objects do not). */
function isCandidate(a: Analysis, node: GraphNode, index: DetailIndex, defaultWorkflowInUse: boolean): boolean {
  switch (node.kind) {
    case 'field':
      return index.field.get(node.id)?.custom === true;
    case 'field-configuration':
      return a.snapshot.fieldConfigurations.find((c) => c.id === node.id)?.isDefault !== true;
    case 'issue-type-scheme':
      return a.snapshot.issueTypeSchemes.find((s) => s.id === node.id)?.isDefault !== true;
    case 'field-scheme':
      return index.fieldScheme.get(node.id)?.isDefault !== true;
    case 'priority-scheme':
      // The default scheme serves every project no other scheme has, whether or not Jira lists them.
      return index.priorityScheme.get(node.id)?.isDefault !== true;
    case 'workflow': {
      const w = index.workflow.get(node.id);
      if (w === undefined || w.scope.type === 'PROJECT') return false;
      return !(defaultWorkflowInUse && w.name === 'jira');
    }
    case 'filter': {
      const f = index.filter.get(node.id);
      // A subscription runs the filter on a schedule for its subscribers: in use whatever its last-run date.
      if ((f?.subscriptions?.length ?? 0) > 0) return false;
      if (f?.approximateLastUsed === undefined) return true;
      const scanned = Date.parse(a.snapshot.site.scannedAt);
      const used = Date.parse(f.approximateLastUsed);
      return Number.isNaN(scanned) || Number.isNaN(used) || scanned - used > 180 * DAY_MS;
    }
    default:
      return true;
  }
}

/**
 * Objects nothing uses, per kind, with the criterion in each row. An object is reported only when it has no
 * incoming usage edge; structural edges (a context belongs to its field) do not count as use.
 */
export function unused(a: Analysis, kind?: ObjectKind): ReportTable<'unused'> {
  return memoised(a, `unused:${kind ?? ''}`, () => computeUnused(a, kind));
}

function computeUnused(a: Analysis, kind?: ObjectKind): ReportTable<'unused'> {
  const index = detailIndex(a.snapshot);
  const kinds = kind === undefined ? UNUSED_KINDS : [kind];
  // Company-managed projects without a workflow scheme use Jira's default scheme, whose workflow is `jira`.
  const defaultWorkflowInUse = a.snapshot.projects.some((p) => p.style === 'classic' && p.schemes['workflow-scheme'] === undefined);
  const rows: ReportRow<'unused'>[] = [];
  for (const k of kinds) {
    const criterion = CRITERIA[k];
    if (criterion === undefined) continue;
    const text = criterion + coverageNote(a.snapshot.coverage, USER_KINDS[k] ?? [], k);
    const nodes = [...a.graph.nodesOf(k)].sort(compareRefs);
    for (const n of nodes) {
      if (k === 'automation-rule') {
        const why = idleRule(index.automationRule.get(n.id), index);
        if (why !== undefined) rows.push({ kind: n.kind, id: n.id, name: n.name, criterion: `${why}: ${text}`, last_used: index.automationRule.get(n.id)?.updated ?? null });
        continue;
      }
      if (usageCount(a, n) > 0) continue;
      if (!isCandidate(a, n, index, defaultWorkflowInUse)) continue;
      rows.push({ kind: n.kind, id: n.id, name: n.name, criterion: criterionOf(n, text, index), last_used: lastUsedText(n, index) });
    }
  }
  return table('unused', rows);
}
