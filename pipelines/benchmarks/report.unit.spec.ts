import type { EngineRun } from '../labelled-linkage';
import { scores } from '../labelled-linkage/metrics';
import type { EventMatching } from './event-matching';
import { quickPlan } from './plan';
import { formatReport, type BenchResults } from './report';

const run = (level: string, link: [number, number, number], linkOrReview: [number, number, number]): EngineRun => ({
  level,
  cohort: 5_000,
  evaluation: { records: 5_000, truePairs: 5_000, link: scores(...link), linkOrReview: scores(...linkOrReview) },
  blocking: { pairsCompleteness: 0.99, meanCandidates: 3, maxCandidates: 20, blockedOut: [] },
  byCase: [],
  model: 'estimated',
  seconds: { estimate: 1, index: 1, link: 1 },
});

const matching = (cohortSize: number, recordsPerSecond: number, peakRssBytes = 5e8): EventMatching => ({
  cohortSize, recordsScored: 1_000, recordsPerSecond, meanCandidates: 4, maxCandidates: 30, generateSeconds: 1, indexSeconds: 1,
  retainedHeapAfterIndexBytes: null, peakRssBytes, peakHeapUsedBytes: 1e8,
});

const results: BenchResults = {
  machine: '2 cores', command: 'npm run bench', plan: quickPlan, quick: false, seed: 1, seconds: 10,
  quality: [run('febrl-like', [4_990, 0, 10], [4_998, 0, 2]), run('hard', [900, 10, 100], [950, 60, 50]), { error: 'easy: timed out' }],
  pairs: { pairs: 1_000, mix: { trueMatches: 0.1, sameFamilyName: 0.5, sameDateOfBirth: 0.1, samePostcode: 0.4 }, engine: 200_000, jaroWinklerFamilyName: 2_000_000, exactSixFields: 4_000_000, checksum: 1 },
  matching: [matching(10_000, 30_000), matching(100_000, 25_000), matching(1_000_000, 15_000, 2e9)],
};

describe('formatReport', () => {
  const report = formatReport(results);
  const verdict = (what: string) => report.split('\n').find((line) => line.startsWith(`| ${what}`));

  it('says which targets are met and which are not', () => {
    expect(verdict('febrl-like: link precision')).toMatch(/\| 1\.0000 \| met \|$/);
    expect(verdict('febrl-like: link recall')).toMatch(/\| 0\.9980 \| met \|$/);
    expect(verdict('hard (hardest realistic setting): link precision')).toMatch(/\*\*not met\*\*/);
    expect(verdict('pair scoring')).toMatch(/200,000 pairs\/s \| met/);
    expect(verdict('event matching against 100k')).toMatch(/25,000 records\/s \| met/);
    expect(verdict('cost per record, 1,000,000 vs 10,000')).toMatch(/\| 2\.00 \| \*\*not met\*\*/);
    expect(verdict('peak RSS at 1M cohort')).toMatch(/1\.86 GB \| \*\*not met\*\*/);
  });

  it('shows a failed measurement instead of dropping it', () => {
    expect(report).toContain('- failed: easy: timed out');
  });

  it('prices the engine in units of the baselines', () => {
    expect(report).toContain('| baseline: textbook Jaro–Winkler of the two family names | 2,000,000 | 10.0 |');
  });
});
