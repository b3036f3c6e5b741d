import type { ServiceIdentifier } from 'inversify';

/** Whether the person calling the app is a Jira administrator. */
export interface AdminCheck {
  /**
   * Asks Jira, as the calling user, whether they hold the global Administer Jira permission.
   * @throws when Jira cannot be asked (the caller is then refused as well).
   */
  isAdmin(): Promise<boolean>;
}

export const AdminCheckId: ServiceIdentifier<AdminCheck> = Symbol.for('AdminCheck');
