import { buildCohortIndex, scoreCandidates } from '../../services/linkage';
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

  let candidates = 0;
  let maxCandidates = 0;
  const sample = Math.min(records.length, 5_000);
  for (let i = 0; i < sample; i++) {
    const count = index.candidatesFor(records[i]).length;
    candidates += count;
    maxCandidates = Math.max(maxCandidates, count);
  }

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
    meanCandidates: candidates / sample,
    maxCandidates,
    generateSeconds,
    indexSeconds,
    retainedHeapAfterIndexBytes,
    ...memory.snapshot(),
  };
}
