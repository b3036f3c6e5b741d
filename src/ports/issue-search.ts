import type { ServiceIdentifier } from 'inversify';
import type { Field, IssueRecord } from '../domain/model';

/** A page of a search, and the token of the next page. */
export interface IssuePage {
  readonly issues: readonly IssueRecord[];
  readonly next?: string;
}

/** Finds issues by JQL, page by page, as the person (or app) the adapter acts for may see them. */
export interface IssueSearch {
  /**
   * Pages of issues with the given fields, in Jira's order. Pages are yielded as they arrive.
   * @throws an error with Jira's own message when the JQL is invalid.
   */
  pages(jql: string, fieldIds: readonly string[]): AsyncGenerator<readonly IssueRecord[], void, undefined>;
  /**
   * One page of issues, from the start (no token) or from the token the previous page gave; `next` is absent on
   * the last page. Lets an export resume in a later invocation.
   * @throws an error with Jira's own message when the JQL is invalid.
   */
  page(jql: string, fieldIds: readonly string[], token?: string): Promise<IssuePage>;
  /** Jira's approximate count of the issues, for progress. */
  approximateCount(jql: string): Promise<number>;
}

export const IssueSearchId: ServiceIdentifier<IssueSearch> = Symbol.for('IssueSearch');

/** Display names of users by account id (batched and cached by the adapter). */
export interface UserDirectory {
  /** The display name of each known account id; unknown ids are absent from the map. */
  displayNames(accountIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

export const UserDirectoryId: ServiceIdentifier<UserDirectory> = Symbol.for('UserDirectory');

/** The site's fields, which export columns are chosen from. */
export type FieldCatalogue = () => Promise<Field[]>;

export const FieldCatalogueId: ServiceIdentifier<FieldCatalogue> = Symbol.for('FieldCatalogue');
