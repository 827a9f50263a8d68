import { cpus, loadavg, totalmem } from 'node:os';
import { replayOrder } from '../../../services/analyst/replay';
import { importCohortRows } from '../../../services/cohort/import-cohort';
import { topicNames } from '../../../services/contracts';
import { LiveRiskError } from '../../../services/platform/errors';
import { loadPolicy } from '../../../services/policy';
import { projections } from '../../../services/projector';
import { loadRuleSet } from '../../../services/risk';
import { generateCouncil } from '../../synthetic-council';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { measureRawConsume } from '../through-kafka/raw-consume';
import { diskCheck, freeBytesAt, gigabytes } from './disk';
import { derivedHistory } from './history';
import { measureReplay } from './measure-replay';
import { replayBenchPlan, type ReplayBenchPlan } from './plan';
import { buildPool } from './pool';
import { publishHistory } from './publish-history';
import { formatReplayBenchmark, replayRate, type ReplayMeasurement } from './report';
import { runBenchmarkScript } from '../script-main';

/**
 * "Replay throughput": how fast `replayInto` (the analysts' `live-risk replay`) turns a long history
 * into projections, against how fast kafkajs alone reads the same topics in the same run. Runs in
 * topics and a database of its own, removed afterwards, as through-kafka does.
 */
export { replayBenchPlan, type ReplayBenchPlan } from './plan';

export type ReplayBenchOptions = Readonly<{
  quick?: boolean;
  /** Derived events; overrides --quick's 100,000 and the default 1,000,000. */
  events?: number;
  replayRuns?: number;
  seed?: number;
  /** Where Kafka's and PostgreSQL's data live, for the free-space check (default /). */
  diskPath?: string;
  /** Run each replay under `node --cpu-prof`, profiles into this folder. */
  cpuProfileDir?: string;
  say?: (line: string) => void;
  command?: string;
}>;

// Old enough that ten million events (about sixteen years of this council) end before today.
const firstDay = '2010-01-04';

export async function runReplayBenchmark(options: ReplayBenchOptions = {}): Promise<string> {
  const started = performance.now();
  const loadAverage = loadavg();
  const plan: ReplayBenchPlan = replayBenchPlan(options);
  const seed = options.seed ?? 1;
  const say = options.say ?? ((line: string) => process.stderr.write(`replay-bench [${Math.round((performance.now() - started) / 1000)} s]: ${line}\n`));
  say(`load average ${loadAverage.map((l) => l.toFixed(2)).join(' ')}; ${plan.events} derived events, ${plan.families} families, ${plan.replayRuns} replay runs`);

  const council = generateCouncil({ families: plan.families, seed });
  const pool = buildPool(council, { firstDay, days: plan.poolDays, seed });
  const generateSeconds = (performance.now() - started) / 1000;
  const rules = loadRuleSet();
  const policy = loadPolicy();

  // Sized from the history's own first messages, before anything is written.
  const sample = [...derivedHistory(pool, { topics: topicNames('sample.'), events: Math.min(plan.events, 5000), rules, policy })].flat();
  const meanValueBytes = sample.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m.event)) + 5, 0) / sample.length;
  const disk = diskCheck(plan.events, meanValueBytes, freeBytesAt(options.diskPath ?? '/'));
  say(`about ${gigabytes(disk.estimateBytes)} needed on disk (Kafka and one replay schema), ${gigabytes(disk.freeBytes)} free`);
  if (!disk.ok) {
    throw new LiveRiskError('INPUT_INVALID', `not enough free disk: ${plan.events} events need about ${gigabytes(disk.estimateBytes)}, and a run wants twice that free (${gigabytes(disk.freeBytes)} is)`, {
      hint: 'free some space, or pass a smaller --events',
    });
  }

  let stopped = false;
  const stop = () => {
    stopped = true;
    say('stopping: cleaning up after the current step');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await withIsolatedRuntime(async (runtime) => {
      const lap = performance.now();
      const imported = await importCohortRows(runtime, { rows: council.rows, rejections: [] }, { recordedAt: `${firstDay}T06:00:00.000Z` });
      const cohortPublishSeconds = (performance.now() - lap) / 1000;
      say(`published ${imported.events} cohort events (${cohortPublishSeconds.toFixed(1)} s)`);
      const history = derivedHistory(pool, { topics: runtime.topics, events: plan.events, rules, policy });
      const published = await publishHistory(runtime, history, plan.events, { requestBytes: plan.publishRequestBytes, say, stopped: () => stopped });

      const topics = replayOrder.map((name) => projections(runtime.topics)[name].topic);
      const measurements: ReplayMeasurement[] = [];
      const raw = async () => {
        if (stopped) throw new LiveRiskError('INTERNAL', 'stopped');
        const at = loadavg();
        const result = await measureRawConsume(runtime.kafka, topics, { timeoutMs: plan.measurementTimeoutMs });
        say(`raw consume: ${result.messages} messages in ${result.seconds.toFixed(1)} s, ${Math.round(result.messagesPerSecond)}/s`);
        measurements.push({ kind: 'raw', result, loadAverage: at });
      };
      await raw();
      for (let run = 1; run <= plan.replayRuns; run++) {
        const result = await measureReplay(runtime.config, {
          schema: `replay_bench_${run}`,
          timeoutMs: plan.measurementTimeoutMs,
          cpuProfileDir: options.cpuProfileDir,
          stopped: () => stopped,
        });
        const rate = replayRate(result);
        say(`replay ${run}: ${rate.messages} messages in ${rate.seconds.toFixed(1)} s, ${Math.round(rate.perSecond)}/s; peak RSS ${gigabytes(result.peakRss)}, schema ${gigabytes(result.schemaBytes)}`);
        measurements.push({ kind: 'replay', result });
        await raw();
      }

      const cpu = cpus();
      return formatReplayBenchmark({
        machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}; ${new Date().toISOString().slice(0, 10)}`,
        cores: cpu.length,
        loadAverage,
        command: options.command ?? `npx tsx pipelines/benchmarks/replay/index.ts${options.quick ? ' --quick' : ''}`,
        workload: {
          families: imported.families,
          people: imported.members,
          cohortEvents: imported.events,
          poolDays: plan.poolDays,
          derived: published.messages,
          generateSeconds,
          cohortPublishSeconds,
          publish: published,
        },
        measurements,
        seconds: (performance.now() - started) / 1000,
      });
    }, say);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

const usage = `usage: npx tsx pipelines/benchmarks/replay/index.ts [--quick] [--events N] [--replays N] [--out FILE] [--seed N] [--cpu-prof DIR]
  Replay throughput: \`live-risk replay\`'s replayInto over N derived events (matches, reviews,
  digests) and a 10,000-family cohort, against a raw kafkajs consume of the same topics, alternating.
  Needs the local stack (node bin/live-risk.cjs stack up); uses its own topics and database and
  removes them afterwards, also when it fails or is interrupted (Ctrl-C).
  --quick       100,000 events (a few minutes)
  --events N    N derived events (default 1,000,000, about 5 minutes here; 10,000,000 took 26
                minutes: 11 of publishing, 11 of replay, 2.5 of raw consumes; wants 80 GB free)
  --replays N   replay runs, each between two raw consumes (default 2; 1 above 2M events)
  --out FILE    also write the Markdown section to FILE
  --seed N      seed for the synthetic council (default 1)
  --cpu-prof D  profile each replay process with node --cpu-prof into folder D`;

type Args = { quick: boolean; events?: number; replays?: number; out?: string; seed: number; cpuProf?: string };

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, seed: 1 };
  const count = (text: string | undefined) => (/^\d+$/.test(text ?? '') && Number(text) > 0 ? Number(text) : undefined);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--events' && count(argv[i + 1])) args.events = count(argv[++i]);
    else if (arg === '--replays' && count(argv[i + 1])) args.replays = count(argv[++i]);
    else if (arg === '--seed' && count(argv[i + 1])) args.seed = Number(argv[++i]);
    else if (arg === '--out' && argv[i + 1]) args.out = argv[++i];
    else if (arg === '--cpu-prof' && argv[i + 1]) args.cpuProf = argv[++i];
    else {
      const help = arg === '--help' || arg === '-h';
      process.stderr.write(`${help ? '' : `replay-bench: unknown or incomplete option ${arg}\n`}${usage}\n`);
      process.exit(help ? 0 : 2);
    }
  }
  return args;
}

if (require.main === module) {
  runBenchmarkScript('replay-bench', async () => {
    const args = parseArgs(process.argv.slice(2));
    return { markdown: await runReplayBenchmark({
      quick: args.quick,
      events: args.events,
      replayRuns: args.replays,
      seed: args.seed,
      cpuProfileDir: args.cpuProf,
      command: `npx tsx pipelines/benchmarks/replay/index.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    }), out: args.out };
  });
}
