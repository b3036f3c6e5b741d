import { z } from 'zod';

/*
 * Payload schemas of the Jira Cloud REST endpoints the scan reads, after Atlassian's OpenAPI documents
 * (platform v3, Agile 1.0). Non-strict objects, so fields Jira adds later do not break the scan; only what the
 * scan uses is declared. Ids that the spec types as integers on some endpoints and strings on others are read as
 * either and kept as strings.
 */

export const idString = z.union([z.string(), z.number()]).transform(String);
const optionalId = idString.optional();

/** `GET /rest/api/3/field` items (FieldDetails). */
export const fieldDetails = z.object({
  id: idString,
  name: z.string(),
  custom: z.boolean().optional(),
  clauseNames: z.array(z.string()).optional(),
  schema: z
    .object({ type: z.string(), items: z.string().optional(), custom: z.string().optional(), customId: z.number().optional(), system: z.string().optional() })
    .nullish(),
  /** Team-managed projects' own fields come with `scope: { type: "PROJECT", project: { id } }` (not in the spec's FieldDetails example). */
  scope: z.object({ type: z.string().optional(), project: z.object({ id: idString }).optional() }).nullish(),
});

/** `GET /rest/api/3/field/search` items (Field) with the usage expands. */
export const fieldSearchItem = z.object({
  id: z.string(),
  description: z.string().optional(),
  searcherKey: z.string().optional(),
  screensCount: z.number().optional(),
  contextsCount: z.number().optional(),
  isLocked: z.boolean().optional(),
  lastUsed: z.object({ type: z.enum(['TRACKED', 'NOT_TRACKED', 'NO_INFORMATION']), value: z.string().optional() }).optional(),
});

export const customFieldContext = z.object({ id: idString, name: z.string(), isGlobalContext: z.boolean(), isAnyIssueType: z.boolean() });
export const contextProjectMapping = z.object({ contextId: idString, projectId: optionalId, isGlobalContext: z.boolean().optional() });
export const contextIssueTypeMapping = z.object({ contextId: idString, issueTypeId: optionalId, isAnyIssueType: z.boolean().optional() });

export const screen = z.object({ id: idString, name: z.string(), description: z.string().optional() });
/** `GET /rest/api/3/screens/tabs` items. */
export const screenTab = z.object({ screenId: idString, tabId: idString, tabName: z.string() });
export const screenableField = z.object({ id: idString, name: z.string().optional() });

export const screenScheme = z.object({
  id: idString,
  name: z.string(),
  description: z.string().optional(),
  screens: z.object({ default: optionalId, create: optionalId, edit: optionalId, view: optionalId }),
});

export const namedScheme = z.object({ id: idString, name: z.string(), description: z.string().optional() });
export const itssMapping = z.object({ issueTypeScreenSchemeId: idString, issueTypeId: idString, screenSchemeId: idString });
export const itssProjects = z.object({ issueTypeScreenScheme: namedScheme, projectIds: z.array(idString) });
/** Projects on the system default field configuration scheme come back with no scheme. */
export const fcsProjects = z.object({ fieldConfigurationScheme: namedScheme.nullish(), projectIds: z.array(idString) });
export const itsProjects = z.object({ issueTypeScheme: namedScheme, projectIds: z.array(idString) });

export const fieldConfiguration = z.object({ id: idString, name: z.string(), description: z.string().optional(), isDefault: z.boolean().optional() });
export const fieldConfigurationItem = z.object({
  id: idString,
  isHidden: z.boolean().optional(),
  isRequired: z.boolean().optional(),
  renderer: z.string().optional(),
  description: z.string().optional(),
});
export const fcsMapping = z.object({ fieldConfigurationSchemeId: idString, issueTypeId: idString, fieldConfigurationId: idString });

const scopeProject = z.object({ type: z.string().optional(), project: z.object({ id: idString }).optional() }).optional();
export const issueTypeDetails = z.object({
  id: idString,
  name: z.string(),
  subtask: z.boolean().optional(),
  hierarchyLevel: z.number().optional(),
  scope: scopeProject,
});
export const issueTypeScheme = z.object({
  id: idString,
  name: z.string(),
  description: z.string().optional(),
  isDefault: z.boolean().optional(),
  defaultIssueTypeId: optionalId,
});
export const itsMapping = z.object({ issueTypeSchemeId: idString, issueTypeId: idString });

/** Real sites send parameters absent, `null`, or with numbers, booleans, lists and objects as values. */
const rule = z.object({ ruleKey: z.string(), parameters: z.record(z.string(), z.unknown()).nullish() });
export type RuleConfiguration = z.infer<typeof rule>;
export interface ConditionGroup {
  readonly conditions?: readonly RuleConfiguration[] | null | undefined;
  readonly conditionGroups?: readonly ConditionGroup[] | null | undefined;
  readonly operation?: string | null | undefined;
}
const conditionGroup: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.object({ conditions: z.array(rule).nullish(), conditionGroups: z.array(conditionGroup).nullish(), operation: z.string().nullish() }),
);
/** A status of `GET /rest/api/3/workflows/search` (top level): its id for each `statusReference` the workflows use. */
export const workflowStatus = z.object({ id: idString, statusReference: z.string(), name: z.string().optional() });
/**
 * A workflow of `GET /rest/api/3/workflows/search?expand=values.transitions`. Looped transitions (back to the status
 * the issue is in) come without `toStatusReference`, global and initial ones with `links: []` or none.
 */
export const workflow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  scope: scopeProject.nullable(),
  statuses: z
    .array(
      z.object({
        statusReference: z.string(),
        properties: z.record(z.string(), z.unknown()).nullish(),
        approvalConfiguration: z.object({ active: z.union([z.string(), z.boolean()]).nullish(), fieldId: z.string().nullish(), prePopulatedFieldId: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
  transitions: z
    .array(
      z.object({
        id: idString,
        name: z.string(),
        type: z.enum(['INITIAL', 'GLOBAL', 'DIRECTED']),
        toStatusReference: z.string().nullish(),
        links: z.array(z.object({ fromStatusReference: z.string().nullish() })).nullish(),
        conditions: conditionGroup.nullish(),
        validators: z.array(rule).nullish(),
        actions: z.array(rule).nullish(),
        triggers: z.array(rule).nullish(),
        transitionScreen: rule.nullish(),
        properties: z.record(z.string(), z.unknown()).nullish(),
      }),
    )
    .nullish(),
});

export const workflowScheme = z.object({
  id: optionalId,
  name: z.string(),
  description: z.string().optional(),
  defaultWorkflow: z.string().optional(),
  issueTypeMappings: z.record(z.string(), z.string()).optional(),
});
export const workflowSchemeProjects = z.object({ values: z.array(z.object({ projectIds: z.array(idString), workflowScheme: workflowScheme })) });

export const jiraStatus = z.object({
  id: idString,
  name: z.string(),
  statusCategory: z.enum(['TODO', 'IN_PROGRESS', 'DONE']),
  scope: z.object({ type: z.string(), project: z.object({ id: idString }).optional() }).optional(),
});

const sharePermission = z.object({
  type: z.string(),
  project: z.object({ id: idString }).optional(),
  role: z.object({ id: idString }).optional(),
  group: z.object({ groupId: z.string().optional(), name: z.string().optional() }).optional(),
  user: z.object({ accountId: z.string() }).optional(),
});
export type SharePermissionPayload = z.infer<typeof sharePermission>;
const filterSubscription = z.object({
  id: idString,
  user: z.object({ accountId: z.string() }).nullish(),
  group: z.object({ groupId: z.string().nullish(), name: z.string().optional() }).nullish(),
});
export const filterDetails = z.object({
  id: idString,
  name: z.string(),
  jql: z.string().optional(),
  description: z.string().optional(),
  owner: z.object({ accountId: z.string() }).optional(),
  sharePermissions: z.array(sharePermission).optional(),
  approximateLastUsed: z.string().nullish(),
  favouritedCount: z.number().optional(),
  /**
   * `expand=subscriptions`: an array in the current documents; older sites send a list object
   * (`{ size, items: [...] }`). Both are read.
   */
  subscriptions: z
    .union([z.array(filterSubscription), z.object({ items: z.array(filterSubscription).optional() }).transform((l) => l.items ?? [])])
    .optional(),
});

export const board = z.object({ id: idString, name: z.string(), type: z.string() });
export const boardConfiguration = z.object({
  filter: z.object({ id: idString }).optional(),
  subQuery: z.object({ query: z.string().optional() }).optional(),
  columnConfig: z.object({ columns: z.array(z.object({ name: z.string(), statuses: z.array(z.object({ id: idString })).optional() })) }).optional(),
  estimation: z.object({ type: z.string(), field: z.object({ fieldId: idString }).optional() }).optional(),
  ranking: z.object({ rankCustomFieldId: z.number() }).optional(),
  /** The schema documents `projectKeyOrId`; Atlassian's example (and older sites) send `id` and `key`. Both are read. */
  location: z.object({ type: z.string(), id: optionalId, key: z.string().optional(), projectKeyOrId: z.string().optional() }).optional(),
});
export const quickFilter = z.object({ id: idString, name: z.string(), jql: z.string().optional() });

export const dashboard = z.object({
  id: idString,
  name: z.string(),
  owner: z.object({ accountId: z.string().optional() }).optional(),
  sharePermissions: z.array(sharePermission).optional(),
});
export const dashboardGadgets = z.object({
  gadgets: z.array(z.object({ id: idString, title: z.string().optional(), moduleKey: z.string().optional(), uri: z.string().optional() })),
});
export const propertyKeys = z.object({ keys: z.array(z.object({ key: z.string() })) });
export const entityProperty = z.object({ key: z.string(), value: z.unknown() });

export const project = z.object({
  id: idString,
  key: z.string(),
  name: z.string(),
  style: z.enum(['classic', 'next-gen']).optional(),
  simplified: z.boolean().optional(),
  projectTypeKey: z.string().optional(),
  archived: z.boolean().optional(),
  deleted: z.boolean().optional(),
  lead: z.object({ accountId: z.string() }).optional(),
  issueTypes: z.array(z.object({ id: idString })).optional(),
});

const permissionHolder = z.object({ type: z.string(), parameter: optionalId, value: optionalId });
export const permissionScheme = z.object({
  id: idString,
  name: z.string(),
  description: z.string().optional(),
  permissions: z.array(z.object({ id: optionalId, permission: z.string(), holder: permissionHolder.optional() })).optional(),
});
export const permissionSchemes = z.object({ permissionSchemes: z.array(permissionScheme) });
export const projectPermissionScheme = z.object({ id: idString, name: z.string().optional() });

export const notificationScheme = z.object({
  id: idString,
  name: z.string(),
  description: z.string().optional(),
  notificationSchemeEvents: z
    .array(
      z.object({
        event: z.object({ id: idString, name: z.string().optional() }),
        notifications: z.array(
          z.object({
            notificationType: z.string(),
            parameter: z.string().optional(),
            group: z.object({ groupId: z.string().optional(), name: z.string().optional() }).optional(),
            field: z.object({ id: z.string() }).optional(),
            projectRole: z.object({ id: idString }).optional(),
          }),
        ),
      }),
    )
    .optional(),
});
export const notificationSchemeProject = z.object({ notificationSchemeId: idString, projectId: idString });

export const named = z.object({ id: idString, name: z.string() });
export const group = z.object({ groupId: z.string(), name: z.string() });

/** A list inside an object (a priority scheme's priorities and projects): its first page, and whether there is more. */
const innerPage = <T extends z.ZodType>(item: T) => z.object({ isLast: z.boolean().optional(), total: z.number().optional(), values: z.array(item).optional() }).nullish();

/**
 * `GET /rest/api/3/priorityscheme?expand=priorities,projects` items. The default scheme says so as `default` or as
 * `isDefault` (the document declares both, jira.js's schema too; sites have sent either): either is read.
 */
export const priorityScheme = z.object({
  id: idString,
  name: z.string(),
  description: z.string().nullish(),
  default: z.boolean().nullish(),
  isDefault: z.boolean().nullish(),
  defaultPriorityId: optionalId,
  priorities: innerPage(z.object({ id: idString })),
  projects: innerPage(z.object({ id: idString })),
});

/** `GET /rest/api/3/issuesecurityschemes/search` items. */
export const securityScheme = z.object({ id: idString, name: z.string(), description: z.string().nullish(), defaultLevel: optionalId.nullable(), projectIds: z.array(idString).nullish() });
/** `GET /rest/api/3/issuesecurityschemes/level` items. */
export const securityLevel = z.object({ id: idString, name: z.string(), description: z.string().nullish(), isDefault: z.boolean().optional(), issueSecuritySchemeId: idString });
/** `GET /rest/api/3/issuesecurityschemes/level/member?expand=all` items; holders as for permissions. */
export const securityLevelMember = z.object({ id: idString, issueSecurityLevelId: idString, issueSecuritySchemeId: idString, holder: permissionHolder });

/** `GET /rest/api/3/config/fieldschemes` items (field association schemes; sites without them answer 404). */
export const fieldScheme = z.object({ id: idString, name: z.string(), description: z.string().nullish(), isDefault: z.boolean().optional() });
/** `GET /rest/api/3/config/fieldschemes/{id}/fields` items. */
export const fieldSchemeField = z.object({ fieldId: idString, restrictedToWorkTypes: z.array(idString).nullish() });

const planStatus = z.enum(['Active', 'Archived', 'Trashed']);
const issueSource = z.object({ type: z.string(), value: idString });
/** `GET /rest/api/3/plans/plan` (cursor paging; experimental): plans with their issue sources. */
export const planPage = z.object({ last: z.boolean().optional(), nextPageCursor: z.string().nullish(), values: z.array(z.unknown()) });
export const planListItem = z.object({ id: idString, name: z.string(), status: planStatus.optional(), issueSources: z.array(issueSource).nullish() });
const dateField = z.object({ type: z.string().optional(), dateCustomFieldId: optionalId.nullable() }).nullish();
/** `GET /rest/api/3/plans/plan/{planId}`. */
export const planDetail = z.object({
  id: idString,
  name: z.string(),
  status: planStatus.optional(),
  issueSources: z.array(issueSource).nullish(),
  customFields: z.array(z.object({ customFieldId: idString })).nullish(),
  exclusionRules: z.object({ workStatusIds: z.array(idString).nullish(), issueTypeIds: z.array(idString).nullish() }).nullish(),
  scheduling: z.object({ startDate: dateField, endDate: dateField }).nullish(),
});

/** `POST /rest/api/3/search/approximate-count`. */
export const approximateCount = z.object({ count: z.number().int().min(0) });

/** `GET /rest/api/3/field/{fieldId}/context/{contextId}/option` items (`disabled` is documented as required; real sites leave it out). */
export const contextOption = z.object({ id: idString, value: z.string(), disabled: z.boolean().optional(), optionId: optionalId.nullable() });

/**
 * `GET /rest/api/3/field/{fieldId}/context/defaultValue` items of an option field: `optionId` (single; a cascading
 * field's parent, with `cascadingOptionId`), `optionIds` (multiple). A context without a default gives its id only.
 */
export const contextDefault = z.object({ contextId: idString, optionId: optionalId.nullable(), optionIds: z.array(idString).nullish(), cascadingOptionId: optionalId.nullable() });

/** `GET /rest/servicedeskapi/servicedesk` items: a service desk and the service project it is. */
export const serviceDesk = z.object({ id: idString, projectId: idString, projectKey: z.string().optional(), projectName: z.string().optional() });
/** `GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue` items. */
export const queue = z.object({ id: idString, name: z.string(), jql: z.string().nullish(), fields: z.array(z.string()).nullish() });
/** `GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype` items. */
export const requestType = z.object({ id: idString, name: z.string(), issueTypeId: optionalId, serviceDeskId: optionalId });
/** `GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field?expand=hiddenFields`. */
export const requestTypeFields = z.object({
  requestTypeFields: z.array(z.object({ fieldId: z.string(), required: z.boolean().optional(), visible: z.boolean().optional() })),
});

/** An item an audit record names (`objectItem`, `associatedItems[]`): its type, id, name and parent (a context's field). */
const auditItem = z.object({ id: idString.nullish(), typeName: z.string().nullish(), name: z.string().nullish(), parentId: idString.nullish() });

/**
 * `GET /rest/api/3/auditing/record`: `{ offset, limit, total, records }`. Of a record a scan keeps its category, when,
 * its summary, the author's account id and the items it names; its remote address and changed values are never read
 * into the scan.
 */
export const auditRecords = z.object({
  offset: z.number().optional(),
  limit: z.number().optional(),
  total: z.number().optional(),
  records: z
    .array(
      z.object({
        category: z.string().nullish().transform((v) => v ?? ''),
        created: z.string().nullish().transform((v) => v ?? ''),
        summary: z.string().nullish(),
        authorAccountId: z.string().nullish(),
        objectItem: auditItem.nullish(),
        associatedItems: z.array(auditItem).nullish(),
      }),
    )
    .optional(),
});
