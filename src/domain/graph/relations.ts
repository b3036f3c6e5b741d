import type { ObjectKind } from '../model';

/**
 * What each relation of the graph means, in one place. An edge goes from the object that refers (the user) to the
 * object referred to (the used). Each row says:
 * - `from` / `to`: the kinds it joins;
 * - `label`: the relation as an admin says it, the user first ("screen … shows the field on a tab");
 * - `use`: whether it makes its target used (the unused and cleanup verdicts count only these);
 * - `impact`: how a change of the target reaches the user. `flows`: the user is affected, and so is what depends
 *   on the user in turn. `ends`: the user is affected, and impact stops there (a project that uses a changed scheme
 *   is affected; the filters and boards that merely name the project are not);
 * - `forward` (board location only): when the user is affected, so is the target (an affected board's project).
 * - `possible`: the user may mean the target or another object of the same name (a JQL name two fields share): not
 *   a use (no count, no impact), but it keeps the target from `safe` ("possibly used by …", review), as ambiguity
 *   never makes anything safe.
 *
 * The graph builder, where-used, impact, unused and the renderings read their meaning from here: adding a kind of
 * reference is an adapter mapping plus one row.
 */
export interface RelationMeaning {
  readonly from: readonly ObjectKind[];
  readonly to: readonly ObjectKind[];
  readonly label: string;
  readonly use: boolean;
  readonly impact: 'flows' | 'ends';
  readonly forward?: true;
  readonly possible?: true;
}

const row = (from: readonly ObjectKind[], to: readonly ObjectKind[], label: string, extra: Partial<Pick<RelationMeaning, 'use' | 'impact' | 'forward' | 'possible'>> = {}): RelationMeaning => ({
  from,
  to,
  label,
  use: extra.use ?? true,
  impact: extra.impact ?? 'flows',
  ...(extra.forward === true ? { forward: true as const } : {}),
  ...(extra.possible === true ? { possible: true as const } : {}),
});

const FIELD_GROUP_ROLE: readonly ObjectKind[] = ['field', 'group', 'project-role'];

export const RELATION_CATALOGUE = {
  'screen-tab-field': row(['screen'], ['field'], 'shows the field on a tab'),
  'screen-scheme-screen': row(['screen-scheme'], ['screen'], 'shows the screen for an operation'),
  'issue-type-screen-scheme-screen-scheme': row(['issue-type-screen-scheme'], ['screen-scheme'], 'uses the screen scheme for issue types'),
  'issue-type-screen-scheme-issue-type': row(['issue-type-screen-scheme'], ['issue-type'], 'maps the issue type to a screen scheme'),
  'project-scheme': row(['project'], ['issue-type-screen-scheme', 'field-configuration-scheme', 'workflow-scheme', 'issue-type-scheme', 'permission-scheme', 'notification-scheme', 'priority-scheme', 'issue-security-scheme', 'field-scheme'], 'uses the scheme', { impact: 'ends' }),
  // Configuration of the field, not a use of it: a field configuration lists every field.
  'field-configuration-item': row(['field-configuration'], ['field'], 'configures the field (required, hidden or its renderer)', { use: false }),
  'field-configuration-scheme-configuration': row(['field-configuration-scheme'], ['field-configuration'], 'uses the field configuration for issue types'),
  'field-configuration-scheme-issue-type': row(['field-configuration-scheme'], ['issue-type'], 'maps the issue type to a field configuration'),
  'issue-type-scheme-issue-type': row(['issue-type-scheme'], ['issue-type'], 'offers the issue type'),
  // The field owns its contexts: structure, not use.
  'context-field': row(['field-context'], ['field'], 'is a context of the field', { use: false }),
  // Options belong to their context (and a second-level option to its parent): structure, not use.
  'option-context': row(['option'], ['field-context'], 'is an option of the field context', { use: false }),
  'option-parent': row(['option'], ['option'], 'is a second-level option under it', { use: false }),
  'context-default-option': row(['field-context'], ['option'], 'gives new work items the option by default'),
  'context-project': row(['field-context'], ['project'], 'limits the field context to the project'),
  'context-issue-type': row(['field-context'], ['issue-type'], 'limits the field context to the issue type'),
  'workflow-status': row(['workflow'], ['status'], 'has the status'),
  'workflow-transition-screen': row(['workflow'], ['screen'], 'shows the screen on a transition'),
  'workflow-rule': row(['workflow'], ['field', 'status', 'screen', 'group', 'project-role', 'resolution', 'priority'], 'names it in a transition rule'),
  'workflow-scheme-workflow': row(['workflow-scheme'], ['workflow'], 'uses the workflow for issue types'),
  'workflow-scheme-issue-type': row(['workflow-scheme'], ['issue-type'], 'maps the issue type to a workflow'),
  jql: row(['filter', 'board', 'queue', 'automation-rule'], ['field', 'option', 'project', 'status', 'issue-type', 'filter'], 'names it in JQL'),
  'board-filter': row(['board'], ['filter'], "shows the filter's issues"),
  'board-column-status': row(['board'], ['status'], 'maps the status to a column'),
  'board-estimation-field': row(['board'], ['field'], 'estimates with the field'),
  'board-rank-field': row(['board'], ['field'], 'ranks issues by the field'),
  'board-location': row(['board'], ['project'], 'is located in the project', { forward: true }),
  'gadget-property': row(['dashboard'], ['filter', 'project', 'field'], "names it in a gadget's settings"),
  'permission-holder': row(['permission-scheme'], FIELD_GROUP_ROLE, 'grants a permission to it'),
  'notification-holder': row(['notification-scheme'], FIELD_GROUP_ROLE, 'notifies it of an event'),
  'filter-subscription': row(['filter'], ['group'], "mails the filter's results to the group"),
  'priority-scheme-priority': row(['priority-scheme'], ['priority'], 'offers the priority'),
  'workflow-property': row(['workflow'], FIELD_GROUP_ROLE, 'names it in a status or transition property'),
  'workflow-approval': row(['workflow'], ['field'], 'takes approvers from the field'),
  'security-level-member': row(['issue-security-scheme'], FIELD_GROUP_ROLE, 'lets it see issues of a security level'),
  'field-scheme-field': row(['field-scheme'], ['field'], 'associates the field with its projects'),
  'plan-source': row(['plan'], ['board', 'project', 'filter'], 'draws its issues from it'),
  'plan-field': row(['plan'], ['field'], 'shows or schedules by the field'),
  'plan-exclusion': row(['plan'], ['status', 'issue-type'], 'excludes it from the plan'),
  'queue-column': row(['queue'], ['field'], 'shows the field as a column'),
  'service-project': row(['queue', 'request-type'], ['project'], 'belongs to the service project', { forward: true }),
  'request-type-issue-type': row(['request-type'], ['issue-type'], 'creates its requests as the issue type'),
  'request-type-field': row(['request-type'], ['field'], 'has the field on its request form'),
  'automation-reference': row(['automation-rule'], ['field', 'option', 'status', 'issue-type', 'project', 'group', 'project-role', 'priority', 'resolution'], 'names it in a rule component'),
  'automation-scope': row(['automation-rule'], ['project'], 'runs in the project'),
  // A name in JQL, a smart value or a rule setting that several objects share: each of them is possibly meant.
  'possible-reference': row(['filter', 'board', 'queue', 'automation-rule'], ['field', 'option', 'status', 'issue-type', 'project', 'group', 'project-role', 'priority', 'resolution', 'filter'], 'may name it (a name several objects share)', { use: false, possible: true }),
} as const satisfies Readonly<Record<string, RelationMeaning>>;

/** Relation names of the dependency graph; the names reports print in JSON and CSV, with their labels in words. */
export type Relation = keyof typeof RELATION_CATALOGUE;
export const RELATIONS = Object.keys(RELATION_CATALOGUE) as readonly Relation[];

/** The meaning of a relation. */
export function meaningOf(relation: Relation): RelationMeaning {
  return RELATION_CATALOGUE[relation];
}

/** Relations that do not make their target used (structure, configuration). */
export const NOT_A_USE: ReadonlySet<Relation> = new Set(RELATIONS.filter((r) => !RELATION_CATALOGUE[r].use));
