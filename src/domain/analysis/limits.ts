import type { ConfigSnapshot } from '../model';

/**
 * Atlassian's published Jira Cloud limits and guardrails that the configuration itself can approach, as of the page
 * https://support.atlassian.com/jira-cloud-administration/docs/data-limits-and-guardrails (limits are hard caps Jira
 * enforces; guardrails are recommendations). Only what that page publishes is here: no made-up numbers, and kinds it
 * names no limit for (custom fields across the site: "no limit") have none.
 */
export interface PublishedLimit {
  readonly check: string;
  readonly kind: 'limit' | 'guardrail';
  readonly max: number;
  /** What is counted, in words, as the page says it. */
  readonly counted: string;
}

export const LIMITS_SOURCE = 'https://support.atlassian.com/jira-cloud-administration/docs/data-limits-and-guardrails';

export const PUBLISHED_LIMITS = {
  fieldsPerProject: { check: 'custom fields per company-managed project', kind: 'limit', max: 700, counted: 'custom fields whose context is global or names the project (system fields do not count)' },
  fieldsPerTeamProject: { check: 'custom fields per team-managed project', kind: 'limit', max: 50, counted: "the project's own fields" },
  workTypesPerProject: { check: 'work types per project', kind: 'limit', max: 150, counted: 'issue types available in the project' },
  workflowsPerProject: { check: 'workflows per project', kind: 'limit', max: 150, counted: "workflows of the project's workflow scheme" },
  securityLevelsPerProject: { check: 'security levels per project', kind: 'limit', max: 50, counted: "levels of the project's issue security scheme" },
  holdersPerPermission: { check: 'holders per permission', kind: 'limit', max: 50, counted: 'users, roles and groups granted one permission in one scheme' },
  projectsPerSite: { check: 'projects per site', kind: 'guardrail', max: 8_400, counted: 'projects, archived and in the trash included' },
} as const satisfies Readonly<Record<string, PublishedLimit>>;

/** How close the site comes to one limit: the highest count, and where. */
export interface LimitUse {
  readonly limit: PublishedLimit;
  readonly highest: number;
  /** The object with the highest count, in words ("project ENG"), when the limit is per object. */
  readonly where?: string;
}

function highest<T>(items: readonly T[], count: (item: T) => number, name: (item: T) => string): { readonly highest: number; readonly where?: string } {
  let best: T | undefined;
  let n = 0;
  for (const item of items) {
    const c = count(item);
    if (best === undefined || c > n) {
      best = item;
      n = c;
    }
  }
  return best === undefined ? { highest: 0 } : { highest: n, where: name(best) };
}

/** The site against every published limit the configuration can approach. */
export function limitUses(s: ConfigSnapshot): LimitUse[] {
  const company = s.projects.filter((p) => p.style === 'classic');
  const team = s.projects.filter((p) => p.style !== 'classic');
  const customCompany = new Set(s.fields.filter((f) => f.custom && f.projectId === undefined).map((f) => f.id));
  const globalFields = new Set<string>();
  const fieldsOfProject = new Map<string, Set<string>>();
  for (const c of s.fieldContexts) {
    if (!customCompany.has(c.fieldId)) continue;
    if (c.isGlobalContext) globalFields.add(c.fieldId);
    for (const p of c.projectIds) (fieldsOfProject.get(p) ?? fieldsOfProject.set(p, new Set()).get(p))?.add(c.fieldId);
  }
  const fieldCount = (projectId: string): number => {
    const own = fieldsOfProject.get(projectId);
    if (own === undefined) return globalFields.size;
    let n = globalFields.size;
    for (const f of own) if (!globalFields.has(f)) n++;
    return n;
  };
  const teamFields = new Map<string, number>();
  for (const f of s.fields) if (f.projectId !== undefined) teamFields.set(f.projectId, (teamFields.get(f.projectId) ?? 0) + 1);
  const workflowScheme = new Map(s.workflowSchemes.map((w) => [w.id, w]));
  const securityOf = new Map<string, number>();
  for (const x of s.issueSecuritySchemes) for (const p of x.projectIds) securityOf.set(p, x.levels.length);
  const projectName = (p: { readonly key: string }): string => `project ${p.key}`;
  const holders: { scheme: string; permission: string; count: number }[] = [];
  for (const scheme of s.permissionSchemes) {
    const byPermission = new Map<string, number>();
    for (const g of scheme.grants) byPermission.set(g.permission, (byPermission.get(g.permission) ?? 0) + 1);
    for (const [permission, count] of byPermission) holders.push({ scheme: scheme.name, permission, count });
  }
  return [
    { limit: PUBLISHED_LIMITS.fieldsPerProject, ...highest(company, (p) => fieldCount(p.id), projectName) },
    { limit: PUBLISHED_LIMITS.fieldsPerTeamProject, ...highest(team, (p) => teamFields.get(p.id) ?? 0, projectName) },
    { limit: PUBLISHED_LIMITS.workTypesPerProject, ...highest(s.projects, (p) => p.issueTypeIds.length, projectName) },
    {
      limit: PUBLISHED_LIMITS.workflowsPerProject,
      ...highest(
        company,
        (p) => {
          const w = p.schemes['workflow-scheme'] === undefined ? undefined : workflowScheme.get(p.schemes['workflow-scheme']);
          return w === undefined ? 1 : new Set([w.defaultWorkflow ?? 'jira', ...w.issueTypeMappings.map((m) => m.workflow)]).size;
        },
        projectName,
      ),
    },
    { limit: PUBLISHED_LIMITS.securityLevelsPerProject, ...highest(s.projects, (p) => securityOf.get(p.id) ?? 0, projectName) },
    { limit: PUBLISHED_LIMITS.holdersPerPermission, ...highest(holders, (h) => h.count, (h) => `${h.permission} in ${h.scheme}`) },
    { limit: PUBLISHED_LIMITS.projectsPerSite, highest: s.projects.length },
  ];
}
