import type { RawConsume } from '../through-kafka/raw-consume';
import { diskCheck } from './disk';
import { measurementTimeoutFor, replayBenchPlan } from './plan';
import type { ReplayChildResult } from './replay-child';
import { formatReplayBenchmark, replayRate, replayRatios, summariseReplay, type ReplayMeasurement, type ReplayWorkload } from './report';

const raw = (messagesPerSecond: number): ReplayMeasurement => ({
  kind: 'raw',
  result: { messages: 100_000, bytes: 1.6e8, seconds: 100_000 / messagesPerSecond, messagesPerSecond } satisfies RawConsume,
  loadAverage: [1.5, 1, 1],
});
const replay = (matchesSeconds: number): ReplayMeasurement => ({
  kind: 'replay',
  result: {
    report: {
      replays: [
        { projection: 'cohort', messages: 20_000, erased: 0, seconds: 10 },
        { projection: 'matches', messages: 80_000, erased: 0, seconds: matchesSeconds },
      ],
      tables: [
        { projection: 'cohort', table: 'families', rows: 1_000 },
        { projection: 'matches', table: 'matches', rows: 80_000 },
        { projection: 'matches', table: 'unused', rows: 0 },
      ],
      seconds: matchesSeconds + 12,
    },
    planned: 100_000,
    peakRss: 3.6e8,
    schemaBytes: 2.5e8,
    loadAverage: [2, 1, 1],
  } satisfies ReplayChildResult,
});
const workload: ReplayWorkload = {
  families: 10_000, people: 34_487, cohortEvents: 64_084, poolDays: 28,
  derived: { 'match.linked': 79_000, 'digest.issued': 19_000 }, generateSeconds: 5, cohortPublishSeconds: 13,
  publish: { messages: {}, bytes: 1.6e8, seconds: 18, messagesPerSecond: 5_500 },
};

describe('the replay benchmark report', () => {
  it('counts a replay as its messages over the sum of its projections\' times', () => {
    expect(replayRate(replay(30).result as ReplayChildResult)).toEqual({ messages: 100_000, seconds: 40, perSecond: 2_500 });
  });

  it('compares each replay with the mean of the raw consumes just before and after it', () => {
    const ratios = replayRatios([raw(100_000), replay(30), raw(50_000)]);
    expect(ratios.get(1)).toBeCloseTo(2_500 / 75_000);
    expect(summariseReplay([raw(100_000), replay(30), raw(50_000)]).ratio).toBeCloseTo(2_500 / 75_000);
  });

  it('gives as the ratio the median of the runs\' own ratios, which lies within their range', () => {
    // Medians taken apart would say 3,750 / 100,000 = 0.0375, a ratio neither run had.
    const summary = summariseReplay([raw(100_000), replay(30), raw(200_000), replay(10), raw(100_000)]);
    expect(summary.ratio).toBeCloseTo((2_500 / 150_000 + 5_000 / 150_000) / 2);
    expect(summary.ratioRange?.[0]).toBeCloseTo(2_500 / 150_000);
    expect(summary.ratioRange?.[1]).toBeCloseTo(5_000 / 150_000);
  });

  it('prints the heading, a row per run, a row per projection with the rows it wrote, and the command', () => {
    const markdown = formatReplayBenchmark({
      machine: 'test CPU', cores: 2, loadAverage: [3.14159, 2, 1], command: 'npx tsx pipelines/benchmarks/replay/index.ts --quick',
      workload, measurements: [raw(100_000), replay(30), raw(50_000)], seconds: 200,
    });
    expect(markdown.split('\n')[0]).toBe('## Replay throughput');
    expect(markdown).toContain('| 2 | `replayInto`, every projection | 100,000 | 40.0 s | 2,500 | 0.033 | 0.36 GB | 2.00 |');
    expect(markdown).toContain('| 2 | matches | 80,000 | 30.0 s | 2,667 | matches 80,000 |');
    expect(markdown).not.toContain('unused');
    expect(markdown).toContain('load average when it started 3.14 / 2.00 / 1.00');
    expect(markdown).toContain('`npx tsx pipelines/benchmarks/replay/index.ts --quick`');
  });
});

describe('the replay benchmark plan', () => {
  it('measures 100,000 events quickly, a million by default, and gives 10 million 45 minutes a measurement and one replay', () => {
    expect(replayBenchPlan({ quick: true }).events).toBe(100_000);
    expect(replayBenchPlan({}).events).toBe(1_000_000);
    expect(replayBenchPlan({ events: 10_000_000 })).toMatchObject({ replayRuns: 1, measurementTimeoutMs: 45 * 60_000 });
    expect(measurementTimeoutFor(1_000_000)).toBe(13.5 * 60_000);
  });

  it('refuses a run when the disk has less than twice the estimate free', () => {
    const estimate = diskCheck(10_000_000, 1_600, 0).estimateBytes;
    expect(estimate).toBeCloseTo(10_000_000 * 1_600 * 2.5);
    expect(diskCheck(10_000_000, 1_600, 2 * estimate).ok).toBe(true);
    expect(diskCheck(10_000_000, 1_600, 2 * estimate - 1).ok).toBe(false);
  });
});
