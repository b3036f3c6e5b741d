/** A validator for the OpenAPI 3 schema subset Atlassian's documents use, for the fake Jira contract test. */
export type Schema = { readonly [key: string]: unknown };

type Content = { readonly 'application/json'?: { readonly schema?: Schema; readonly example?: unknown } };

export interface Operation {
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly requestBody?: { readonly content?: Content; readonly required?: boolean };
  readonly responses: Readonly<Record<string, { readonly content?: Content } | null>>;
}

export interface OpenApi {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Problems of `value` against `schema`, each naming the JSON path; empty when it conforms. */
export function validate(doc: OpenApi, schema: Schema, value: unknown, path = '$'): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = doc.components.schemas[ref.split('/').pop() ?? ''];
    return target === undefined ? [`${path}: unresolved ${ref}`] : validate(doc, target, value, path);
  }
  if (value === null) return schema.nullable === true || schema.type === undefined ? [] : [`${path}: null where ${JSON.stringify(schema.type)} was expected`];
  const errors: string[] = [];
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as Schema[]) errors.push(...validate(doc, s, value, path));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && !(options as Schema[]).some((s) => validate(doc, s, value, path).length === 0)) errors.push(`${path}: matches none of ${key}`);
  }
  const type = schema.type;
  const actual = typeOf(value);
  if (typeof type === 'string' && !(type === actual || (type === 'number' && actual === 'integer'))) return [...errors, `${path}: ${actual} where ${type} was expected`];
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (actual === 'array' && schema.items !== undefined) (value as unknown[]).forEach((v, i) => errors.push(...validate(doc, schema.items as Schema, v, `${path}[${i}]`)));
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) errors.push(`${path}: required property ${r} is missing`);
    for (const [k, v] of Object.entries(obj)) {
      const p = props[k];
      if (p !== undefined) errors.push(...validate(doc, p, v, `${path}.${k}`));
      else if (schema.additionalProperties === false && schema.properties !== undefined && !Array.isArray(schema.allOf)) errors.push(`${path}: property ${k} is not in the schema`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(doc, schema.additionalProperties as Schema, v, `${path}.${k}`));
    }
  }
  return errors;
}

/**
 * The operation of `docs` a request is for, its path template matched segment by segment (`{name}` matches any
 * one segment), and the template's parameters by name.
 */
export function operationFor<T>(docs: readonly Readonly<Record<string, Readonly<Record<string, T>>>>[], method: string, path: string): { template: string; operation: T; params: Record<string, string> } | undefined {
  const segments = (path.split('?')[0] ?? '').split('/');
  for (const paths of docs) {
    for (const [template, ops] of Object.entries(paths)) {
      const t = template.split('/');
      if (t.length !== segments.length || !t.every((s, i) => s.startsWith('{') || s === segments[i])) continue;
      const operation = ops[method.toLowerCase()];
      if (operation === undefined) continue;
      const params = Object.fromEntries(t.flatMap((s, i) => (s.startsWith('{') ? [[s.slice(1, -1), decodeURIComponent(segments[i] ?? '')]] : [])));
      return { template, operation, params };
    }
  }
  return undefined;
}
