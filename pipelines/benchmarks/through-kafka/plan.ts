/**
 * How much one run measures. Full: 50,000 agency events and a 10,000-family cohort, about 6-7
 * minutes on two busy cores (most of it publishing and projecting the cohort, then 1-1.5 minutes
 * per matcher run); quick: 5,000 events, about a minute. Both stop with an error if any one
 * measurement takes longer than its limit.
 */
export type ThroughKafkaPlan = Readonly<{
  families: number;
  events: number;
  /** Matcher runs; the ceiling is measured before, between and after them (one more). */
  matcherRuns: number;
  measurementTimeoutMs: number;
}>;

export const fullThroughKafkaPlan: ThroughKafkaPlan = { families: 10_000, events: 50_000, matcherRuns: 2, measurementTimeoutMs: 600_000 };
export const quickThroughKafkaPlan: ThroughKafkaPlan = { families: 2_000, events: 5_000, matcherRuns: 1, measurementTimeoutMs: 120_000 };
