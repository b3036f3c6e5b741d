import { describe, expect, it } from 'vitest';
import { ADMIN_PAGES, adminUrl } from '../src/domain/admin-links';
import { emptySnapshot, OBJECT_KINDS, type ConfigSnapshot } from '../src/domain/model';
import { loadSample } from './support/sample';

const site = (baseUrl: string): ConfigSnapshot => ({ ...loadSample(), site: { baseUrl, scannedAt: '2026-11-26T00:00:00.000Z' } });

describe('links into Jira (one table of checked addresses)', () => {
  const s = site('https://acme.atlassian.net/');

  it('gives the page where an admin edits each linked kind, on the scanned site, by id (a workflow by its name)', () => {
    expect(adminUrl(s, 'field', 'customfield_10022', 'Story Points')).toBe('https://acme.atlassian.net/secure/admin/ConfigureCustomField!default.jspa?customFieldId=10022');
    expect(adminUrl(s, 'screen', '10007', 'Old Import Screen')).toBe('https://acme.atlassian.net/secure/admin/ConfigureFieldScreen.jspa?id=10007');
    expect(adminUrl(s, 'workflow', 'b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0005', 'SUP: Incident Workflow')).toBe(
      'https://acme.atlassian.net/secure/admin/workflows/ViewWorkflowSteps.jspa?workflowMode=live&workflowName=SUP%3A%20Incident%20Workflow',
    );
    expect(adminUrl(s, 'filter', '10022', 'Sev 1 in EMEA')).toBe('https://acme.atlassian.net/issues/?filter=10022');
    expect(adminUrl(s, 'board', '1', 'ENG board')).toBe('https://acme.atlassian.net/secure/RapidBoard.jspa?rapidView=1');
    expect(adminUrl(s, 'project', '10000', 'Engineering')).toBe('https://acme.atlassian.net/secure/project/EditProject!default.jspa?pid=10000');
    expect(adminUrl(s, 'priority-scheme', '10100', 'Support priorities')).toBe('https://acme.atlassian.net/secure/admin/EditPriorityScheme!default.jspa?schemeId=10100');
  });

  it('links a request type under its service project and a plan by its id, but not a plan in the trash', () => {
    const requestType = s.requestTypes[0];
    const project = s.projects.find((p) => p.id === requestType?.projectId);
    expect(requestType).toBeDefined();
    expect(adminUrl(s, 'request-type', requestType?.id ?? '', requestType?.name ?? '')).toBe(
      `https://acme.atlassian.net/jira/servicedesk/projects/${project?.key ?? ''}/settings/request-types/request-type/${requestType?.id ?? ''}/request-form`,
    );
    const plan = s.plans[0];
    expect(plan).toBeDefined();
    expect(adminUrl(s, 'plan', plan?.id ?? '', plan?.name ?? '')).toBe(`https://acme.atlassian.net/jira/plans/${plan?.id ?? ''}`);
    const trashed: ConfigSnapshot = { ...s, plans: s.plans.map((p) => ({ ...p, status: 'Trashed' as const })) };
    expect(adminUrl(trashed, 'plan', plan?.id ?? '', plan?.name ?? '')).toBeUndefined();
  });

  it('gives no link rather than a wrong one: system fields, team-managed objects, rules known by uuid, kinds without a checked address, sites without a web address', () => {
    expect(adminUrl(s, 'field', 'summary', 'Summary')).toBeUndefined();
    expect(adminUrl(s, 'field', 'customfield_10061', 'App Sign-off')).toBeUndefined();
    expect(adminUrl(s, 'status', '10100', 'To Do')).toBeUndefined();
    expect(adminUrl(s, 'status', '10001', 'Done')).toBe('https://acme.atlassian.net/secure/admin/EditStatus!default.jspa?id=10001');
    expect(adminUrl(s, 'automation-rule', '0192e5ac-0e25-71de-ba7b-d972e6a20006', 'Rule')).toBeUndefined();
    expect(adminUrl(s, 'automation-rule', '42', 'Rule')).toBe('https://acme.atlassian.net/jira/settings/automation#/rule/42');
    expect(adminUrl(s, 'queue', '2', 'Waiting for support')).toBe('https://acme.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/2');
    expect(adminUrl(s, 'queue', '99', 'Gone')).toBeUndefined();
    expect(adminUrl(s, 'request-type', '99', 'Gone')).toBeUndefined();
    for (const kind of ['option', 'field-scheme', 'field-context', 'group'] as const) expect(adminUrl(s, kind, '1', 'x')).toBeUndefined();
    // An option opens the configuration page of its context, where its options are listed and edited.
    const option = s.options.find((o) => /^\d+$/.test(o.id));
    expect(adminUrl(s, 'option', option?.id ?? '', option?.name ?? '')).toBe(adminUrl(s, 'field-context', option?.contextId ?? '', ''));
    expect(adminUrl(s, 'option', option?.id ?? '', option?.name ?? '')).toMatch(/ManageConfigurationScheme/);
    const context = s.fieldContexts.find((c) => c.fieldId.startsWith('customfield_') && /^\d+$/.test(c.id));
    expect(adminUrl(s, 'field-context', context?.id ?? '', context?.name ?? '')).toBe(
      `https://acme.atlassian.net/secure/admin/ManageConfigurationScheme!default.jspa?customFieldId=${context?.fieldId.slice('customfield_'.length) ?? ''}&fieldConfigSchemeId=${context?.id ?? ''}`,
    );
    expect(adminUrl({ ...emptySnapshot({ baseUrl: 'fixture:sample', scannedAt: '' }) }, 'screen', '1', 'x')).toBeUndefined();
    expect(adminUrl(s, 'screen', '../../evil', 'x')).toBeUndefined();
  });

  it('says for every linked kind what its address was checked against', () => {
    for (const kind of OBJECT_KINDS) {
      const page = ADMIN_PAGES[kind];
      if (page !== undefined) expect(page.checked.length, kind).toBeGreaterThan(20);
    }
  });
});
