import { profiles } from './difficulty';
import { generateFebrlLike } from './febrl-like';
import type { Difficulty, LabelledDataset } from './person';
import { generatePopulation, type Population } from './population';
import { generateRecords } from './records';

export type DatasetOptions = Readonly<{
  difficulty: Difficulty;
  /** Cohort persons; for febrl-like, the number of originals (and of copies). */
  cohortSize?: number;
  /** Agency records; ignored for febrl-like, which has one copy per original. */
  records?: number;
  seed?: number;
  /** Share of records carrying an NHS number when the person has one; 0 for a no-identifier run. */
  nhsShare?: number;
}>;

export const defaultCohortSize = 10_000;
export const defaultRecordCount = 2_000;
export const defaultFebrlSize = 5_000;

/** Share of cohort members whose NHS number the council holds. */
const cohortNhsShare = 0.9;

/**
 * A labelled linkage problem: a cohort, agency records about it and the truth. The same options
 * always give the same files. Memory is linear in the cohort (about 250 bytes a person).
 */
export function generateDataset(options: DatasetOptions): LabelledDataset & { population?: Population } {
  const seed = options.seed ?? 1;
  if (options.difficulty === 'febrl-like') return generateFebrlLike(options.cohortSize ?? defaultFebrlSize, seed);
  const population = generatePopulation({ size: options.cohortSize ?? defaultCohortSize, seed, nhsShare: cohortNhsShare });
  const levels = options.difficulty === 'mixed' ? (['easy', 'realistic', 'hard'] as const) : [options.difficulty];
  const records = generateRecords(population, {
    count: options.records ?? defaultRecordCount,
    seed,
    profiles: levels.map((level) => [level, profiles[level]] as const),
    nhsShare: options.nhsShare,
  });
  return { difficulty: options.difficulty, seed, cohort: population.people, records, population };
}

/** record id -> cohort id for every record about a cohort member. */
export function truthOf(dataset: Pick<LabelledDataset, 'records'>): Map<string, string> {
  const truth = new Map<string, string>();
  for (const { record, cohortId } of dataset.records) if (cohortId !== null) truth.set(record.id, cohortId);
  return truth;
}

export function casesOf(dataset: Pick<LabelledDataset, 'records'>): Map<string, readonly string[]> {
  return new Map(dataset.records.map(({ record, cases }) => [record.id, cases]));
}
