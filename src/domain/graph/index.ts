export * from './types';
export * from './build';
export { describeEvidence } from './evidence';
