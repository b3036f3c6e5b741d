import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/domain/analysis';
import { diffSnapshots } from '../src/domain/diff';
import type { ConfigSnapshot } from '../src/domain/model';
import { cliInProcess } from './support/cli';
import { loadSample, SAMPLE_PATH } from './support/sample';
import { anySnapshot } from './support/snapshot-arbitrary';
import { tempDir } from './support/temp';

const dir = tempDir('config-lens-diff-');

const cli = cliInProcess;

/** The sample with a field renamed, an unused screen deleted, a filter's JQL naming a field that does not exist, and a workflow deleted that a scheme maps. */
function changed(sample: ConfigSnapshot): ConfigSnapshot {
  return {
    ...sample,
    fields: sample.fields.map((f) => (f.id === 'customfield_10062' ? { ...f, name: 'Automation Rank', clauseNames: ['cf[10062]', 'Automation Rank'] } : f)),
    screens: sample.screens.filter((s) => s.id !== '10007'),
    filters: sample.filters.map((f) => (f.id === '10008' ? { ...f, jql: '"Story Pointz" > 5 AND sprint in openSprints()' } : f)),
    workflows: sample.workflows.filter((w) => w.name !== 'ENG: Bug Workflow'),
  };
}

describe('config-lens diff', () => {
  it('lists a renamed field, a deleted screen, a changed JQL and a deleted workflow once each, and a broken row for the filter and for the scheme', async () => {
    const sample = loadSample();
    const after = join(dir, 'after.json');
    writeFileSync(after, JSON.stringify(changed(sample)));
    const out = join(dir, 'diff.json');
    const result = await cli('diff', SAMPLE_PATH, after, '--out', out);
    expect(result.code).toBe(0);
    expect(result.err).toBe(`0 added, 2 removed, 1 renamed, 1 changed, 2 reference(s) broken (written to ${out})\n`);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>[];
    expect(rows.map((r) => `${r.change} ${r.kind}:${r.id} ${r.detail}`)).toEqual([
      'renamed field:customfield_10062 "Automation Score" → "Automation Rank"',
      'removed screen:10007 ',
      'removed workflow:b5f1a6c4-0c1e-4a55-9a6f-3f0a1c2b0003 ',
      'changed filter:10008 JQL changed: "Story Points" > 5 AND sprint in openSprints() → "Story Pointz" > 5 AND sprint in openSprints()',
      'broken filter:10008 filter JQL names field "Story Pointz", which matches nothing now',
      'broken workflow-scheme:10000 uses the workflow for issue types: workflow ENG: Bug Workflow, which no longer exists (issue type 10004 mapping)',
    ]);
  });

  it('says what changed in words: a field taken off a tab, a scheme association, a workflow mapping; usage data is no change', () => {
    const sample = loadSample();
    const [screen] = sample.screens;
    const [tab] = screen?.tabs ?? [];
    if (screen === undefined || tab === undefined) throw new Error('the sample has screens with tabs');
    const removedField = tab.fieldIds[0] ?? '';
    const after: ConfigSnapshot = {
      ...sample,
      screens: sample.screens.map((s) => (s.id === screen.id ? { ...s, tabs: s.tabs.map((t) => (t.id === tab.id ? { ...t, fieldIds: t.fieldIds.slice(1) } : t)) } : s)),
      projects: sample.projects.map((p) => (p.key === 'HR' ? { ...p, schemes: { ...p.schemes, 'notification-scheme': '10002' } } : p)),
      fields: sample.fields.map((f) => ({ ...f, lastUsed: { type: 'TRACKED', value: '2026-11-25T00:00:00.000Z' }, issuesWithValue: 99 })),
    };
    const rows = diffSnapshots(sample, after).rows.map((r) => `${String(r.change)} ${String(r.kind)}:${String(r.id)} ${String(r.detail)}`);
    const fieldName = sample.fields.find((f) => f.id === removedField)?.name ?? removedField;
    expect(rows).toEqual([
      'changed project:10002 scheme association changed: notification-scheme Default Notification Scheme (10000) → Quiet Notification Scheme (10002)',
      `changed screen:${screen.id} tab ${tab.name}: field ${fieldName} (${removedField}) removed`,
    ]);
  });

  it('says as an auditor reads it which permission was granted to or removed from which holder, who an event notifies and a level shows issues to, and which rule of which transition changed', () => {
    const sample = loadSample();
    const wf = sample.workflows.find((w) => w.name === 'jira');
    const resolve = wf?.transitions.find((t) => t.id === '5');
    if (wf === undefined || resolve === undefined) throw new Error('the sample has workflow jira with transition 5');
    const after: ConfigSnapshot = {
      ...sample,
      permissionSchemes: sample.permissionSchemes.map((p, i) =>
        i !== 0 ? p : { ...p, grants: [...p.grants.filter((g) => g.id !== '10001'), { id: '19999', permission: 'DELETE_ISSUES', holder: { type: 'group', parameter: '8a3e4b1c-6f2d-4e7a-b9c0-1d2e3f4a5b02' } }] },
      ),
      notificationSchemes: sample.notificationSchemes.map((n, i) =>
        i !== 0 ? n : { ...n, events: n.events.map((e) => (e.eventId === '1' ? { ...e, notifications: [...e.notifications.filter((h) => h.type !== 'Reporter'), { type: 'ProjectRole', parameter: '10003' }] } : e)) },
      ),
      issueSecuritySchemes: sample.issueSecuritySchemes.map((x) => ({ ...x, levels: x.levels.map((l) => (l.id === '10100' ? { ...l, members: l.members.filter((h) => h.type !== 'projectRole') } : l)) })),
      workflows: sample.workflows.map((w) =>
        w.id !== wf.id
          ? w
          : {
              ...w,
              transitions: w.transitions.map((t) =>
                t.id !== '5'
                  ? t
                  : {
                      ...t,
                      screenId: undefined,
                      rules: [
                        { kind: 'post-function' as const, ruleKey: 'system:update-field', parameters: { field: 'resolution', fieldValue: '10001' } },
                        { kind: 'validator' as const, ruleKey: 'system:validate-field-value', parameters: { ruleType: 'fieldRequired', fieldsRequired: 'customfield_10040' } },
                      ],
                    },
              ),
            },
      ),
    };
    const rows = diffSnapshots(sample, after).rows.map((r) => `${String(r.kind)}:${String(r.id)} ${String(r.detail)}`);
    const scheme = sample.permissionSchemes[0]?.id ?? '';
    const notifications = sample.notificationSchemes[0]?.id ?? '';
    expect(rows).toEqual([
      `workflow:${wf.id} transition "Resolve Issue" (id 5): screen ${sample.screens.find((x) => x.id === '2')?.name ?? ''} (2) → (none)`,
      `workflow:${wf.id} transition "Resolve Issue" (id 5): post-function "update field" changed: field value 10000 → 10001`,
      `workflow:${wf.id} transition "Resolve Issue" (id 5): validator "field required" added`,
      `notification-scheme:${notifications} event "Issue Created" (1): now notifies project role Member (10003)`,
      `notification-scheme:${notifications} event "Issue Created" (1): no longer notifies reporter`,
      `permission-scheme:${scheme} permission DELETE_ISSUES granted to group jira-software-users-acme (8a3e4b1c-6f2d-4e7a-b9c0-1d2e3f4a5b02)`,
      `permission-scheme:${scheme} permission CREATE_ISSUES removed from project role Member (10003)`,
      'issue-security-scheme:10000 security level "Confidential" (10100): project role Administrators (10002) may no longer see its issues',
    ]);
  });

  it('--fail-on broken (for CI) exits 3 when a reference broke and 0 when none did; the report is written either way', async () => {
    const after = join(dir, 'after-ci.json');
    writeFileSync(after, JSON.stringify(changed(loadSample())));
    const out = join(dir, 'ci.csv');
    const broke = await cli('diff', SAMPLE_PATH, after, '--out', out, '--fail-on', 'broken');
    expect(broke.code).toBe(3);
    expect(broke.err).toContain('--fail-on: 2 broken\n');
    expect(readFileSync(out, 'utf8')).toContain('broken');
    expect((await cli('diff', SAMPLE_PATH, after, '--out', out, '--fail-on', 'added')).code).toBe(0);
    expect((await cli('diff', SAMPLE_PATH, after, '--out', out, '--fail-on', 'added, renamed'))).toMatchObject({ code: 3, err: expect.stringContaining('--fail-on: 1 renamed') as string });
    expect((await cli('diff', SAMPLE_PATH, SAMPLE_PATH, '--out', out, '--fail-on', 'broken,removed,changed')).code).toBe(0);
    expect(await cli('diff', SAMPLE_PATH, after, '--fail-on', 'brokne')).toMatchObject({ code: 2, err: "config-lens: --fail-on: 'brokne' is not one of added, removed, renamed, changed, broken (see config-lens help)\n" });
  });

  it('refuses one file, or an --out that is one of the inputs, writing nothing', async () => {
    expect((await cli('diff', SAMPLE_PATH)).err).toContain('diff: give two snapshot files');
    const r = await cli('diff', SAMPLE_PATH, SAMPLE_PATH, '--out', SAMPLE_PATH);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is the same file as <old.json>');
  });
});

describe('diffSnapshots (properties)', () => {
  test.prop([anySnapshot], { numRuns: 40 })('a snapshot against itself has no change, and usage data alone is none', (s) => {
    expect(diffSnapshots(s, structuredClone(s)).rows).toEqual([]);
    const touched: ConfigSnapshot = { ...s, filters: s.filters.map((f) => ({ ...f, approximateLastUsed: '2026-11-25T00:00:00.000Z' })) };
    expect(diffSnapshots(s, touched).rows).toEqual([]);
  });

  test.prop([anySnapshot, fc.nat()], { numRuns: 40 })('removing one filter gives exactly one removed row for it, and broken rows only for objects that named it', (s, pick) => {
    const gone = s.filters[pick % Math.max(1, s.filters.length)];
    if (gone === undefined) return;
    const rows = diffSnapshots(s, { ...s, filters: s.filters.filter((f) => f.id !== gone.id) }).rows;
    expect(rows.filter((r) => r.change !== 'broken')).toEqual([{ change: 'removed', kind: 'filter', id: gone.id, name: gone.name, detail: '', changed_at: null, changed_by: null }]);
    const users = new Set(analyse(s).graph.usersOf({ kind: 'filter', id: gone.id }).map((e) => `${e.from.kind}:${e.from.id}`));
    for (const r of rows.filter((x) => x.change === 'broken')) expect(users.has(`${String(r.kind)}:${String(r.id)}`)).toBe(true);
  });
});
