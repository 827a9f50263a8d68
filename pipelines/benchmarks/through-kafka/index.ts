import { cpus, loadavg, totalmem } from 'node:os';
import { agencyTopicIds } from '../../../services/contracts';
import { withIsolatedRuntime } from './isolated';
import { measureMatcherThroughKafka, timeCohortLoad } from './matcher-through-kafka';
import { fullThroughKafkaPlan, quickThroughKafkaPlan, type ThroughKafkaPlan } from './plan';
import { measureRawConsume } from './raw-consume';
import { formatThroughKafka, type Measurement } from './report';
import { prepareWorkload } from './workload';
import { runBenchmarkScript } from '../script-main';

/**
 * "End to end through Kafka": how fast the matcher gets through agency events on the real local
 * stack, against how fast kafkajs alone reads the same topics in the same run. Runs in topics and
 * a database of its own, removed afterwards.
 */
export { measureRawConsume, type RawConsume, type RawConsumeOptions } from './raw-consume';
export { fullThroughKafkaPlan, quickThroughKafkaPlan, type ThroughKafkaPlan } from './plan';

export type ThroughKafkaOptions = Readonly<{
  quick?: boolean;
  seed?: number;
  /** Overrides the sizes of the chosen plan. */
  plan?: Partial<ThroughKafkaPlan>;
  /** Progress lines (stderr by default). */
  say?: (line: string) => void;
  /** The command to print in the report. */
  command?: string;
}>;

export async function runThroughKafkaBenchmark(options: ThroughKafkaOptions = {}): Promise<string> {
  const started = performance.now();
  const loadAverage = loadavg();
  const plan = { ...(options.quick ? quickThroughKafkaPlan : fullThroughKafkaPlan), ...options.plan };
  const say = options.say ?? ((line: string) => process.stderr.write(`through-kafka [${Math.round((performance.now() - started) / 1000)} s]: ${line}\n`));
  say(`load average ${loadAverage.map((l) => l.toFixed(2)).join(' ')}; ${plan.events} events, ${plan.families} families, ${plan.matcherRuns} matcher runs`);

  return withIsolatedRuntime(async (runtime) => {
    const workload = await prepareWorkload(runtime, { families: plan.families, events: plan.events, seed: options.seed ?? 1 }, say);
    const cohortLoad = await timeCohortLoad(runtime.db);
    const agencyTopics = agencyTopicIds.map((id) => runtime.topics[id]);

    const measurements: Measurement[] = [];
    const raw = async () => {
      const result = await measureRawConsume(runtime.kafka, agencyTopics, { timeoutMs: plan.measurementTimeoutMs });
      say(`raw consume: ${result.messages} events in ${result.seconds.toFixed(2)} s, ${Math.round(result.messagesPerSecond)} events/s`);
      measurements.push({ kind: 'raw', result });
    };
    await raw();
    for (let run = 1; run <= plan.matcherRuns; run++) {
      const result = await measureMatcherThroughKafka(runtime, { timeoutMs: plan.measurementTimeoutMs });
      say(`matcher run ${run}: ${result.events} events, ${result.matchesPublished} matches published in ${result.seconds.toFixed(1)} s, ${Math.round(result.eventsPerSecond)} events/s`);
      measurements.push({ kind: 'matcher', result });
      await raw();
    }

    const cpu = cpus();
    return formatThroughKafka({
      machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}; ${new Date().toISOString().slice(0, 10)}`,
      cores: cpu.length,
      loadAverage,
      command: options.command ?? `npx tsx pipelines/benchmarks/through-kafka/index.ts${options.quick ? ' --quick' : ''}`,
      workload,
      cohortLoad,
      measurements,
      seconds: (performance.now() - started) / 1000,
    });
  }, say);
}

const usage = `usage: npx tsx pipelines/benchmarks/through-kafka/index.ts [--quick] [--out FILE] [--seed N]
  Matcher throughput end to end through Kafka, against a raw kafkajs consumer of the same topics.
  Needs the local stack (node bin/live-risk.cjs stack up); uses its own topics and database and
  removes them afterwards.
  --quick     5,000 events and one matcher run instead of 50,000 and two (about a minute)
  --out FILE  also write the Markdown section to FILE
  --seed N    seed for the synthetic council (default 1)`;

function parseArgs(argv: readonly string[]): { quick: boolean; out?: string; seed: number } {
  const options: { quick: boolean; out?: string; seed: number } = { quick: false, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--out' && argv[i + 1]) options.out = argv[++i];
    else if (arg === '--seed' && /^\d+$/.test(argv[i + 1] ?? '')) options.seed = Number(argv[++i]);
    else {
      const help = arg === '--help' || arg === '-h';
      process.stderr.write(`${help ? '' : `through-kafka: unknown or incomplete option ${arg}\n`}${usage}\n`);
      process.exit(help ? 0 : 2);
    }
  }
  return options;
}

if (require.main === module) {
  runBenchmarkScript('through-kafka', async () => {
    const args = parseArgs(process.argv.slice(2));
    return { markdown: await runThroughKafkaBenchmark({
      quick: args.quick,
      seed: args.seed,
      command: `npx tsx pipelines/benchmarks/through-kafka/index.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    }), out: args.out };
  });
}
