/**
 * Person linkage: a Fellegi–Sunter model with term-frequency adjustments, a blocked cohort index
 * that stays fast from ten thousand to a million people, and explanations in plain words.
 * See README.md in this folder.
 */
export type { PersonRecord, Decision, Contribution, ScoredPair } from './types';
export { comparisonLevels, defaultModel, defaultThresholds, linkageModelSchema, parseLinkageModel, probabilityForScore, scoreForProbability, type LinkageModel } from './model';
export { estimateModel, type EstimateOptions } from './estimate';
export { buildCohortIndex, LinkageIndex, type CohortIndex, type CohortIndexOptions } from './cohort-index';
export { scoreCandidates, linkRecords, type LinkOptions, type LinkStats, type ScoreOptions } from './link';
export { explainInPlainWords } from './explain';
export { prepareRecord, type PreparedRecord } from './prepare';
export { scorePreparedPair, addToCohortIndex, removeFromCohortIndex } from './pair';
