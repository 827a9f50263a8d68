import type { MatcherRun } from './matcher-through-kafka';
import type { RawConsume } from './raw-consume';
import { formatThroughKafka, median, ratio, ratiosToNeighbours, summarise, type Measurement, type ThroughKafkaResults } from './report';
import type { Workload } from './workload';

const raw = (messagesPerSecond: number, seconds = 3): Measurement => ({
  kind: 'raw',
  result: { messages: 50_000, bytes: 2e7, seconds, messagesPerSecond } satisfies RawConsume,
});
const matcher = (eventsPerSecond: number): Measurement => ({
  kind: 'matcher',
  result: {
    events: 50_000, matchesPublished: 36_000, reviewsPublished: 200, deadLetters: 0, decidedLinks: 36_000,
    outcomes: { linked: 35_000, unlinked: 14_900, 'in-review': 100 },
    seconds: 50_000 / eventsPerSecond, handleSeconds: 30, afterCommitSeconds: 15,
    eventsPerSecond, matchesPerSecond: eventsPerSecond * 0.72,
  } satisfies MatcherRun,
});
const workload: Workload = {
  families: 10_000, people: 35_000, cohortEvents: 65_000, days: 25, agencyEvents: { police: 22_000, housing: 15_000, health: 13_000 },
  generateSeconds: 1, publishSeconds: 30, projectCohortSeconds: 60,
};
const results = (measurements: Measurement[]): ThroughKafkaResults => ({
  machine: 'test CPU', cores: 2, loadAverage: [3.14159, 2, 1], command: 'npx tsx pipelines/benchmarks/through-kafka/index.ts',
  workload, cohortLoad: { members: 35_000, seconds: 2 }, measurements, seconds: 300,
});

describe('the through-Kafka report', () => {
  it('takes the median of an even or odd number of runs and nothing of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('compares each matcher run with the mean of the ceilings measured just before and after it', () => {
    const ratios = ratiosToNeighbours([raw(40_000), matcher(1_000), raw(60_000), matcher(500), raw(50_000)]);
    expect(ratios.get(1)).toBeCloseTo(1_000 / 50_000);
    expect(ratios.get(3)).toBeCloseTo(500 / 55_000);
    expect(ratios.has(0)).toBe(false);
  });

  it('gives as the ratio the median of the runs\' own ratios, with the run-by-run range', () => {
    const summary = summarise([raw(40_000), matcher(1_000), raw(60_000), matcher(500), raw(50_000)]);
    expect(summary.rawPerSecond).toBe(50_000);
    expect(summary.matcherPerSecond).toBe(750);
    expect(summary.ratio).toBeCloseTo((1_000 / 50_000 + 500 / 55_000) / 2);
    expect(summary.ratioRange?.[0]).toBeCloseTo(500 / 55_000);
    expect(summary.ratioRange?.[1]).toBeCloseTo(0.02);
  });

  it('shows small ratios with two significant figures instead of rounding them to zero', () => {
    expect(ratio(0.000123)).toBe('0.00012');
    expect(ratio(0.5)).toBe('0.50');
    expect(ratio(null)).toBe('—');
  });

  it('prints the section heading, a row per run, the load average and the command', () => {
    const markdown = formatThroughKafka(results([raw(40_000), matcher(1_000), raw(60_000)]));
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## End to end through Kafka');
    expect(lines.filter((line) => /^\| \d \| /.test(line))).toHaveLength(3);
    expect(markdown).toContain('| **matcher ÷ ceiling** (median of the runs) | **0.020** (0.020–0.020; each run against the ceilings next to it) |');
    expect(markdown).toContain('load average when it started 3.14 / 2.00 / 1.00');
    expect(markdown).toContain('`npx tsx pipelines/benchmarks/through-kafka/index.ts`');
    expect(markdown).not.toContain('read the ratio as an order of magnitude');
  });

  it('warns when the ceiling was too quick to time well', () => {
    expect(formatThroughKafka(results([raw(40_000, 0.2), matcher(1_000), raw(60_000, 0.1)]))).toContain('read the ratio as an order of magnitude');
  });

  it('flags a matcher run that published fewer matches than it decided, as a repeat with stale state would', () => {
    const stale: Measurement = { kind: 'matcher', result: { ...(matcher(1_000).result as MatcherRun), matchesPublished: 0 } };
    const markdown = formatThroughKafka(results([raw(40_000), matcher(1_000), raw(60_000), stale, raw(50_000)]));
    expect(markdown).toContain('**run 4 published 0 matches but decided 36,000 links**');
    expect(markdown).not.toContain('run 2 published');
  });

  it('says when no ratio could be computed because a ceiling run read nothing', () => {
    expect(formatThroughKafka(results([raw(0, 0), matcher(1_000)]))).toContain('| **matcher ÷ ceiling** (median of the runs) | **—** |');
  });
});
