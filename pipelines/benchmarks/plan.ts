/**
 * What one `npm run bench` measures, and how much of it. The full plan takes a few minutes on two
 * busy cores; `--quick` takes under a minute and skips the million-person cohort, so its growth
 * ratio is 100k/10k instead of 1M/10k.
 */
export type BenchPlan = Readonly<{
  quality: { cohortSize: number; records: number; febrlSize: number };
  pairs: { cohortSize: number; records: number; maxPairs: number; seconds: number };
  matching: { cohortSizes: readonly number[]; records: number; seconds: number };
  /** CSV extract sizes, each read in a process of its own: equal peaks show memory stays flat. */
  csvExtract: { rows: readonly number[] };
  /** Any one child process is stopped after this long. */
  childTimeoutSeconds: number;
}>;

export const fullPlan: BenchPlan = {
  quality: { cohortSize: 50_000, records: 10_000, febrlSize: 5_000 },
  pairs: { cohortSize: 50_000, records: 20_000, maxPairs: 200_000, seconds: 5 },
  matching: { cohortSizes: [10_000, 100_000, 1_000_000], records: 40_000, seconds: 15 },
  csvExtract: { rows: [10_000, 100_000] },
  childTimeoutSeconds: 300,
};

export const quickPlan: BenchPlan = {
  quality: { cohortSize: 10_000, records: 2_000, febrlSize: 5_000 },
  pairs: { cohortSize: 10_000, records: 5_000, maxPairs: 50_000, seconds: 1 },
  matching: { cohortSizes: [10_000, 100_000], records: 5_000, seconds: 2 },
  csvExtract: { rows: [5_000, 20_000] },
  childTimeoutSeconds: 60,
};

/** Heap limit for the children: generous, so the figure measured is the need, not the cap. */
export const childHeapMegabytes = 4_096;
