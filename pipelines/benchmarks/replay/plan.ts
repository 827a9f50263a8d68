/**
 * How much one run measures. The history is N derived events about one synthetic council of
 * 10,000 families; the measured runs alternate a raw consume and a replay, starting and ending with
 * the raw consume. Each measurement has a time limit that grows with N (45 minutes at 10 million).
 */
export type ReplayBenchPlan = Readonly<{
  families: number;
  events: number;
  /** Days of agency events the matcher's decisions are taken from, then repeated with new dates. */
  poolDays: number;
  replayRuns: number;
  measurementTimeoutMs: number;
  /** Bytes of values per producer request. */
  publishRequestBytes: number;
}>;

const minute = 60_000;

/** 10 minutes, plus 3.5 minutes per million events: 13.5 at 1M, 45 at 10M. */
export const measurementTimeoutFor = (events: number): number => Math.round(10 * minute + (events / 1e6) * 3.5 * minute);

export function replayBenchPlan(options: Readonly<{ quick?: boolean; events?: number; replayRuns?: number }>): ReplayBenchPlan {
  const events = options.events ?? (options.quick ? 100_000 : 1_000_000);
  return {
    families: 10_000,
    events,
    poolDays: 28,
    // A 10M replay is most of the time budget; one run between two ceilings says what it can.
    replayRuns: options.replayRuns ?? (events > 2_000_000 ? 1 : 2),
    measurementTimeoutMs: measurementTimeoutFor(events),
    // The broker takes record batches of up to 1 MB per partition; spread over three, 1.5 MB leaves room.
    publishRequestBytes: 1_500_000,
  };
}
