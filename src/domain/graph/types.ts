import type { ObjectKind, ObjectRef, ScreenSchemeSlot, WorkflowRuleKind, ProjectSchemeKind } from '../model';
import type { AutomationComponentKind } from '../automation';
import type { JqlEvidence } from '../jql/types';

/**
 * Relation names of the dependency graph. An edge goes from the object that refers (the user) to the object
 * referred to (the used). DESIGN.md lists the relations; the names below are what reports print.
 */
export const RELATIONS = [
  'screen-tab-field', // screen → field
  'screen-scheme-screen', // screen-scheme → screen
  'issue-type-screen-scheme-screen-scheme', // issue-type-screen-scheme → screen-scheme
  'issue-type-screen-scheme-issue-type', // issue-type-screen-scheme → issue-type
  'project-scheme', // project → any project scheme
  'field-configuration-item', // field-configuration → field (non-default items only)
  'field-configuration-scheme-configuration', // field-configuration-scheme → field-configuration
  'field-configuration-scheme-issue-type', // field-configuration-scheme → issue-type
  'issue-type-scheme-issue-type', // issue-type-scheme → issue-type
  'context-field', // field-context → field (the field owns its contexts: structural, not usage)
  'context-project', // field-context → project
  'context-issue-type', // field-context → issue-type
  'workflow-status', // workflow → status
  'workflow-transition-screen', // workflow → screen
  'workflow-rule', // workflow → field | status | screen | group | project-role
  'workflow-scheme-workflow', // workflow-scheme → workflow
  'workflow-scheme-issue-type', // workflow-scheme → issue-type
  'jql', // filter | board → field | project | status | issue-type | filter
  'board-filter', // board → filter
  'board-column-status', // board → status
  'board-estimation-field', // board → field
  'board-rank-field', // board → field
  'board-location', // board → project
  'gadget-property', // dashboard → filter | project | field
  'permission-holder', // permission-scheme → field | group | project-role
  'notification-holder', // notification-scheme → field | group | project-role
  'filter-subscription', // filter → group (a group subscribed to the filter)
  'priority-scheme-priority', // priority-scheme → priority
  'workflow-property', // workflow → group | project-role | field (status and transition properties)
  'workflow-approval', // workflow → field (JSM approvers at a status)
  'security-level-member', // issue-security-scheme → field | group | project-role (a level's members)
  'field-scheme-field', // field-scheme → field (associated with the scheme's projects)
  'plan-source', // plan → board | project | filter (where its issues come from)
  'plan-field', // plan → field (custom fields shown, date fields scheduled by)
  'plan-exclusion', // plan → status | issue-type (excluded from the plan)
  'automation-reference', // automation-rule → field | status | issue-type | project | group | project-role | priority | resolution
  'automation-scope', // automation-rule → project (the projects the rule runs in)
] as const;

export type Relation = (typeof RELATIONS)[number];

/**
 * Relations that are structure rather than use: the target owns or merely scopes the source. They are edges of
 * the graph (impact follows them) but they do not make their target "used".
 */
export const STRUCTURAL_RELATIONS: ReadonlySet<Relation> = new Set<Relation>(['context-field']);

/** Why an edge exists: where in the source object the reference sits. */
export type Evidence =
  | { readonly type: 'screen-tab'; readonly tabId: string; readonly tabName: string }
  | { readonly type: 'screen-scheme-slot'; readonly slot: ScreenSchemeSlot }
  | { readonly type: 'issue-type-mapping'; readonly issueTypeId: string }
  | { readonly type: 'security-level'; readonly levelId: string; readonly levelName: string; readonly holderType: string }
  | { readonly type: 'field-association'; readonly issueTypeIds: readonly string[] }
  | { readonly type: 'plan'; readonly setting: 'issue source' | 'custom field' | 'date field' | 'exclusion rule' }
  | { readonly type: 'project-scheme'; readonly schemeKind: ProjectSchemeKind | 'priority-scheme' | 'issue-security-scheme' | 'field-scheme'; readonly projectState?: 'archived' | 'in the trash' }
  | { readonly type: 'priority-in-scheme'; readonly isDefault: boolean }
  | { readonly type: 'workflow-property'; readonly place: 'status' | 'transition'; readonly placeId: string; readonly placeName: string; readonly key: string }
  | { readonly type: 'workflow-approval'; readonly statusId: string; readonly statusName: string; readonly setting: 'approvers field' | 'field that pre-fills the approvers' }
  | {
      readonly type: 'field-configuration-item';
      readonly isHidden: boolean;
      readonly isRequired: boolean;
      readonly renderer?: string;
    }
  | { readonly type: 'context-scope' }
  | { readonly type: 'workflow-status' }
  | { readonly type: 'transition-screen'; readonly transitionId: string; readonly transitionName: string }
  | {
      readonly type: 'workflow-rule';
      readonly transitionId: string;
      readonly transitionName: string;
      readonly ruleKind: WorkflowRuleKind;
      readonly ruleKey: string;
      readonly parameter: string;
    }
  | { readonly type: 'jql'; readonly source: JqlSource; readonly jql: JqlEvidence }
  | { readonly type: 'board-filter' }
  | { readonly type: 'board-column'; readonly column: string }
  | { readonly type: 'board-setting'; readonly setting: 'estimation' | 'rank' | 'location' }
  | { readonly type: 'gadget-property'; readonly gadgetId: string; readonly gadgetTitle?: string; readonly key: string }
  | { readonly type: 'permission-grant'; readonly permission: string; readonly holderType: string }
  | { readonly type: 'notification'; readonly eventName: string; readonly holderType: string }
  | { readonly type: 'filter-subscription'; readonly subscriptionId: string }
  | {
      readonly type: 'automation';
      readonly component: AutomationComponentKind;
      readonly componentType: string;
      readonly path: string;
      /** What the rule does with the object, in words ("field it sets"), or the smart value that names it. */
      readonly role: string;
    }
  | { readonly type: 'automation-scope' };

/** Which JQL of an object a JQL reference comes from. */
export type JqlSource =
  | { readonly type: 'filter' }
  | { readonly type: 'board-sub-query' }
  | { readonly type: 'quick-filter'; readonly quickFilterId: string; readonly quickFilterName: string }
  | { readonly type: 'automation'; readonly component: AutomationComponentKind; readonly componentType: string; readonly path: string };

export interface Edge {
  readonly from: ObjectRef;
  readonly to: ObjectRef;
  readonly relation: Relation;
  readonly evidence: Evidence;
}

/** A reference to an id that matches no object in the snapshot. Reported, never dropped. */
export interface DanglingReference {
  readonly from: ObjectRef;
  readonly to: { readonly kind: ObjectKind; readonly id: string };
  readonly relation: Relation;
  readonly evidence: Evidence;
}
