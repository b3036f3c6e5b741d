export * from './types';
export * from './build';
export { describeEvidence } from './evidence';
export { RELATION_CATALOGUE, NOT_A_USE, meaningOf, type RelationMeaning } from './relations';
