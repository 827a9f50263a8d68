import type { EngineRun } from '../labelled-linkage';
import { caseTable, qualityTable, ratio } from '../labelled-linkage/report-format';
import type { EventMatching } from './event-matching';
import type { PairThroughput } from './pair-throughput';
import type { BenchPlan } from './plan';

export type Failed = { error: string };
export type Outcome<T> = T | Failed;
export const failed = <T>(outcome: Outcome<T>): outcome is Failed => typeof outcome === 'object' && outcome !== null && 'error' in outcome;

export type BenchResults = Readonly<{
  machine: string;
  command: string;
  plan: BenchPlan;
  quick: boolean;
  seed: number;
  quality: readonly Outcome<EngineRun>[];
  pairs: Outcome<PairThroughput>;
  matching: readonly Outcome<EventMatching>[];
  seconds: number;
}>;

type Target = { what: string; target: string; measured: string; met: boolean | null };

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const mb = (bytes: number | null) => (bytes === null ? '—' : `${Math.round(bytes / 1024 ** 2)} MB`);
const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');
const atLeast = (value: number | null | undefined, target: number): boolean | null => (value === null || value === undefined ? null : value >= target);

function targets(results: BenchResults): Target[] {
  const runs = results.quality.filter((run): run is EngineRun => !failed(run));
  const febrl = runs.find((run) => run.level === 'febrl-like');
  const hard = runs.find((run) => run.level === 'hard');
  const pairs = failed(results.pairs) ? undefined : results.pairs;
  const matching = results.matching.filter((m): m is EventMatching => !failed(m));
  const bySize = (size: number) => matching.find((m) => m.cohortSize === size);
  const smallest = bySize(10_000);
  const largest = matching.at(-1);
  const costRatio = smallest && largest && largest !== smallest ? smallest.recordsPerSecond / largest.recordsPerSecond : null;
  const million = bySize(1_000_000);
  const hundredK = bySize(100_000);
  return [
    { what: 'febrl-like: link precision', target: '≥ 0.999', measured: ratio(febrl?.evaluation.link.precision ?? null), met: atLeast(febrl?.evaluation.link.precision, 0.999) },
    { what: 'febrl-like: link recall', target: '≥ 0.99', measured: ratio(febrl?.evaluation.link.recall ?? null), met: atLeast(febrl?.evaluation.link.recall, 0.99) },
    { what: 'febrl-like: link+review recall', target: '≥ 0.995', measured: ratio(febrl?.evaluation.linkOrReview.recall ?? null), met: atLeast(febrl?.evaluation.linkOrReview.recall, 0.995) },
    { what: 'hard (hardest realistic setting): link precision', target: '≥ 0.995', measured: ratio(hard?.evaluation.link.precision ?? null), met: atLeast(hard?.evaluation.link.precision, 0.995) },
    { what: 'pair scoring, one core', target: '≥ 150,000 pairs/s', measured: pairs ? `${thousands(pairs.engine)} pairs/s` : '—', met: atLeast(pairs?.engine, 150_000) },
    { what: 'event matching against 100k', target: '≥ 20,000 records/s', measured: hundredK ? `${thousands(hundredK.recordsPerSecond)} records/s` : '—', met: atLeast(hundredK?.recordsPerSecond, 20_000) },
    {
      what: `cost per record, ${largest ? thousands(largest.cohortSize) : '?'} vs 10,000`,
      target: '≤ 1.5 (1M vs 10k)',
      measured: costRatio === null ? '—' : costRatio.toFixed(2),
      met: costRatio === null || !million ? null : costRatio <= 1.5,
    },
    { what: 'peak RSS at 1M cohort', target: '< 1.5 GB', measured: million ? gb(million.peakRssBytes) : 'not run', met: million ? million.peakRssBytes < 1.5 * 1024 ** 3 : null },
  ];
}

function targetTable(rows: readonly Target[]): string {
  const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**not met**');
  return ['| what | target | measured | |', '|:---|---:|---:|:---|', ...rows.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${verdict(t.met)} |`)].join('\n');
}

function qualitySection(results: BenchResults): string {
  const runs = results.quality.filter((run): run is EngineRun => !failed(run));
  const errors = results.quality.filter(failed).map((f) => `- failed: ${f.error}`);
  const q = results.plan.quality;
  const worst = runs.filter((run) => run.level !== 'easy');
  return [
    '## Quality',
    '',
    `Levels easy, realistic and hard: ${thousands(q.cohortSize)} cohort persons, ${thousands(q.records)} records each; febrl-like: ${thousands(q.febrlSize)} originals vs ${thousands(q.febrlSize)} copies. ` +
      "The model is fitted to each level by the engine's EM without labels; thresholds are the model's own (posterior 0.99 link, 0.5 review); one-to-one (each record's best candidate). " +
      '"pairs completeness" is the share of true pairs blocking lets through (the ceiling on recall); candidates are per record.',
    '',
    qualityTable(runs),
    ...errors,
    '',
    ...worst.flatMap((run) => [`### ${run.level}: kinds of record with misses or wrong links`, '', caseTable(run.byCase.slice()), '']),
  ].join('\n');
}

function pairsSection(pairs: Outcome<PairThroughput>, plan: BenchPlan): string {
  if (failed(pairs)) return `## Pair scoring throughput\n\nfailed: ${pairs.error}`;
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  return [
    '## Pair scoring throughput (one core)',
    '',
    `${thousands(pairs.pairs)} (record, candidate) pairs as blocking produces them for realistic records against a ${thousands(plan.pairs.cohortSize)}-person cohort: ` +
      `${percent(pairs.mix.trueMatches)} true matches, ${percent(pairs.mix.sameFamilyName)} same family name, ${percent(pairs.mix.sameDateOfBirth)} same date of birth, ${percent(pairs.mix.samePostcode)} same postcode. Each timed for ≥ ${plan.pairs.seconds} s after a warm-up.`,
    '',
    '| comparison | pairs/s | engine cost in units of it |',
    '|:---|---:|---:|',
    `| engine: scorePreparedPair (all comparisons, term frequencies) | ${thousands(pairs.engine)} | 1 |`,
    `| baseline: textbook Jaro–Winkler of the two family names | ${thousands(pairs.jaroWinklerFamilyName)} | ${(pairs.jaroWinklerFamilyName / pairs.engine).toFixed(1)} |`,
    `| baseline: exact equality of six raw fields | ${thousands(pairs.exactSixFields)} | ${(pairs.exactSixFields / pairs.engine).toFixed(1)} |`,
  ].join('\n');
}

function matchingSection(matching: readonly Outcome<EventMatching>[], plan: BenchPlan): string {
  const rows = matching.map((m) =>
    failed(m)
      ? `| failed: ${m.error} | | | | | | | |`
      : `| ${thousands(m.cohortSize)} | ${thousands(m.recordsPerSecond)} | ${(1_000_000 / m.recordsPerSecond).toFixed(1)} µs | ${m.meanCandidates.toFixed(1)} / ${m.maxCandidates} | ${m.indexSeconds.toFixed(1)} s | ${mb(m.retainedHeapAfterIndexBytes)} | ${mb(m.peakHeapUsedBytes)} | ${gb(m.peakRssBytes)} |`,
  );
  return [
    '## Event matching (scoreCandidates per record, blocking included)',
    '',
    `Realistic records, one at a time, ${thousands(plan.matching.records)} at most or ${plan.matching.seconds} s per size after 500 warm-up records; engine default model. Each size in its own process (heap limit 4 GB so the need is measured, not the cap). Peak RSS is the kernel's high-water mark for the whole process, cohort and records included.`,
    '',
    '| cohort | records/s | per record | candidates mean / max | index build | heap after build (GC) | peak heap | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

export function formatReport(results: BenchResults): string {
  return [
    `# live-risk linkage benchmarks${results.quick ? ' (quick)' : ''}`,
    '',
    `- machine: ${results.machine}`,
    `- command: \`${results.command}\` (seed ${results.seed}); whole run ${Math.round(results.seconds)} s`,
    '',
    '## Targets',
    '',
    targetTable(targets(results)),
    '',
    qualitySection(results),
    '',
    pairsSection(results.pairs, results.plan),
    '',
    matchingSection(results.matching, results.plan),
    '',
  ].join('\n');
}
