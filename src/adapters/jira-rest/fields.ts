import type { z } from 'zod';
import type { Field } from '../../domain/model';
import { jsonList, type ItemOptions, type JiraClient } from './client';
import { fieldDetails } from './schemas';

/** A field of `GET /rest/api/3/field` as the snapshot keeps it (usage data is added from `field/search`). */
export function toField(f: z.infer<typeof fieldDetails>): Field {
  const projectId = f.scope?.type === 'PROJECT' ? f.scope.project?.id : undefined;
  return {
    id: f.id,
    name: f.name,
    custom: f.custom ?? f.id.startsWith('customfield_'),
    ...(f.schema === undefined || f.schema === null ? {} : { schema: f.schema }),
    clauseNames: f.clauseNames ?? [],
    ...(projectId === undefined ? {} : { projectId }),
  };
}

/**
 * Every field of the site (`GET /rest/api/3/field`): classic and team-managed ones, validated one by one.
 * @throws JiraPayloadError when the answer is not a list at all.
 */
export async function readFields(client: JiraClient, options: ItemOptions = {}): Promise<Field[]> {
  return (await jsonList(client, '/rest/api/3/field', fieldDetails, options)).map(toField);
}
