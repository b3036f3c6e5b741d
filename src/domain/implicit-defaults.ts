import { DEFAULT_ISSUE_TYPE_KEY, type ConfigSnapshot, type FieldConfigurationScheme, type WorkflowScheme } from './model';

/**
 * Jira's implicit defaults as objects. A company-managed project that has no workflow scheme of its own uses Jira's
 * Default Workflow Scheme (workflow `jira` for every issue type), and one with no field configuration scheme uses
 * the System Default Field Configuration (the default field configuration for every issue type). Jira lists neither:
 * `workflowscheme/project` answers the first with no `id`, `fieldconfigurationscheme/project` answers the second with
 * no scheme at all. The scan records such a project's scheme as {@link IMPLICIT_DEFAULT_ID}; here that id becomes an
 * object, so that the project reaches a workflow and a field configuration for each of its issue types, and the
 * impact of workflow `jira` lists every project on the default scheme.
 *
 * (The other defaults are real objects Jira lists with an id: the Default Issue Type Scheme and the Default Issue Type
 * Screen Scheme, the default permission and priority schemes. A project with no notification scheme has none.)
 */

/** The id the scan gives a scheme Jira answers without one (Jira's own ids are numbers: no clash). */
export const IMPLICIT_DEFAULT_ID = 'default';

/** Jira's system workflow, which its Default Workflow Scheme maps every issue type to. */
export const SYSTEM_WORKFLOW = 'jira';

export const DEFAULT_WORKFLOW_SCHEME: WorkflowScheme = {
  id: IMPLICIT_DEFAULT_ID,
  name: 'Default Workflow Scheme',
  description: "Jira's implicit default: every company-managed project without a workflow scheme of its own uses it. It has no id and cannot be edited or deleted.",
  defaultWorkflow: SYSTEM_WORKFLOW,
  issueTypeMappings: [],
  implicit: true,
};

/**
 * The snapshot with the implicit defaults its projects name added as objects (once: a snapshot that has them is
 * returned as it is). The workflow scheme maps to `jira` only when the site lists that workflow; the field
 * configuration scheme only when the site lists its default field configuration.
 */
export function withImplicitDefaults(s: ConfigSnapshot): ConfigSnapshot {
  const named = (kind: 'workflow-scheme' | 'field-configuration-scheme'): boolean => s.projects.some((p) => p.schemes[kind] === IMPLICIT_DEFAULT_ID);
  const addWorkflowScheme = named('workflow-scheme') && !s.workflowSchemes.some((x) => x.id === IMPLICIT_DEFAULT_ID);
  const defaultConfiguration = s.fieldConfigurations.find((c) => c.isDefault);
  const addFieldConfigurationScheme = named('field-configuration-scheme') && !s.fieldConfigurationSchemes.some((x) => x.id === IMPLICIT_DEFAULT_ID);
  if (!addWorkflowScheme && !addFieldConfigurationScheme) return s;
  const hasJira = s.workflows.some((w) => w.name === SYSTEM_WORKFLOW);
  const { defaultWorkflow: _jira, ...withoutWorkflow } = DEFAULT_WORKFLOW_SCHEME;
  const workflowScheme: WorkflowScheme = hasJira ? DEFAULT_WORKFLOW_SCHEME : withoutWorkflow;
  const fieldConfigurationScheme: FieldConfigurationScheme = {
    id: IMPLICIT_DEFAULT_ID,
    name: 'System Default Field Configuration',
    description: "Jira's implicit default: every company-managed project without a field configuration scheme of its own uses the default field configuration for all issue types. It cannot be edited or deleted.",
    mappings: defaultConfiguration === undefined ? [] : [{ issueTypeId: DEFAULT_ISSUE_TYPE_KEY, fieldConfigurationId: defaultConfiguration.id }],
    implicit: true,
  };
  return {
    ...s,
    ...(addWorkflowScheme ? { workflowSchemes: [...s.workflowSchemes, workflowScheme] } : {}),
    ...(addFieldConfigurationScheme ? { fieldConfigurationSchemes: [...s.fieldConfigurationSchemes, fieldConfigurationScheme] } : {}),
  };
}
