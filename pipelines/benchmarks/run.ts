import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Difficulty, EngineRun } from '../labelled-linkage';
import { describeError } from '../../services/platform/errors';
import { resultMarker, type ChildTask } from './child';
import { formatCsvExtractReport } from './csv-extract/report';
import type { CsvExtractRun } from './csv-extract/measure';
import type { EventMatching } from './event-matching';
import type { PairThroughput } from './pair-throughput';
import { childHeapMegabytes, fullPlan, quickPlan } from './plan';
import { formatReport, type Outcome } from './report';
import { runReplayBenchmark } from './replay';
import { runIngestApiBenchmark } from './ingest-api';
import { runThroughKafkaBenchmark } from './through-kafka';

/**
 * `npm run bench [-- --quick] [-- --out FILE] [-- --seed N] [-- --no-kafka]`: linkage quality, pair
 * scoring throughput and event matching at three cohort sizes, CSV extract translation at two sizes, then the matcher end to end through
 * Kafka and replay into projections, each against a raw kafkajs consume of the same topics, and HTTPS
 * ingest against a raw kafkajs producer of the same topic, side by side in one Markdown report on stdout (and in FILE). Each measurement runs in its own Node process, so one cohort's garbage
 * never weighs on the next and its memory peak is its own. Progress goes to stderr. Not part of
 * `npm test`: it takes minutes and its figures depend on the machine.
 */
const usage = `usage: npm run bench [-- --quick] [-- --out FILE] [-- --seed N] [-- --no-kafka] [-- --no-replay]
  --quick      small sizes (no 1M cohort; replay of 100k events instead of 1M)
  --no-kafka   leave out the parts on the local stack (through Kafka, HTTPS ingest, replay): no stack needed
  --no-replay  leave out "Replay throughput" (about 10 minutes for 1M events)
  --out FILE   also write the Markdown report to FILE
  --seed N     seed for every generated dataset (default 1)`;

type Options = { quick: boolean; out?: string; seed: number; kafka: boolean; replay: boolean };

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, seed: 1, kafka: true, replay: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-kafka') options.kafka = false;
    else if (arg === '--no-replay') options.replay = false;
    else if (arg === '--out' && argv[i + 1]) options.out = argv[++i];
    else if (arg === '--seed' && /^\d+$/.test(argv[i + 1] ?? '')) options.seed = Number(argv[++i]);
    else {
      process.stderr.write(`${arg === '--help' || arg === '-h' ? '' : `bench: unknown or incomplete option ${arg}\n`}${usage}\n`);
      process.exit(arg === '--help' || arg === '-h' ? 0 : 2);
    }
  }
  return options;
}

const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;
const say = (line: string) => process.stderr.write(`bench [${elapsed()}]: ${line}\n`);

/** Runs one task in a fresh process and returns its result, or what went wrong. */
function inChild<T>(job: ChildTask, timeoutSeconds: number): Outcome<T> {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${childHeapMegabytes}`, '--expose-gc', '--require', require.resolve('tsx/cjs'), join(__dirname, 'child.ts'), job.task, JSON.stringify(job.options)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: timeoutSeconds * 1000, maxBuffer: 1 << 28 },
  );
  const line = child.stdout?.split('\n').find((text) => text.startsWith(resultMarker));
  if (line) return JSON.parse(line.slice(resultMarker.length)) as T;
  const why = child.error?.message ?? (child.signal ? `stopped by ${child.signal}` : `exit code ${child.status}`);
  return { error: `${job.task} ${JSON.stringify(job.options)}: ${why}${child.signal === 'SIGTERM' ? ` (over the ${timeoutSeconds} s limit)` : ''}` };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const plan = options.quick ? quickPlan : fullPlan;
  const { seed } = options;
  const timeout = plan.childTimeoutSeconds;

  const quality: Outcome<EngineRun>[] = [];
  for (const level of ['easy', 'realistic', 'hard', 'febrl-like'] as Difficulty[]) {
    say(`quality, ${level}`);
    const runs = inChild<EngineRun[]>({ task: 'quality', options: { ...plan.quality, levels: [level], seed, oneToOne: true } }, timeout);
    quality.push(...(Array.isArray(runs) ? runs : [runs]));
  }
  say('quality, realistic with no NHS numbers on records');
  const noIds = inChild<EngineRun[]>({ task: 'quality', options: { ...plan.quality, levels: ['realistic'], seed, oneToOne: true, nhsShare: 0 } }, timeout);
  quality.push(...(Array.isArray(noIds) ? noIds.map((run) => ({ ...run, level: 'realistic, no identifiers' })) : [noIds]));

  say('pair scoring throughput');
  const pairs = inChild<PairThroughput>({ task: 'pairs', options: { ...plan.pairs, seed } }, timeout);

  const matching = plan.matching.cohortSizes.map((cohortSize) => {
    say(`event matching against ${cohortSize.toLocaleString('en-GB')}`);
    return inChild<EventMatching>({ task: 'matching', options: { cohortSize, records: plan.matching.records, seconds: plan.matching.seconds, seed } }, timeout);
  });

  const csvExtract = plan.csvExtract.rows.map((rows) => {
    say(`CSV extract of ${rows.toLocaleString('en-GB')} rows`);
    return inChild<CsvExtractRun>({ task: 'csv-extract', options: { rows, seed } }, timeout);
  });

  const cpu = cpus();
  const report = formatReport({
    machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}; ${new Date().toISOString().slice(0, 10)}`,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    plan,
    quick: options.quick,
    seed,
    quality,
    pairs,
    matching,
    seconds: (performance.now() - started) / 1000,
  });
  const onStack = options.kafka ? [await throughKafka(options), await ingestApi(options), ...(options.replay ? [await replay(options)] : [])] : [];
  const full = [report, formatCsvExtractReport(csvExtract), ...onStack].join('\n');
  process.stdout.write(full);
  if (options.out) {
    writeFileSync(options.out, full);
    say(`report written to ${options.out}`);
  }
  say('done');
}

/** The matcher end to end on the real stack, in this process (it needs no child's clean heap). */
async function throughKafka(options: Options): Promise<string> {
  say('end to end through Kafka');
  try {
    return await runThroughKafkaBenchmark({ quick: options.quick, seed: options.seed, say: (line) => say(`through Kafka: ${line}`) });
  } catch (error) {
    return `## End to end through Kafka\n\nnot measured: ${describeError(error)}. Start the local stack (\`npx live-risk stack up\`) and run again, or pass \`--no-kafka\`.\n`;
  }
}

/** HTTPS ingest against a raw kafkajs producer writing the same topic. */
async function ingestApi(options: Options): Promise<string> {
  say('HTTPS ingest');
  try {
    return await runIngestApiBenchmark({ quick: options.quick, say: (line) => say(`HTTPS ingest: ${line}`) });
  } catch (error) {
    return `## HTTPS ingest\n\nnot measured: ${describeError(error)}. Start the local stack (\`npx live-risk stack up\`) and run again, or pass \`--no-kafka\`.\n`;
  }
}

/** Replay from Kafka history into a fresh schema, against a raw consume of the same topics. */
async function replay(options: Options): Promise<string> {
  say('replay throughput');
  try {
    return await runReplayBenchmark({ quick: options.quick, seed: options.seed, say: (line) => say(`replay: ${line}`) });
  } catch (error) {
    return `## Replay throughput\n\nnot measured: ${describeError(error)}. Start the local stack (\`npx live-risk stack up\`) and run again, or pass \`--no-replay\`.\n`;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${describeError(error)}\n`);
    process.exit(1);
  },
);
