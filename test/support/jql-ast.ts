import { JastBuilder } from '@atlassianlabs/jql-ast';

interface AstField {
  readonly value?: string;
}
interface AstNode {
  readonly clauseType?: string;
  readonly clauses?: readonly AstNode[];
  readonly clause?: AstNode;
  readonly field?: AstField;
}
interface AstQuery {
  readonly where?: AstNode;
  readonly orderBy?: { readonly fields: readonly { readonly field: AstField }[] };
}

/** Field names of a JQL query as Atlassian's reference parser reads them, in order (ORDER BY last). */
export function jqlAstFieldNames(jql: string): { names: string[]; errors: number } {
  const jast = new JastBuilder().build(jql) as unknown as { query?: AstQuery; errors: readonly unknown[] };
  const names: string[] = [];
  const walk = (n: AstNode | undefined): void => {
    if (n === undefined) return;
    if (n.clauseType === 'terminal' && n.field?.value !== undefined) names.push(n.field.value);
    for (const c of n.clauses ?? []) walk(c);
    walk(n.clause);
  };
  walk(jast.query?.where);
  for (const f of jast.query?.orderBy?.fields ?? []) if (f.field.value !== undefined) names.push(f.field.value);
  return { names, errors: jast.errors.length };
}
