import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { loadConfig } from '../../platform/config';
import { escapeLinesForTerminal, terminal } from '../../platform/terminal';
import {
  applyTopicRetention, builtInScheduleFile, kafkaRows, loadArchivedRetentionSchedule, loadRetentionSchedule, readTopicRetention, reportRows, runRetention,
  scheduleSections, type ArchivedRetentionSchedule, type RetentionReport,
} from '../../retention';
import { formatOption } from '../options';
import { say } from '../progress';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

/** Returns the `retention` command, so `retention audit` (retention-audit.ts) can join it. */
export function registerRetentionCommands(program: Command): Command {
  const retention = program
    .command('retention')
    .description('the retention schedule: how long each class of record is kept and why, the run that applies it, and proof of what is gone');

  retention
    .command('show')
    .description('print the retention schedule in plain words: each class of record, how long it is kept, why, and what removes it')
    .option('--file <file>', 'a schedule file to show instead of the one in force (LIVE_RISK_RETENTION_FILE or the built-in schedule)')
    .option('--released', 'read the file as a released version: classes it lacks did not exist then, and it is not checked against today’s REMATCH_DAYS')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .action((options: { file?: string; released?: boolean; format: 'json' | 'text' }) => {
      const config = loadConfig();
      const file = options.file ?? config.retentionFile ?? builtInScheduleFile;
      const schedule: ArchivedRetentionSchedule = options.released ? loadArchivedRetentionSchedule(file) : loadRetentionSchedule(file, config);
      if (options.format === 'json') return console.log(JSON.stringify(schedule, null, 2));
      console.log(terminal`Retention schedule ${schedule.version}, in force from ${schedule.effectiveFrom}\n(from ${file})`);
      if (schedule.description) console.log('\n' + escapeLinesForTerminal(schedule.description));
      for (const section of scheduleSections(schedule)) {
        console.log(terminal`\n${section.title} (${section.recordClass})\n  kept:         ${section.keep}\n  why:          ${section.reason}\n  lawful basis: ${section.lawfulBasis}\n  where:        ${section.where}\n  removed by:   ${section.enforcedBy}`);
      }
    });

  retention
    .command('apply')
    .description("set each topic's retention in Kafka from the schedule (the administrator does this on every start too) and print it")
    .option('--format <format>', 'text or json', formatOption, 'text')
    .action(async (options: { format: 'json' | 'text' }) => {
      const { changes, settings } = await withRuntime(async (runtime) => {
        const admin = runtime.kafka.admin();
        await admin.connect();
        try {
          // openRuntime has applied it already as the administrator; applying again reports nothing new unless it raced a change.
          const applied = await applyTopicRetention(admin, runtime.topics, loadRetentionSchedule(runtime.config.retentionFile, runtime.config));
          return { changes: applied, settings: await readTopicRetention(admin, runtime.topics) };
        } finally {
          await admin.disconnect();
        }
      });
      if (options.format === 'json') return console.log(JSON.stringify({ changes, topics: Object.fromEntries(settings) }, null, 2));
      for (const change of changes) console.log(terminal`${change.topic}: ${change.setting} ${change.from ?? '(broker default)'} → ${change.to}`);
      const days = (ms: string) => (ms === '-1' ? 'for ever' : `${Number(ms) / 86_400_000} days`);
      console.log(formatTable(['topic', 'kept', 'segment'], [...settings].map(([topic, value]) => [topic, days(value['retention.ms']), days(value['segment.ms'])])));
    });

  retention
    .command('run')
    .description('apply the schedule to what PostgreSQL holds, and report counts per class of record (never names); recorded in the audit log')
    .option('--dry-run', 'count what would be removed, remove nothing and record nothing')
    .option('--by <name>', 'who runs it, recorded in the audit log (default: your user name)', userInfo().username)
    .option('--format <format>', 'text or json', formatOption, 'text')
    .addHelpText('after', '\nThe scheduler runs it once a day after the morning digests. Kafka removes old agency events and dead letters itself (`retention apply`); the report says how many each topic still holds.\n')
    .action(async (options: { dryRun?: boolean; by: string; format: 'json' | 'text' }) => {
      const report = await withRuntime(async (runtime) =>
        runRetention(runtime, {
          schedule: loadRetentionSchedule(runtime.config.retentionFile, runtime.config),
          now: new Date(),
          dryRun: options.dryRun ?? false,
          actor: `operator:${options.by}`,
          onProgress: (step, done, total) => say(`retention: ${step} (${done}/${total})`),
        }),
      );
      // Only a scheduled run can find its day already done; an operator's run always runs.
      if (report) printReport(report, options.format);
    });
  return retention;
}

export function printReport(report: RetentionReport, format: 'json' | 'text'): void {
  if (format === 'json') return console.log(JSON.stringify(report, null, 2));
  console.log(terminal`${report.dryRun ? 'dry run: nothing removed; would remove' : 'removed'} under retention schedule ${report.scheduleVersion} at ${report.at}:`);
  console.log(formatTable(['class', report.dryRun ? 'would remove' : 'removed', 'past period, kept', 'detail'], reportRows(report)));
  console.log(terminal`\nKafka (removes these itself, a segment at a time):`);
  console.log(formatTable(['topic', 'messages held', 'older than the period'], kafkaRows(report)));
}
