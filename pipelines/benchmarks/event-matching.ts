import { buildCohortIndex, linkRecords, scoreCandidates, type LinkStats } from '../../services/linkage';
import { generateDataset } from '../labelled-linkage';
import { PeakMemory, retainedHeapBytes } from './memory';

export type EventMatchingOptions = Readonly<{ cohortSize: number; records: number; seconds: number; seed: number }>;

export type EventMatching = Readonly<{
  cohortSize: number;
  recordsScored: number;
  recordsPerSecond: number;
  meanCandidates: number;
  maxCandidates: number;
  generateSeconds: number;
  indexSeconds: number;
  retainedHeapAfterIndexBytes: number | null;
  peakRssBytes: number;
  peakHeapUsedBytes: number;
}>;

const warmUp = 500;

/**
 * Matching one incoming record at a time, as the matcher does: scoreCandidates (prepare, block,
 * score every candidate, decide) against a cohort of `cohortSize`, with the engine's default
 * model. Records come from the realistic level (a third outsiders, most damaged). Run in a fresh
 * process so the memory figures are this cohort's alone.
 */
export function measureEventMatching(options: EventMatchingOptions): EventMatching {
  const memory = new PeakMemory();
  let started = performance.now();
  const dataset = generateDataset({ difficulty: 'realistic', cohortSize: options.cohortSize, records: options.records + warmUp, seed: options.seed });
  const records = dataset.records.map((labelled) => labelled.record);
  const generateSeconds = (performance.now() - started) / 1000;
  memory.sample();

  started = performance.now();
  const index = buildCohortIndex(dataset.cohort);
  const indexSeconds = (performance.now() - started) / 1000;
  memory.sample();
  const retainedHeapAfterIndexBytes = retainedHeapBytes();

  // Candidates compared per record (narrow keys, and the fallback keys only when those find no link).
  const stats: LinkStats = { records: 0, candidates: 0, links: 0, reviews: 0, maxCandidates: 0 };
  Array.from(linkRecords(index, records.slice(0, 5_000), { stats }));

  for (let i = 0; i < Math.min(warmUp, records.length); i++) scoreCandidates(index, records[i]);
  let scored = 0;
  let sink = 0;
  started = performance.now();
  for (let i = warmUp; i < records.length; i++) {
    sink += scoreCandidates(index, records[i]).length;
    scored++;
    if (scored % 1_000 === 0) {
      memory.sample();
      if (performance.now() - started > options.seconds * 1000) break;
    }
  }
  const elapsed = performance.now() - started;
  if (sink < 0) throw new Error('unreachable: keeps the scoring from being optimised away');
  return {
    cohortSize: dataset.cohort.length,
    recordsScored: scored,
    recordsPerSecond: scored / (elapsed / 1000),
    meanCandidates: stats.candidates / Math.max(1, stats.records),
    maxCandidates: stats.maxCandidates ?? 0,
    generateSeconds,
    indexSeconds,
    retainedHeapAfterIndexBytes,
    ...memory.snapshot(),
  };
}
