import { z } from 'zod';
import type { AdminCheck } from '../../ports/admin-check';
import type { JiraHttp } from '../../ports/jira-http';
import { JiraClient, withQuery } from './client';

const myPermissions = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean().optional() })),
});

/**
 * `GET /rest/api/3/mypermissions?permissions=ADMINISTER`, sent as the user (the HTTP port must act for the user).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 */
export class RestAdminCheck implements AdminCheck {
  private readonly client: JiraClient;

  constructor(http: JiraHttp) {
    this.client = new JiraClient(http, { maxRetries: 2 });
  }

  async isAdmin(): Promise<boolean> {
    const answer = await this.client.json(withQuery('/rest/api/3/mypermissions', { permissions: 'ADMINISTER' }), myPermissions);
    return answer.permissions.ADMINISTER?.havePermission === true;
  }
}
