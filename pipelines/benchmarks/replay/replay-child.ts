import { loadavg } from 'node:os';
import { openAnalystRuntime } from '../../../services/analyst/analyst-runtime';
import { planReplay, replayInto, type ReplayReport } from '../../../services/analyst/replay';
import { dropReplaySchema } from '../../../services/analyst/replay-schema';
import { loadConfig } from '../../../services/platform/config';
import { LiveRiskError, describeError } from '../../../services/platform/errors';

/**
 * One replay in a process of its own, started by measure-replay.ts: `replay-child.ts <schema>
 * <time limit in ms>`, with the benchmark's topics and database in the environment. It runs what
 * `live-risk replay --into NAME --raw` runs (plan every projection's whole topic, then
 * `replayInto`), so the peak RSS is the replay's alone. Progress goes to stderr; the result is the
 * last stdout line, after `replayResultMarker`. The schema is dropped afterwards, so the next run
 * starts from an empty one and the disk holds one replay at a time.
 */
export const replayResultMarker = 'REPLAY-RESULT ';

export type ReplayChildResult = Readonly<{
  report: Pick<ReplayReport, 'replays' | 'tables' | 'seconds'>;
  planned: number;
  /** The kernel's high-water mark for this process, bytes. */
  peakRss: number;
  /** Tables, TOAST and indexes of the replay schema once built. */
  schemaBytes: number;
  loadAverage: readonly number[];
}>;

async function main(schema: string, timeoutMs: number): Promise<ReplayChildResult> {
  const loadAverage = loadavg();
  const runtime = await openAnalystRuntime(loadConfig());
  const started = performance.now();
  let lastSaid = started;
  try {
    const plans = await planReplay(runtime, { window: {} });
    const report = await replayInto(runtime, {
      schema,
      plans,
      window: {},
      replace: true,
      // Events into projections is the figure; pseudonymising afterwards is a pass over the tables of its own.
      pseudonymiser: null,
      onProgress: (projection, done, total) => {
        const now = performance.now();
        // Thrown inside a batch, it stops the replay the way any failure does: the schema is dropped.
        if (now - started > timeoutMs) throw new LiveRiskError('INTERNAL', `the replay did not finish within ${timeoutMs / 1000} s (${projection} at ${done} of ${total})`);
        if (now - lastSaid > 10_000 || (done === total && total > 0)) {
          lastSaid = now;
          process.stderr.write(`  replay ${projection}: ${done} of ${total} (${Math.round((now - started) / 1000)} s)\n`);
        }
      },
    });
    const { rows } = await runtime.live.raw(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relkind = 'r'`,
      [schema],
    );
    return {
      report: { replays: report.replays, tables: report.tables, seconds: report.seconds },
      planned: plans.reduce((sum, plan) => sum + plan.messages, 0),
      peakRss: process.resourceUsage().maxRSS * 1024,
      schemaBytes: Number(rows[0].bytes),
      loadAverage,
    };
  } finally {
    await dropReplaySchema(runtime.config.databaseUrl, schema).catch(() => undefined);
    await runtime.close();
  }
}

if (require.main === module) {
  const [schema, timeoutMs] = process.argv.slice(2);
  main(schema, Number(timeoutMs)).then(
    (result) => {
      process.stdout.write(`${replayResultMarker}${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`replay child: ${describeError(error)}\n`);
      process.exit(1);
    },
  );
}
