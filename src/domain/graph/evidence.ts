import { componentWords } from '../automation';
import type { Evidence, JqlSource } from './types';

function describeJqlSource(source: JqlSource): string {
  switch (source.type) {
    case 'filter':
      return 'filter JQL';
    case 'board-sub-query':
      return 'board sub-query';
    case 'queue':
      return 'queue JQL';
    case 'quick-filter':
      return `quick filter "${source.quickFilterName}" (id ${source.quickFilterId})`;
    case 'automation':
      return `rule ${source.component} ${componentWords(source.componentType)} at ${source.path}`;
  }
}

export { describeJqlSource };

/** A holder type as an admin says it: `userCustomField` is "user custom field". */
export function holderWords(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

/** One line of human-readable evidence, as reports print it: where in the using object the reference sits. */
export function describeEvidence(e: Evidence): string {
  switch (e.type) {
    case 'screen-tab':
      return `tab "${e.tabName}"`;
    case 'screen-scheme-slot':
      return `${e.slot} screen`;
    case 'issue-type-mapping':
      return e.issueTypeId === 'default' ? 'default mapping' : `issue type ${e.issueTypeId} mapping`;
    case 'project-scheme':
      if (e.projectState === undefined) return `project uses this ${e.schemeKind.replaceAll('-', ' ')}`;
      return `${e.projectState === 'archived' ? 'archived project' : 'project in the trash'} uses this ${e.schemeKind.replaceAll('-', ' ')} (restoring the project needs it)`;
    case 'field-configuration-item': {
      const parts = [e.isHidden ? 'hidden' : '', e.isRequired ? 'required' : '', e.renderer === undefined ? '' : `renderer ${e.renderer}`];
      return `field configuration item: ${parts.filter((p) => p !== '').join(', ')}`;
    }
    case 'context-scope':
      return 'context scope';
    case 'workflow-status':
      return 'status in workflow';
    case 'transition-screen':
      return `transition "${e.transitionName}" (id ${e.transitionId}) screen`;
    case 'workflow-rule':
      return `transition "${e.transitionName}" (id ${e.transitionId}) ${e.ruleKind}: ${ruleWords(e.ruleKey)} (its ${camelWords(e.parameter)})`;
    case 'jql':
      return `${describeJqlSource(e.source)}: ${e.jql.inOrderBy ? 'ORDER BY' : 'clause'} \`${e.jql.clause}\``;
    case 'board-filter':
      return 'board filter';
    case 'board-column':
      return `column "${e.column}"`;
    case 'board-setting':
      return `board ${e.setting} setting`;
    case 'gadget-property':
      return `gadget ${e.gadgetTitle === undefined ? e.gadgetId : `"${e.gadgetTitle}" (id ${e.gadgetId})`} property ${e.key}`;
    case 'permission-grant':
      return `permission ${e.permission} (${e.holderType})`;
    case 'notification':
      return `event "${e.eventName}" (${e.holderType})`;
    case 'plan':
      return `plan ${e.setting}`;
    case 'field-association':
      return e.issueTypeIds.length === 0 ? 'field associated for every work type' : `field associated for work type(s) ${e.issueTypeIds.join(', ')}`;
    case 'security-level':
      return `security level "${e.levelName}" (id ${e.levelId}): member ${holderWords(e.holderType)}`;
    case 'workflow-property':
      return `${e.place} "${e.placeName}" (id ${e.placeId}) property ${e.key}`;
    case 'workflow-approval':
      return `approval at status "${e.statusName}" (id ${e.statusId}): ${e.setting}`;
    case 'priority-in-scheme':
      return e.isDefault ? 'priority in the scheme, its default' : 'priority in the scheme';
    case 'filter-subscription':
      return `subscription ${e.subscriptionId}: the group's members are mailed the filter's results`;
    case 'automation':
      return `rule ${e.component} ${componentWords(e.componentType)}: ${e.role} (at ${e.path})`;
    case 'automation-scope':
      return 'the rule runs in this project (rule scope)';
    case 'option':
      return `option in context "${e.contextName}"`;
    case 'context-default':
      return 'default value of the context';
    case 'queue-column':
      return 'queue column';
    case 'service-project':
      return 'part of the service project';
    case 'request-type-issue-type':
      return 'issue type of its requests';
    case 'request-type-field':
      return e.visible ? `request form field${e.required ? ', required' : ''}` : 'hidden field: not on the portal form, set to its preset value on every request';
  }
}

/**
 * Jira's own workflow rules in words, as Atlassian's workflows API document names them (platform REST API v3,
 * `POST /rest/api/3/workflows/create`, its system rules); an app's rule keeps its key, which names the app.
 */
const RULE_WORDS: Readonly<Record<string, string>> = {
  'system:validate-field-value': 'validate a field value',
  'system:check-field-value': 'check field value',
  'system:update-field': 'update field',
  'system:copy-value-from-other-field': 'copy field value',
  'system:restrict-issue-transition': 'restrict issue transition',
  'system:restrict-from-all-users': 'restrict transitions',
  'system:previous-status-condition': 'previous status condition',
  'system:previous-status-validator': 'previous status validator',
  'system:check-permission-validator': 'permission validator',
  'system:parent-or-child-blocking-condition': 'parent or child blocking condition',
  'system:parent-or-child-blocking-validator': 'parent or child blocking validator',
  'system:separation-of-duties': 'separation of duties',
  'system:proforma-forms-attached': 'forms attached validator',
  'system:proforma-forms-submitted': 'forms submitted validator',
  'system:jsd-approvals-block-until-approved': 'block until approved (Jira Service Management)',
  'system:jsd-approvals-block-until-rejected': 'block until rejected (Jira Service Management)',
  'system:block-in-progress-approval': 'block in progress approval',
  'system:change-assignee': 'change assignee',
  'system:trigger-webhook': 'trigger webhook',
  'system:remind-people-to-update-fields': 'remind people to update fields',
  'system:transition-screen': 'shared transition screen',
};

/** The kinds of `system:validate-field-value`, by its `ruleType` parameter, as the same document names them. */
const FIELD_VALUE_RULES: Readonly<Record<string, string>> = {
  fieldRequired: 'field required',
  fieldChanged: 'field changed',
  fieldHasSingleValue: 'field has a single value',
  fieldMatchesRegularExpression: 'field matches regular expression',
  dateFieldComparison: 'date field comparison',
  windowDateComparison: 'date range comparison',
};

/**
 * A workflow rule's key in words, where it is one of Jira's own (an app's rule keeps its key, which names the app);
 * with its parameters, a field value validation says which kind it is ("field required").
 */
export function ruleWords(key: string, parameters?: Readonly<Record<string, string>>): string {
  if (key === 'system:validate-field-value') {
    const kind = parameters?.ruleType === undefined ? undefined : FIELD_VALUE_RULES[parameters.ruleType];
    if (kind !== undefined) return kind;
  }
  return RULE_WORDS[key] ?? key;
}

/** A parameter name in words: `sourceFieldKey` → "source field key". */
export function camelWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
