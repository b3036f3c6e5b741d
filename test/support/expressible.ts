import { withoutPersonalData } from '../../src/adapters/automation/rules';
import type { ConfigSnapshot } from '../../src/domain/model';

const RULE_ORDER = { condition: 0, validator: 1, 'post-function': 2, trigger: 3 } as const;

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * A snapshot as far as Jira's REST API can express it, in a canonical order: what a scan of a site holding
 * `s` can give back. Site and coverage are the scan's own; collections are compared sorted by id (Jira orders
 * filters by name and projects by key); issues and users are not configuration; a gadget that exposes no property is indistinguishable from one whose
 * configuration is hidden; usage data and descriptions exist for custom fields only; a transition's rules come
 * grouped by kind (conditions, validators, post-functions, triggers) and a scheme's issue type mappings are a JSON
 * object, which has no order. Automation rules come back without people's names and e-mail addresses, which a scan
 * never keeps.
 */
export function expressible(s: ConfigSnapshot): Omit<ConfigSnapshot, 'site' | 'coverage' | 'issues' | 'users'> {
  // A configuration scan reads no issues or users: fixtures hold those for issue export only.
  const { site: _site, coverage: _coverage, issues: _issues, users: _users, ...rest } = s;
  return {
    ...rest,
    projects: byId(s.projects),
    // Counts of issues holding a value come from the site's issues, not its configuration: compared elsewhere.
    fields: byId(s.fields).map(({ issuesWithValue: _n, issuesWithValueUnknown: _u, ...f }) => {
      if (f.custom) return f;
      const { description: _d, lastUsed: _l, screensCount: _s, contextsCount: _c, isLocked: _i, searcherKey: _k, ...system } = f;
      return system;
    }),
    fieldContexts: byId(s.fieldContexts),
    automationRules: s.automationRules.map((r) => ({ ...r, trigger: withoutPersonalData(r.trigger), components: r.components.map(withoutPersonalData) })),
    filters: byId(s.filters),
    workflows: s.workflows.map((w) => ({
      ...w,
      transitions: w.transitions.map((t) => ({ ...t, rules: [...t.rules].sort((a, b) => RULE_ORDER[a.kind] - RULE_ORDER[b.kind]) })),
    })),
    workflowSchemes: s.workflowSchemes.map((w) => ({ ...w, issueTypeMappings: [...w.issueTypeMappings].sort((a, b) => a.issueTypeId.localeCompare(b.issueTypeId)) })),
    dashboards: byId(s.dashboards).map((d) => ({
      ...d,
      gadgets: d.gadgets.map((g) => (Object.keys(g.properties).length === 0 || !g.propertiesVisible ? { ...g, properties: {}, propertiesVisible: false } : g)),
    })),
  };
}
