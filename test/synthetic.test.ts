import { describe, expect, it } from 'vitest';
import { generateSnapshot, SYNTHETIC_PRESETS } from '../src/adapters/synthetic/generator';
import { analyse } from '../src/domain/analysis';
import { RELATIONS } from '../src/domain/graph';

describe('synthetic generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSnapshot({ preset: 'small', seed: 42 })).toEqual(generateSnapshot({ preset: 'small', seed: 42 }));
    expect(generateSnapshot({ preset: 'small', seed: 42 })).not.toEqual(generateSnapshot({ preset: 'small', seed: 43 }));
  });

  it('makes the counts of its preset', () => {
    const c = SYNTHETIC_PRESETS.medium;
    const s = generateSnapshot({ preset: 'medium' });
    expect(s.fields.filter((f) => f.custom)).toHaveLength(c.customFields);
    expect(s.screens).toHaveLength(c.screens);
    expect(s.workflows).toHaveLength(c.workflows);
    expect(s.workflows.reduce((n, w) => n + w.transitions.length, 0)).toBe(c.workflows * c.transitionsPerWorkflow);
    expect(s.filters).toHaveLength(c.filters);
    expect(s.boards).toHaveLength(c.boards);
    expect(s.dashboards).toHaveLength(c.dashboards);
    expect(s.projects).toHaveLength(c.projects);
    expect(SYNTHETIC_PRESETS.enterprise).toMatchObject({ customFields: 3000, screens: 6000, workflows: 2000, filters: 50000, boards: 5000, dashboards: 3000, projects: 2000 });
    expect(SYNTHETIC_PRESETS.enterprise.workflows * SYNTHETIC_PRESETS.enterprise.transitionsPerWorkflow).toBe(40000);
  });

  it('makes every relation, and a few percent of the problems the reports look for', () => {
    const a = analyse(generateSnapshot({ preset: 'medium', seed: 5 }));
    expect(RELATIONS.filter((r) => !a.graph.edges.some((e) => e.relation === r))).toEqual([]);
    const findings = a.graph.jqlFindings;
    const filters = a.snapshot.filters.length;
    for (const type of ['broken', 'ambiguous', 'syntax'] as const) {
      const n = findings.filter((f) => f.finding.type === type).length;
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(filters * 0.1);
    }
    expect(a.graph.dangling.length).toBeGreaterThan(0);
    expect(a.graph.dangling.length).toBeLessThan(a.graph.edges.length * 0.01);
  });
});
