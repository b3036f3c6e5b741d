// PLACEHOLDER written by the lead so that other modules compile; the JQL work replaces every body here.
import type { ConfigSnapshot } from '../model';
import type { JqlExtraction, JqlResolution } from './types';

export type * from './types';

/** Finds every field, project, status, issue type and filter reference in a JQL string. Never throws. */
export function extractJql(_jql: string): JqlExtraction {
  throw new Error('extractJql: not implemented yet');
}

/** Lookup tables built once per snapshot, used to resolve what JQL names. */
export interface JqlCatalogue {
  readonly snapshot: ConfigSnapshot;
}

export function buildJqlCatalogue(snapshot: ConfigSnapshot): JqlCatalogue {
  return { snapshot };
}

/** Extracts and resolves every reference of a JQL string against the catalogue. Never throws. */
export function resolveJql(_jql: string, _catalogue: JqlCatalogue): readonly JqlResolution[] {
  throw new Error('resolveJql: not implemented yet');
}
