import { emptySnapshot, type ConfigSnapshot, type Field, type Filter, type Screen } from '../src/domain/model';

let next = 20000;
const nextId = (): string => String(next++);

/** A custom field; id and clause names follow the name unless overridden. */
export function aField(overrides: Partial<Field> & { n?: number } = {}): Field {
  const n = overrides.n ?? next++;
  const name = overrides.name ?? `Field ${n}`;
  const { n: _n, ...rest } = overrides;
  return { id: `customfield_${n}`, name, custom: true, clauseNames: [`cf[${n}]`, name], schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: n }, ...rest };
}

export function aSystemField(id: string, name: string, clauseNames: string[] = [id]): Field {
  return { id, name, custom: false, clauseNames, schema: { type: 'string', system: id } };
}

export function aScreen(fieldIds: string[], overrides: Partial<Screen> = {}): Screen {
  return { id: nextId(), name: `Screen ${next}`, tabs: [{ id: nextId(), name: 'Field Tab', fieldIds }], ...overrides };
}

export function aFilter(jql: string, overrides: Partial<Filter> = {}): Filter {
  return { id: nextId(), name: `Filter ${next}`, jql, sharePermissions: [{ type: 'loggedin' }], ...overrides };
}

/** A snapshot of the current version with only the collections given. */
export function aSnapshot(parts: Partial<Omit<ConfigSnapshot, 'version'>> = {}): ConfigSnapshot {
  return { ...emptySnapshot({ baseUrl: 'fixture:test', scannedAt: '2026-11-01T00:00:00.000Z' }), ...parts };
}
