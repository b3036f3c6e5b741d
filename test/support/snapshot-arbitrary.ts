import fc from 'fast-check';
import { generateSnapshot } from '../../src/adapters/synthetic/generator';
import type { ConfigSnapshot, Field, Filter, Project, Screen, ScreenScheme, Workflow } from '../../src/domain/model';
import { aSnapshot } from '../builders';

const fieldId = fc.integer({ min: 1, max: 10 }).map((n) => `customfield_${n}`);
const smallId = fc.integer({ min: 1, max: 6 }).map(String);
const name = fc.constantFrom('Team', 'team', 'Risk', 'Story Points', 'Area', 'Owner');

const fields: fc.Arbitrary<Field[]> = fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 8 }).chain((ns) =>
  fc.tuple(...ns.map((n) => name.map((nm): Field => ({ id: `customfield_${n}`, name: nm, custom: true, clauseNames: [`cf[${n}]`, nm] })))),
);

const screens: fc.Arbitrary<Screen[]> = fc.uniqueArray(smallId, { maxLength: 5 }).chain((ids) =>
  fc.tuple(...ids.map((id) => fc.array(fieldId, { maxLength: 4 }).map((fs): Screen => ({ id, name: `Screen ${id}`, tabs: [{ id: `t${id}`, name: 'Tab', fieldIds: fs }] })))),
);

const screenSchemes: fc.Arbitrary<ScreenScheme[]> = fc.uniqueArray(smallId, { maxLength: 4 }).chain((ids) =>
  fc.tuple(...ids.map((id) => fc.record({ default: smallId, edit: fc.option(smallId, { nil: undefined }) }).map(({ default: d, edit }): ScreenScheme => ({ id, name: `SS ${id}`, screens: edit === undefined ? { default: d } : { default: d, edit } })))),
);

const workflows: fc.Arbitrary<Workflow[]> = fc.uniqueArray(smallId, { maxLength: 3 }).chain((ids) =>
  fc.tuple(
    ...ids.map((id) =>
      fc.record({ statuses: fc.array(smallId, { maxLength: 3 }), screen: fc.option(smallId, { nil: undefined }), field: fieldId }).map(
        ({ statuses, screen, field }): Workflow => ({
          id: `wf${id}`,
          name: `Workflow ${id}`,
          scope: { type: 'GLOBAL' },
          statusIds: statuses,
          transitions: [
            {
              id: '1',
              name: 'Go',
              type: 'DIRECTED',
              fromStatusIds: statuses.slice(0, 1),
              toStatusId: statuses[0] ?? '1',
              rules: [{ kind: 'validator', ruleKey: 'system:validate-field-value', parameters: { fieldsRequired: field } }],
              ...(screen === undefined ? {} : { screenId: screen }),
            },
          ],
        }),
      ),
    ),
  ),
);

const jql = fc.oneof(
  fieldId.map((f) => `cf[${f.slice(12)}] = 1`),
  name.map((n) => `"${n}" is EMPTY`),
  fc.tuple(smallId, name).map(([s, n]) => `status = ${s} AND "${n}" > 2 ORDER BY cf[${s}]`),
  smallId.map((id) => `filter = ${id}`),
  fc.constant('project = P1 AND ('),
);
const filters: fc.Arbitrary<Filter[]> = fc.uniqueArray(smallId, { maxLength: 5 }).chain((ids) =>
  fc.tuple(...ids.map((id) => jql.map((q): Filter => ({ id, name: `Filter ${id}`, jql: q, sharePermissions: [] })))),
);

const projects: fc.Arbitrary<Project[]> = fc.array(
  fc.record({ itss: fc.option(smallId, { nil: undefined }), wfs: fc.option(smallId, { nil: undefined }) }),
  { maxLength: 3 },
).map((ps) =>
  ps.map(({ itss, wfs }, i): Project => ({
    id: String(100 + i),
    key: `P${i}`,
    name: `Project ${i}`,
    style: 'classic',
    issueTypeIds: [],
    schemes: { ...(itss === undefined ? {} : { 'issue-type-screen-scheme': itss }), ...(wfs === undefined ? {} : { 'workflow-scheme': wfs }) },
  })),
);

/** Small snapshots with random cross references, some of them to ids that do not exist. */
export const randomSnapshot: fc.Arbitrary<ConfigSnapshot> = fc
  .record({ fields, screens, screenSchemes, workflows, filters, projects, statuses: fc.uniqueArray(smallId, { maxLength: 5 }) })
  .map((p) =>
    aSnapshot({
      fields: p.fields,
      screens: p.screens,
      screenSchemes: p.screenSchemes,
      workflows: p.workflows,
      filters: p.filters,
      projects: p.projects,
      statuses: p.statuses.map((id) => ({ id, name: `Status ${id}`, statusCategory: 'TODO' })),
      issueTypeScreenSchemes: [{ id: '1', name: 'ITSS', mappings: [{ issueTypeId: 'default', screenSchemeId: '1' }] }],
      workflowSchemes: [{ id: '1', name: 'WFS', defaultWorkflow: 'Workflow 1', issueTypeMappings: [] }],
    }),
  );

/** Either a random small snapshot or a synthetic `small` site with a random seed. */
export const anySnapshot: fc.Arbitrary<ConfigSnapshot> = fc.oneof(
  randomSnapshot,
  fc.integer({ min: 1, max: 1_000_000 }).map((seed) => generateSnapshot({ preset: 'small', seed })),
);
