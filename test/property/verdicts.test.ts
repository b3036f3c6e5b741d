import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { analyse, cleanup, jiraUses, JUDGED_KINDS, RECENT_DAYS, unused } from '../../src/domain/analysis';
import { NOT_A_USE } from '../../src/domain/graph';
import type { ConfigSnapshot, Field, ObjectKind } from '../../src/domain/model';
import { anySnapshot } from '../support/snapshot-arbitrary';

const DAY_MS = 86_400_000;

/** A site's snapshot with what the verdicts weigh varied: archived and trashed projects, values held, last uses. */
const site = fc
  .tuple(anySnapshot, fc.array(fc.nat(), { minLength: 64, maxLength: 64 }))
  .map(([s, picks]): ConfigSnapshot => {
    const pick = (i: number, n: number): number => (picks[i % picks.length] ?? 0) % n;
    const scanned = Date.parse(s.site.scannedAt);
    const ago = (days: number): string => new Date(scanned - days * DAY_MS).toISOString();
    const lastUsed = (i: number): Field['lastUsed'] => {
      switch (pick(i, 5)) {
        case 0:
          return { type: 'TRACKED', value: ago(10) };
        case 1:
          return { type: 'TRACKED', value: ago(400) };
        case 2:
          return { type: 'TRACKED' };
        case 3:
          return { type: 'NOT_TRACKED' };
        default:
          return undefined;
      }
    };
    return {
      ...s,
      projects: s.projects.map((p, i) => ({ ...p, ...(pick(i, 3) === 1 ? { archived: true } : pick(i, 3) === 2 ? { deleted: true } : {}) })),
      fields: s.fields.map((f, i) => {
        const values = pick(i + 7, 4);
        const lu = lastUsed(i + 13);
        const { lastUsed: _lu, issuesWithValue: _v, issuesWithValueUnknown: _u, ...rest } = f;
        return { ...rest, ...(lu === undefined ? {} : { lastUsed: lu }), ...(values === 0 ? { issuesWithValue: 0 } : values === 1 ? { issuesWithValue: 40 } : values === 2 ? { issuesWithValueUnknown: 'JQL cannot test it' } : {}) };
      }),
      filters: s.filters.map((f, i) => {
        const { approximateLastUsed: _a, ...rest } = f;
        const when = pick(i + 29, 3);
        return when === 0 ? rest : { ...rest, approximateLastUsed: ago(when === 1 ? 20 : 300) };
      }),
    };
  });

const KINDS: readonly ObjectKind[] = JUDGED_KINDS;

describe('cleanup verdicts', () => {
  test.prop([site], { numRuns: 80 })(
    'a safe or review object is used by nothing, or only by archived or trashed projects or archived dashboards (which its reasons name), and such an object is review; without --all the rows are those of --all that are not in use',
    (s) => {
      const a = analyse(s);
      const projects = new Map(s.projects.map((p) => [p.id, p]));
      const dashboards = new Map(s.dashboards.map((d) => [d.id, d]));
      /** What a use from an archived or trashed user says in the reasons, or undefined for a live user. */
      const kept = (from: { kind: string; id: string }): string | undefined => {
        if (from.kind === 'dashboard') {
          const d = dashboards.get(from.id);
          return d?.archived === true ? `archived dashboard ${d.name} uses it` : undefined;
        }
        if (from.kind !== 'project') return undefined;
        const p = projects.get(from.id);
        return p?.deleted === true ? `project in the trash ${p.key} uses it` : p?.archived === true ? `archived project ${p.key} uses it` : undefined;
      };
      for (const kind of KINDS) {
        const all = cleanup(a, kind, true).rows;
        expect(cleanup(a, kind).rows).toEqual(all.filter((r) => r.verdict !== 'in-use'));
        for (const r of all) {
          const uses = a.graph.usersOf({ kind, id: String(r.id) }).filter((e) => !NOT_A_USE.has(e.relation));
          // Used, and only by archived or trashed users: never in use (restoring one needs it, so: review).
          // (Unless Jira itself uses it: its default, a subscription, a recent run, a rule that runs.)
          const node = a.graph.node({ kind, id: String(r.id) });
          const jira = node === undefined ? [] : jiraUses(a, node);
          if (jira.length === 0 && uses.length > 0 && uses.every((e) => kept(e.from) !== undefined)) expect(r.verdict, `${kind}:${String(r.id)}`).toBe('review');
          if (jira.length > 0) expect(r.verdict, `${kind}:${String(r.id)}`).toBe('in-use');
          if (r.verdict === 'in-use') continue;
          for (const e of uses) {
            const words = kept(e.from);
            expect(words, `${kind}:${String(r.id)} used by ${e.from.kind}:${e.from.id}`).toBeDefined();
            expect(String(r.reasons)).toContain(words);
          }
        }
      }
    },
  );

  test.prop([site], { numRuns: 80 })('every unused object has a cleanup row that is safe or review', (s) => {
    const a = analyse(s);
    for (const kind of KINDS) {
      const judged = new Map(cleanup(a, kind).rows.map((r) => [String(r.id), r.verdict]));
      for (const r of unused(a, kind).rows) expect(judged.get(String(r.id)), `${kind}:${String(r.id)}`).toMatch(/^(safe|review)$/);
    }
  });

  test.prop([site], { numRuns: 80 })(
    'safe means: used by nothing; a field holds no value and Jira tracked no use in the last 180 days (or tracks none); a filter was not run in them; no coverage gap or note weighs on it',
    (s) => {
      const a = analyse(s);
      const scanned = Date.parse(s.site.scannedAt);
      const fields = new Map(s.fields.map((f) => [f.id, f]));
      const filters = new Map(s.filters.map((f) => [f.id, f]));
      for (const kind of KINDS) {
        for (const r of cleanup(a, kind).rows) {
          if (r.verdict !== 'safe') continue;
          const id = String(r.id);
          expect(a.graph.usersOf({ kind, id }).filter((e) => !NOT_A_USE.has(e.relation))).toEqual([]);
          expect(String(r.reasons)).toMatch(/; nothing hides a use$/);
          expect(kind).not.toBe('option');
          if (kind === 'field') {
            const f = fields.get(id);
            expect(f?.issuesWithValue).toBe(0);
            // When no issue holds a value, an unknown last use does not keep it from safe; a tracked one must be old.
            const value = f?.lastUsed?.type === 'TRACKED' ? f.lastUsed.value : undefined;
            if (value !== undefined) expect((scanned - Date.parse(value)) / DAY_MS).toBeGreaterThan(RECENT_DAYS);
          }
          if (kind === 'filter') {
            const used = filters.get(id)?.approximateLastUsed;
            expect(used).toBeDefined();
            expect((scanned - Date.parse(used ?? '')) / DAY_MS).toBeGreaterThan(RECENT_DAYS);
          }
        }
      }
    },
  );
});
