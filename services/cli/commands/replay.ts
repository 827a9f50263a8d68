import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import {
  createPseudonymiser, describeDifference, loadPseudonymKey, messagesPerSecond, openAnalystRuntime, planReplay, progressLine,
  replayInto, replaySchemaName, tableRules, verifyReplay, type AnalystRuntime, type Pseudonymiser, type ReplayReport, type VerifyReport,
} from '../../analyst';
import { appendAuditEntries } from '../../audit';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { positiveIntegerOption } from '../options';
import { say } from '../progress';
import { formatTable } from '../table';

type ReplayOptions = {
  from?: Date;
  to?: Date;
  into?: string;
  replace?: boolean;
  verify?: boolean;
  keep?: boolean;
  limit: number;
  raw?: boolean;
  by: string;
};

function instantOption(value: string): Date {
  // An offset or Z is required: "09:00" alone would be read in this machine's zone, not the broker's.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('expected YYYY-MM-DD (midnight UTC) or an ISO 8601 time with an offset, e.g. 2026-03-29T07:00:00+01:00');
  }
  return new Date(value);
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('rebuild every projection from Kafka history into a schema of its own (--into), or check the live projections against a replay (--verify)')
    .option('--into <name>', 'build schema replay_<name> for analysts to query; the live schema is not touched')
    .option('--from <time>', 'only messages the broker received at or after this time (with --into)', instantOption)
    .option('--to <time>', 'only messages the broker received before this time (with --into)', instantOption)
    .option('--replace', 'with --into: drop an existing schema of that name first')
    .option('--verify', 'replay everything the live projections have applied and compare row for row; exit 1 on any difference')
    .option('--keep', 'with --verify: keep the temporary schema (pseudonymised unless --raw)')
    .option('--limit <n>', 'with --verify: differences shown per table', positiveIntegerOption, 5)
    .option('--raw', 'real names, dates of birth and identifiers instead of pseudonyms; recorded in the audit log')
    .option('--by <name>', 'who is asking, recorded in the audit log with --raw (default: your user name)', userInfo().username)
    .addHelpText(
      'after',
      '\nEverything printed or left in a replay schema is pseudonymised (HMAC with the key in LIVE_RISK_PSEUDONYM_KEY_FILE) unless --raw.\n' +
        'Examples:\n  live-risk replay --into march --to 2026-04-01T00:00:00+01:00\n  live-risk replay --verify',
    )
    .action(async (options: ReplayOptions) => {
      if (Boolean(options.into) === Boolean(options.verify)) throw new LiveRiskError('INPUT_INVALID', 'give exactly one of --into NAME or --verify', { hint: 'live-risk replay --help' });
      if (options.verify && (options.from || options.to)) {
        throw new LiveRiskError('INPUT_INVALID', '--verify always replays from the beginning, up to what the live projections have applied', { hint: 'drop --from and --to, or use --into' });
      }
      if (options.from && options.to && options.from >= options.to) throw new LiveRiskError('INPUT_INVALID', '--from must be before --to');
      const schema = options.into ? replaySchemaName(options.into) : undefined;
      const config = loadConfig();
      const pseudonymiser = options.raw ? null : createPseudonymiser(await loadPseudonymKey(config.pseudonymKeyFile));
      const runtime = await openAnalystRuntime(config);
      try {
        if (options.raw) await recordRawAccess(runtime, options, schema);
        if (schema) printReplay(await runInto(runtime, schema, options, pseudonymiser), options.raw === true);
        else {
          const report = await verifyReplay(runtime, { keep: options.keep === true, limit: options.limit, pseudonymiser, onProgress: progressBars() });
          printVerify(report, pseudonymiser);
          if (!report.identical) process.exitCode = 1;
        }
      } finally {
        await runtime.close();
      }
    });
}

async function runInto(runtime: AnalystRuntime, schema: string, options: ReplayOptions, pseudonymiser: Pseudonymiser | null): Promise<ReplayReport> {
  const window = { from: options.from, to: options.to };
  const plans = await planReplay(runtime, { window });
  return replayInto(runtime, { schema, plans, window, replace: options.replace === true, pseudonymiser, onProgress: progressBars() });
}

/** Raw values are shown only after the access is on record, in the live audit log. */
async function recordRawAccess(runtime: AnalystRuntime, options: ReplayOptions, schema: string | undefined): Promise<void> {
  const analyst = `analyst:${options.by}`;
  await runtime.live.transaction((trx) =>
    appendAuditEntries(trx, [
      {
        kind: 'raw-access',
        actor: analyst,
        recipient: analyst,
        detail: {
          command: options.verify ? 'replay --verify' : 'replay --into',
          schema: schema ?? null,
          from: options.from?.toISOString() ?? null,
          to: options.to?.toISOString() ?? null,
        },
      },
    ]),
  );
}

/** One bar per projection on stderr, with throughput and time left. A terminal redraws in place; a log gets quarters. */
function progressBars() {
  const started = new Map<string, number>();
  const quarters = new Map<string, number>();
  return (projection: string, done: number, total: number) => {
    const now = performance.now();
    if (!started.has(projection)) started.set(projection, now);
    const line = progressLine(projection.padEnd(12), done, total, (now - (started.get(projection) ?? now)) / 1000);
    if (process.stderr.isTTY) {
      process.stderr.write(terminal`\r${line}`);
      if (done >= total) process.stderr.write('\n');
      return;
    }
    const quarter = total > 0 ? Math.floor((Math.min(done / total, 1)) * 4) : 4;
    if (quarter > (quarters.get(projection) ?? -1)) {
      quarters.set(projection, quarter);
      say(line);
    }
  };
}

function printReplay(report: ReplayReport, raw: boolean): void {
  console.log(summaryTables(report));
  console.log(terminal`\nreplayed ${report.replays.reduce((sum, replay) => sum + replay.messages, 0)} messages into schema ${report.schema} in ${report.seconds.toFixed(1)} s${raw ? ' (raw values: recorded in the audit log)' : ' (pseudonymised)'}`);
  console.log(terminal`query it with: SET search_path TO ${report.schema};   (or psql "$DATABASE_URL" -c 'SET search_path TO ${report.schema}' ...)`);
  console.log(terminal`what it holds: SELECT * FROM ${report.schema}.replay_info;`);
}

function summaryTables(report: ReplayReport): string {
  const projections = formatTable(
    ['projection', 'messages', 'erased', 'seconds', 'msg/s'],
    report.replays.map((replay) => [replay.projection, String(replay.messages), String(replay.erased), replay.seconds.toFixed(1), String(messagesPerSecond(replay.messages, replay.seconds))]),
  );
  const erased = report.replays.reduce((sum, replay) => sum + replay.erased, 0);
  // Said in words: an erased family's events are still in Kafka, as noise nobody can open.
  const erasedNote = erased > 0 ? terminal`
${erased} messages were about erased families: read as erased (their keys are destroyed), never applied` : '';
  const tables = formatTable(['table', 'rows'], report.tables.map((table) => [table.table, String(table.rows)]));
  return `${projections}${erasedNote}\n\n${tables}`;
}

function printVerify(report: VerifyReport, pseudonymiser: Pseudonymiser | null): void {
  for (const plan of report.replay.plans) {
    if (plan.behind > 0) say(`note: the live ${plan.projection} projection is ${plan.behind} messages behind its topic; compared what it has applied`);
  }
  console.log(summaryTables(report.replay).split('\n\n')[0]);
  console.log();
  console.log(
    formatTable(
      ['table', 'live', 'replayed', 'compared', 'differing'],
      report.comparisons.map((c) => [c.table, String(c.liveRows), String(c.replayedRows), String(c.compared), String(c.differing)]),
    ),
  );
  const excluded = Object.entries(tableRules).flatMap(([table, rule]) => Object.keys(rule.excluded ?? {}).map((column) => `${table}.${column}`));
  console.log(terminal`\nnot compared (run-dependent, see services/analyst/compare-tables.ts): ${excluded.join(', ')}`);
  if (report.kept) console.log(terminal`kept the replay in schema ${report.replay.schema}${pseudonymiser ? ' (pseudonymised)' : ' (raw)'}`);
  if (report.identical) {
    console.log(terminal`identical: ${report.compared} rows compared in ${report.comparisons.length} tables`);
    return;
  }
  const differing = report.comparisons.filter((c) => c.differing > 0);
  console.log(terminal`\nDIFFERENT: ${differing.reduce((sum, c) => sum + c.differing, 0)} of ${report.compared} rows differ, in ${differing.map((c) => c.table).join(', ')}`);
  console.log(pseudonymiser ? 'first differences (pseudonymised):' : 'first differences (raw values):');
  for (const comparison of differing) {
    for (const difference of comparison.first) console.log(terminal`  ${describeDifference(comparison.table, difference, pseudonymiser)}`);
  }
}
