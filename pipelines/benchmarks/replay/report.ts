import { median, ratio, ratioSummary, ratiosToCeilingsBeside } from '../through-kafka/report';
import type { RawConsume } from '../through-kafka/raw-consume';
import type { Published } from './publish-history';
import type { ReplayChildResult } from './replay-child';

/** Everything one run found, in the order it was measured. Formatting is pure. */
export type ReplayMeasurement =
  | Readonly<{ kind: 'raw'; result: RawConsume; loadAverage: readonly number[] }>
  | Readonly<{ kind: 'replay'; result: ReplayChildResult }>;

export type ReplayWorkload = Readonly<{
  families: number;
  people: number;
  cohortEvents: number;
  poolDays: number;
  /** Derived messages by event type. */
  derived: Readonly<Record<string, number>>;
  generateSeconds: number;
  cohortPublishSeconds: number;
  publish: Published;
}>;

export type ReplayBenchResults = Readonly<{
  machine: string;
  cores: number;
  loadAverage: readonly number[];
  command: string;
  workload: ReplayWorkload;
  measurements: readonly ReplayMeasurement[];
  seconds: number;
}>;

const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');
const secs = (s: number) => (s < 10 ? `${s.toFixed(2)} s` : s < 600 ? `${s.toFixed(1)} s` : `${s.toFixed(0)} s (${(s / 60).toFixed(1)} min)`);
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
const loads = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' / ');

/** Messages replayed per second of projecting: the sum of the projections' own times, one after another. */
export function replayRate(result: ReplayChildResult): { messages: number; seconds: number; perSecond: number } {
  const messages = result.report.replays.reduce((sum, r) => sum + r.messages, 0);
  const seconds = result.report.replays.reduce((sum, r) => sum + r.seconds, 0);
  return { messages, seconds, perSecond: seconds > 0 ? messages / seconds : 0 };
}

const rateOf = (m: ReplayMeasurement) => (m.kind === 'raw' ? m.result.messagesPerSecond : replayRate(m.result).perSecond);

/** Each replay against the mean of the raw consumes just before and after it. */
export const replayRatios = (measurements: readonly ReplayMeasurement[]) => ratiosToCeilingsBeside(measurements, (m) => m.kind === 'raw', rateOf);

export function summariseReplay(measurements: readonly ReplayMeasurement[]) {
  return {
    rawPerSecond: median(measurements.filter((m) => m.kind === 'raw').map(rateOf)),
    replayPerSecond: median(measurements.filter((m) => m.kind === 'replay').map(rateOf)),
    ...ratioSummary(replayRatios(measurements)),
  };
}

function runsTable(measurements: readonly ReplayMeasurement[]): string[] {
  const ratios = replayRatios(measurements);
  const rows = measurements.map((m, index) => {
    if (m.kind === 'raw') {
      const r = m.result;
      return [`${index + 1}`, 'raw kafkajs consume (ceiling)', thousands(r.messages), secs(r.seconds), thousands(r.messagesPerSecond), '—', '—', loads(m.loadAverage.slice(0, 1))];
    }
    const r = replayRate(m.result);
    return [
      `${index + 1}`, '`replayInto`, every projection', thousands(r.messages), secs(r.seconds), thousands(r.perSecond), ratio(ratios.get(index) ?? null),
      gb(m.result.peakRss), loads(m.result.loadAverage.slice(0, 1)),
    ];
  });
  return [
    '| # | run | messages | time | messages/s | ÷ ceiling next to it | peak RSS | load (1 min) at start |',
    '|---:|:---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

function projectionsTable(measurements: readonly ReplayMeasurement[]): string[] {
  const rows = measurements.flatMap((m, index) => {
    if (m.kind !== 'replay') return [];
    return m.result.report.replays.map((r) => {
      const tables = m.result.report.tables.filter((t) => t.projection === r.projection && t.rows > 0);
      const written = tables.length ? tables.map((t) => `${t.table} ${thousands(t.rows)}`).join(', ') : '—';
      return [`${index + 1}`, r.projection, thousands(r.messages), secs(r.seconds), thousands(r.seconds > 0 ? r.messages / r.seconds : 0), written];
    });
  });
  return [
    '| # | projection | messages | time | messages/s | rows in the replay schema |',
    '|---:|:---|---:|---:|---:|:---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

export function formatReplayBenchmark(results: ReplayBenchResults): string {
  const { workload: w } = results;
  const s = summariseReplay(results.measurements);
  const derivedTotal = Object.values(w.derived).reduce((a, b) => a + b, 0);
  const replays = results.measurements.flatMap((m) => (m.kind === 'replay' ? [m.result] : []));
  const wall = median(replays.map((r) => r.report.seconds));
  const schemaBytes = median(replays.map((r) => r.schemaBytes));
  const range = s.ratioRange ? ` (${ratio(s.ratioRange[0])}–${ratio(s.ratioRange[1])}; each run against the ceilings next to it)` : '';
  const perSecond = (n: number | null) => (n === null ? '—' : `${thousands(n)} messages/s`);
  return [
    '## Replay throughput',
    '',
    `${thousands(derivedTotal)} derived events (${Object.entries(w.derived).map(([type, n]) => `${type} ${thousands(n)}`).join(', ')}) about a synthetic council of ` +
      `${thousands(w.families)} families (${thousands(w.people)} people, ${thousands(w.cohortEvents)} cohort events), published in the registry wire format to the topics a replay reads ` +
      `(3 partitions each). The matches, reviews and digests are what the matcher and the digest job would have published: the linkage engine's decisions about ${w.poolDays} days of ` +
      'the council\'s agency events, shaped by `matchEventFor`, `reviewRequestFor` and `buildDigest`, then repeated with later dates and new ids. ' +
      'The ceiling is a kafkajs consumer in a new group reading every topic the replay reads to the end without decoding; the replay is `replayInto` ' +
      '(services/analyst/replay.ts) into a new schema each time, in a process of its own. Ceiling and replay alternate in one run.',
    '',
    '| measure | value |',
    '|:---|---:|',
    `| ceiling: raw kafkajs consume (median of ${results.measurements.filter((m) => m.kind === 'raw').length}) | ${perSecond(s.rawPerSecond)} |`,
    `| replay into projections (median of ${replays.length}) | ${perSecond(s.replayPerSecond)} |`,
    `| **replay ÷ ceiling** (median of the runs) | **${ratio(s.ratio)}**${range} |`,
    `| replay wall time, schema creation and row counts included (median) | ${wall === null ? '—' : secs(wall)} |`,
    `| replay schema on disk (tables, TOAST, indexes) | ${schemaBytes === null ? '—' : gb(schemaBytes)} |`,
    `| publishing the derived events (setup, not measured above) | ${thousands(w.publish.messagesPerSecond)} messages/s, ${secs(w.publish.seconds)}, ${gb(w.publish.bytes)} of values |`,
    '',
    ...runsTable(results.measurements),
    '',
    ...projectionsTable(results.measurements),
    '',
    `- machine: ${results.machine}; load average when it started ${loads(results.loadAverage)} (1 / 5 / 15 min) on ${results.cores} cores`,
    `- command: \`${results.command}\`; whole run ${secs(results.seconds)} wall, setup included`,
    `- setup (not timed above): the matcher's decisions about the pool days ${secs(w.generateSeconds)}, publishing the cohort ${secs(w.cohortPublishSeconds)}, ` +
      `generating and publishing the derived events ${secs(w.publish.seconds)} (${thousands(w.publish.messagesPerSecond)}/s)`,
    '- "time" for the replay is the sum of its projections\' times, each from joining its range consumer group to its last batch committed; the wall time adds creating the schema (migrations) and counting rows. Pseudonymising (the default of `live-risk replay`) is not run: it is a pass over the finished tables, not events into projections.',
    '',
  ].join('\n');
}
