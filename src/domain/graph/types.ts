import type { ObjectKind, ObjectRef, ScreenSchemeSlot, WorkflowRuleKind, ProjectSchemeKind } from '../model';
import type { AutomationComponentKind } from '../automation';
import type { JqlEvidence } from '../jql/types';

export { RELATIONS, type Relation } from './relations';
import type { Relation } from './relations';

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
  | { readonly type: 'automation-scope' }
  | { readonly type: 'option'; readonly contextName: string }
  | { readonly type: 'context-default' }
  | { readonly type: 'queue-column' }
  | { readonly type: 'service-project' }
  | { readonly type: 'request-type-issue-type' }
  | { readonly type: 'request-type-field'; readonly required: boolean; readonly visible: boolean };

/** Which JQL of an object a JQL reference comes from. */
export type JqlSource =
  | { readonly type: 'filter' }
  | { readonly type: 'board-sub-query' }
  | { readonly type: 'queue' }
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
