import type { MatcherRun } from './matcher-through-kafka';
import type { RawConsume } from './raw-consume';
import type { Workload } from './workload';

/** Everything one run of the benchmark found, in the order it was measured. Formatting is pure. */
export type Measurement = Readonly<{ kind: 'raw'; result: RawConsume }> | Readonly<{ kind: 'matcher'; result: MatcherRun }>;

export type ThroughKafkaResults = Readonly<{
  machine: string;
  cores: number;
  /** os.loadavg() when the benchmark started: 1, 5 and 15 minutes. */
  loadAverage: readonly number[];
  command: string;
  workload: Workload;
  cohortLoad: Readonly<{ members: number; seconds: number }>;
  measurements: readonly Measurement[];
  seconds: number;
}>;

const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');
const secs = (s: number) => `${s.toFixed(s < 10 ? 2 : 1)} s`;
// Two significant figures: the ratio can be far below 0.01 and the runs' noise is larger than that.
export const ratio = (r: number | null) => (r === null || !Number.isFinite(r) ? '—' : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2));

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Each measured run against the ceiling measured next to it: the mean of the ceiling runs just
 * before and just after, so a machine that got busier half-way is compared with itself. Keyed by
 * the run's index; ceilings have no entry. Shared by every benchmark that alternates with a ceiling.
 */
export function ratiosToCeilingsBeside<M>(measurements: readonly M[], isCeiling: (m: M) => boolean, perSecond: (m: M) => number): Map<number, number | null> {
  const ratios = new Map<number, number | null>();
  measurements.forEach((measurement, index) => {
    if (isCeiling(measurement)) return;
    const neighbours = [measurements[index - 1], measurements[index + 1]].filter((m): m is M => m !== undefined && isCeiling(m)).map(perSecond);
    const ceiling = neighbours.length ? neighbours.reduce((a, b) => a + b, 0) / neighbours.length : 0;
    ratios.set(index, ceiling > 0 ? perSecond(measurement) / ceiling : null);
  });
  return ratios;
}

/** The ratio to report: the median of the runs' own ratios, so it is one the runs had, within their range. */
export function ratioSummary(ratios: ReadonlyMap<number, number | null>): Readonly<{ ratio: number | null; ratioRange: readonly [number, number] | null }> {
  const perRun = [...ratios.values()].filter((r): r is number => r !== null);
  return { ratio: median(perRun), ratioRange: perRun.length ? [Math.min(...perRun), Math.max(...perRun)] : null };
}

export const ratiosToNeighbours = (measurements: readonly Measurement[]) =>
  ratiosToCeilingsBeside(
    measurements,
    (m) => m.kind === 'raw',
    (m) => (m.kind === 'raw' ? m.result.messagesPerSecond : m.result.eventsPerSecond),
  );

export type Summary = Readonly<{
  rawPerSecond: number | null;
  matcherPerSecond: number | null;
  matchesPerSecond: number | null;
  ratio: number | null;
  ratioRange: readonly [number, number] | null;
  rawRuns: number;
  matcherRuns: number;
}>;

export function summarise(measurements: readonly Measurement[]): Summary {
  const raw = measurements.flatMap((m) => (m.kind === 'raw' ? [m.result] : []));
  const matcher = measurements.flatMap((m) => (m.kind === 'matcher' ? [m.result] : []));
  const rawPerSecond = median(raw.map((r) => r.messagesPerSecond));
  const matcherPerSecond = median(matcher.map((r) => r.eventsPerSecond));
  return {
    rawPerSecond,
    matcherPerSecond,
    matchesPerSecond: median(matcher.map((r) => r.matchesPerSecond)),
    ...ratioSummary(ratiosToNeighbours(measurements)),
    rawRuns: raw.length,
    matcherRuns: matcher.length,
  };
}

function runsTable(measurements: readonly Measurement[]): string[] {
  const ratios = ratiosToNeighbours(measurements);
  const rows = measurements.map((m, index) => {
    if (m.kind === 'raw') {
      const r = m.result;
      return [`${index + 1}`, 'raw kafkajs consume (ceiling)', thousands(r.messages), '—', '—', '—', secs(r.seconds), '—', '—', thousands(r.messagesPerSecond), '—', '—'];
    }
    const r = m.result;
    return [
      `${index + 1}`, 'matcher catch-up + outbox', thousands(r.events), thousands(r.matchesPublished), thousands(r.reviewsPublished), thousands(r.deadLetters),
      secs(r.seconds), secs(r.handleSeconds), secs(r.afterCommitSeconds), thousands(r.eventsPerSecond), thousands(r.matchesPerSecond), ratio(ratios.get(index) ?? null),
    ];
  });
  return [
    '| # | run | events | matches published | reviews | dead-letters | time | of which deciding | of which after commit | events/s | matches/s | ÷ ceiling next to it |',
    '|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

export function formatThroughKafka(results: ThroughKafkaResults): string {
  const { workload: w } = results;
  const s = summarise(results.measurements);
  const perAgency = Object.entries(w.agencyEvents).filter(([, count]) => count !== undefined) as [string, number][];
  const events = perAgency.reduce((sum, [, count]) => sum + count, 0);
  const perSecond = (n: number | null, unit: string) => (n === null ? '—' : `${thousands(n)} ${unit}/s`);
  const range = s.ratioRange ? ` (${ratio(s.ratioRange[0])}–${ratio(s.ratioRange[1])}; each run against the ceilings next to it)` : '';
  const rawRuns = results.measurements.flatMap((m) => (m.kind === 'raw' ? [m.result] : []));
  const rawSeconds = median(rawRuns.map((r) => r.seconds));
  const rawRates = rawRuns.map((r) => r.messagesPerSecond);
  const megabytesPerSecond = median(rawRuns.map((r) => (r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0)));
  const shortCeiling = rawSeconds !== null && rawSeconds < 2
    ? [`- the ceiling's runs took ${secs(rawSeconds)} (median), so joining the group and the first fetch are a large part of them and the ceiling moves from run to run ` +
        `(${thousands(Math.min(...rawRates))}–${thousands(Math.max(...rawRates))} events/s here): read the ratio as an order of magnitude.`]
    : [];
  const unpublished = results.measurements.flatMap((m, index) =>
    m.kind === 'matcher' && m.result.decidedLinks !== m.result.matchesPublished
      ? [`- **run ${index + 1} published ${thousands(m.result.matchesPublished)} matches but decided ${thousands(m.result.decidedLinks)} links**: the reset before it missed some matcher state (matcher-through-kafka.ts, \`matcherState\`), so its figures are not a first run's.`]
      : [],
  );
  const outcomes = results.measurements.flatMap((m) => (m.kind === 'matcher' ? [m.result.outcomes] : []))[0];
  return [
    '## End to end through Kafka',
    '',
    `${thousands(events)} agency events (${perAgency.map(([agency, count]) => `${agency} ${thousands(count)}`).join(', ')}; ` +
      `${w.days} synthetic days) about a council of ${thousands(w.families)} families (${thousands(w.people)} people), published in the registry wire format to the ${perAgency.length} ` +
      'agency topics (3 partitions each). The matcher catches up from offset zero against the projected cohort and publishes its matches ' +
      'through the outbox; the ceiling is a kafkajs consumer in a new group reading the same topics to the end without decoding. ' +
      'Ceiling and matcher alternate in one run, so a change in machine load shows.',
    '',
    ...(unpublished.length ? [...unpublished, ''] : []),
    '| measure | value |',
    '|:---|---:|',
    `| ceiling: raw kafkajs consume (median of ${s.rawRuns}) | ${perSecond(s.rawPerSecond, 'events')}${megabytesPerSecond ? `, ${megabytesPerSecond.toFixed(1)} MB/s` : ''} |`,
    `| matcher catch-up, matches published through the outbox (median of ${s.matcherRuns}) | ${perSecond(s.matcherPerSecond, 'events')} |`,
    `| matches published (median of ${s.matcherRuns}) | ${perSecond(s.matchesPerSecond, 'matches')} |`,
    `| **matcher ÷ ceiling** (median of the runs) | **${ratio(s.ratio)}**${range} |`,
    '',
    ...runsTable(results.measurements),
    '',
    `- machine: ${results.machine}; load average when it started ${results.loadAverage.map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min) on ${results.cores} cores`,
    `- command: \`${results.command}\`; whole run ${secs(results.seconds)} wall, setup included`,
    `- setup (not timed above): generating ${secs(w.generateSeconds)}, publishing ${thousands(w.cohortEvents)} cohort and ${thousands(events)} agency events ${secs(w.publishSeconds)}, ` +
      `projecting the cohort ${secs(w.projectCohortSeconds)}`,
    ...(outcomes ? [`- matcher ledger, first run: ${Object.entries(outcomes).sort().map(([outcome, n]) => `${outcome} ${thousands(n)}`).join(', ')}`] : []),
    '- "time" runs from connecting (so joining the consumer group and the first fetch are in it) to the last message read (ceiling) or to the last batch ' +
      'committed with its matches published (matcher); disconnecting is not in it. "deciding" is the matcher handler inside each batch\'s transaction ' +
      '(cohort refresh, scoring, household look-ups, ledger and outbox rows); "after commit" is what the handler does after each commit (the outbox relay publishing, and the matcher\'s checks for re-matching); the rest is fetching, ' +
      'the transaction with its offset row and the catch-up check.',
    `- each matcher run starts with none of the matcher's state (offsets, ledger, links, outbox) and a new consumer group, and builds its in-memory index from the cohort projection ` +
      `(${thousands(results.cohortLoad.members)} members, ${secs(results.cohortLoad.seconds)} when timed alone; it is inside the first batch's "deciding").`,
    ...shortCeiling,
    '- the ceiling uses kafkajs\'s default fetch size (1 MB per partition); the matcher\'s consumer asks for 128 KB per partition and commits each batch in one PostgreSQL transaction (services/platform/offset-consumer.ts).',
    '',
  ].join('\n');
}
