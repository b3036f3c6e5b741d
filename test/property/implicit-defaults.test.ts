import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import { analyse, impact } from '../../src/domain/analysis';
import type { Analysis } from '../../src/domain/analysis';
import type { Edge } from '../../src/domain/graph';
import { IMPLICIT_DEFAULT_ID } from '../../src/domain/implicit-defaults';
import { DEFAULT_ISSUE_TYPE_KEY, type ObjectKind } from '../../src/domain/model';
import { loadSample } from '../support/sample';

/** The edge of `edges` for the issue type, else the scheme's default one (an issue-type mapping's evidence). */
function forIssueType(edges: readonly Edge[], issueTypeId: string): Edge | undefined {
  const typeOf = (e: Edge): string | undefined => (e.evidence.type === 'issue-type-mapping' ? e.evidence.issueTypeId : undefined);
  return edges.find((e) => typeOf(e) === issueTypeId) ?? edges.find((e) => typeOf(e) === DEFAULT_ISSUE_TYPE_KEY);
}

/** What each live company-managed project reaches, in the graph, for each of its issue types: a workflow and a screen. */
function reached(a: Analysis): { project: string; issueType: string; workflow?: string; screen?: string }[] {
  const out: { project: string; issueType: string; workflow?: string; screen?: string }[] = [];
  for (const p of a.snapshot.projects) {
    if (p.style !== 'classic' || p.archived === true || p.deleted === true) continue;
    const uses = a.graph.usesOf({ kind: 'project', id: p.id });
    const scheme = (kind: ObjectKind): string | undefined => uses.find((e) => e.relation === 'project-scheme' && e.to.kind === kind)?.to.id;
    for (const t of p.issueTypeIds) {
      const wfs = scheme('workflow-scheme');
      const workflow = wfs === undefined ? undefined : forIssueType(a.graph.usesOf({ kind: 'workflow-scheme', id: wfs }).filter((e) => e.relation === 'workflow-scheme-workflow'), t)?.to.id;
      const itss = scheme('issue-type-screen-scheme');
      const screenScheme = itss === undefined ? undefined : forIssueType(a.graph.usesOf({ kind: 'issue-type-screen-scheme', id: itss }).filter((e) => e.relation === 'issue-type-screen-scheme-screen-scheme'), t)?.to.id;
      const screen = screenScheme === undefined ? undefined : a.graph.usesOf({ kind: 'screen-scheme', id: screenScheme }).find((e) => e.relation === 'screen-scheme-screen')?.to.id;
      out.push({ project: p.key, issueType: t, ...(workflow === undefined ? {} : { workflow }), ...(screen === undefined ? {} : { screen }) });
    }
  }
  return out;
}

describe("Jira's implicit defaults are objects", () => {
  test.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 })], { numRuns: 8 })(
    'on generated sites every live company-managed project reaches, in the graph, a workflow and a screen for each of its issue types',
    (seed) => {
      const site = generateSnapshot({ preset: 'small', seed });
      const a = analyse(site);
      const rows = reached(a);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => r.workflow === undefined || r.screen === undefined)).toEqual([]);
    },
  );

  it("on the sample: the projects on Jira's id-less Default Workflow Scheme reach workflow jira, and its impact lists each of them", () => {
    const sample = loadSample();
    const a = analyse(sample);
    expect(reached(a).filter((r) => r.workflow === undefined || r.screen === undefined)).toEqual([]);
    const onDefault = sample.projects.filter((p) => p.schemes['workflow-scheme'] === IMPLICIT_DEFAULT_ID).map((p) => p.id).sort();
    expect(onDefault.length).toBeGreaterThan(0);
    const jira = sample.workflows.find((w) => w.name === 'jira');
    const node = a.graph.node({ kind: 'workflow', id: jira?.id ?? '' });
    const hit = node === undefined ? [] : impact(a, node).rows.filter((r) => r.affected_kind === 'project').map((r) => String(r.affected_id)).sort();
    for (const id of onDefault) expect(hit).toContain(id);
    // Jira's defaults cannot be deleted: never a cleanup candidate.
    expect(a.snapshot.workflowSchemes.find((s) => s.id === IMPLICIT_DEFAULT_ID)?.implicit).toBe(true);
  });
});
