/**
 * Labelled synthetic linkage data: a cohort, agency records about it with realistic damage, and
 * the truth, at a chosen difficulty; plus the measures that score a linkage engine against it.
 * Deterministic from a seed. Everything is synthetic.
 */
export { generateDataset, truthOf, casesOf, defaultCohortSize, defaultRecordCount, defaultFebrlSize, type DatasetOptions } from './generate';
export { difficulties, type Difficulty, type LabelledDataset, type LabelledRecord, type PersonRecord } from './person';
export { evaluateLinks, evaluateByGroup, scores, type Evaluation, type Scores, type LinkDecision, type Decision } from './metrics';
export { writeDatasetFiles, readTruth, readCases, readLinks, datasetFiles } from './files';
export { corruptionKinds, type CorruptionKind } from './corruptions';
export { evaluateEngine, blockingQuality, type EngineRun, type EngineRunOptions, type BlockingQuality } from './evaluate-engine';
export { runQualityReport, reportLevels, type QualityReportOptions } from './quality-report';
export { qualityTable, caseTable, scoresTable, ratio } from './report-format';
