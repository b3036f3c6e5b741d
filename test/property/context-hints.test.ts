import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { analyse, health } from '../../src/domain/analysis';
import type { ConfigSnapshot, FieldContext, IssueTypeScreenScheme, Project, ScreenScheme } from '../../src/domain/model';
import { aField, aScreen, aSnapshot } from '../builders';

const CHECK = 'context hints: global contexts of fields few projects show';
const SLOTS = ['default', 'create', 'edit', 'view'] as const;

/**
 * A small site: custom fields with global contexts, screens showing some of them, screen schemes holding screens in
 * their slots, issue type screen schemes mapping those, and projects (company-managed or not, live, archived or in the
 * trash) using an issue type screen scheme or none.
 */
const site = fc
  .record({
    fields: fc.integer({ min: 1, max: 8 }),
    screens: fc.array(fc.array(fc.nat(7), { maxLength: 2 }), { minLength: 1, maxLength: 10 }),
    schemes: fc.array(fc.array(fc.option(fc.nat(9), { nil: undefined, freq: 2 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
    itss: fc.array(fc.array(fc.nat(9), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 16 }),
    projects: fc.array(
      fc.record({
        itss: fc.option(fc.nat(15), { nil: undefined, freq: 8 }),
        classic: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
        state: fc.constantFrom('live', 'live', 'live', 'live', 'archived', 'deleted'),
      }),
      { minLength: 3, maxLength: 20 },
    ),
  })
  .map(({ fields: fieldCount, screens: screenFields, schemes, itss, projects }): ConfigSnapshot => {
    const fields = Array.from({ length: fieldCount }, (_, i) => aField({ n: 30_000 + i, name: `Global ${i}` }));
    const screens = screenFields.map((picks, i) => aScreen(picks.filter((f) => f < fieldCount).map((f) => `customfield_${30_000 + f}`), { id: `S${i}`, name: `Screen ${i}` }));
    const screenSchemes: ScreenScheme[] = schemes.map((slots, i) => ({
      id: `SS${i}`,
      name: `Screen scheme ${i}`,
      screens: Object.fromEntries(SLOTS.flatMap((slot, k) => (slots[k] === undefined || slots[k] >= screens.length ? [] : [[slot, `S${slots[k]}`]]))),
    }));
    const issueTypeScreenSchemes: IssueTypeScreenScheme[] = itss.map((picks, i) => ({
      id: `I${i}`,
      name: `ITSS ${i}`,
      mappings: picks.map((p, k) => ({ issueTypeId: k === 0 ? 'default' : String(10_000 + k), screenSchemeId: `SS${p % screenSchemes.length}` })),
    }));
    const projectList: Project[] = projects.map((p, i) => ({
      id: String(20_000 + i),
      key: `P${String.fromCharCode(65 + i)}`,
      name: `Project ${i}`,
      style: p.classic ? 'classic' : 'next-gen',
      issueTypeIds: [],
      ...(p.state === 'archived' ? { archived: true } : p.state === 'deleted' ? { deleted: true } : {}),
      schemes: p.itss === undefined || p.itss >= issueTypeScreenSchemes.length ? {} : { 'issue-type-screen-scheme': `I${p.itss}` },
    }));
    const fieldContexts: FieldContext[] = fields.map((f, i) => ({ id: `C${i}`, fieldId: f.id, name: `Default context for ${f.name}`, isGlobalContext: true, isAnyIssueType: true, projectIds: [], issueTypeIds: [] }));
    return aSnapshot({ fields, screens, screenSchemes, issueTypeScreenSchemes, projects: projectList, fieldContexts });
  });

/** The hints by the definition: per field, the live company-managed projects whose screens (through their schemes) show it. */
function expectedHints(s: ConfigSnapshot): string[] {
  const classic = s.projects.filter((p) => p.style === 'classic' && p.archived !== true && p.deleted !== true);
  if (classic.length < 4) return [];
  const few = Math.max(1, Math.min(3, Math.floor(classic.length / 4)));
  const shows = (p: Project, fieldId: string): boolean => {
    const itss = s.issueTypeScreenSchemes.find((x) => x.id === p.schemes['issue-type-screen-scheme']);
    return (itss?.mappings ?? []).some((m) => {
      const scheme = s.screenSchemes.find((x) => x.id === m.screenSchemeId);
      return Object.values(scheme?.screens ?? {}).some((id) => s.screens.find((x) => x.id === id)?.tabs.some((t) => t.fieldIds.includes(fieldId)) === true);
    });
  };
  return s.fields
    .map((f) => ({ name: f.name, projects: classic.filter((p) => shows(p, f.id)).map((p) => p.key) }))
    .filter((x) => x.projects.length > 0 && x.projects.length <= few)
    .sort((x, y) => x.projects.length - y.projects.length || x.name.localeCompare(y.name))
    .map((x) => `${x.name} (on screens of ${x.projects.length} of ${classic.length} company-managed projects: ${x.projects.join(', ')})`);
}

describe('context hints', () => {
  test.prop([site], { numRuns: 300 })(
    'a field is hinted exactly when the screens of one to a few live company-managed projects show it, with those projects named',
    (s) => {
      const row = health(analyse(s)).rows.find((r) => r.check === CHECK);
      const expected = expectedHints(s);
      expect(row?.count).toBe(expected.length);
      for (const hint of expected.slice(0, 5)) expect(String(row?.detail)).toContain(hint);
    },
  );
});
