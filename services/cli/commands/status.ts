import type { Command } from 'commander';
import { pipelineStatus, type PipelineStatus } from '../../consumers/status';
import { terminal } from '../../platform/terminal';
import type { AgreementsReport } from '../../policy';
import { formatOption } from '../options';
import { withRuntime } from '../with-runtime';

/** `live-risk status`: is every agency message accounted for, is every consumer current, has everything decided been published. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('reconcile the agency topics with what the matcher did, and report each consumer’s lag, its offsets and the outbox; exit 1 unless all is accounted for')
    .option('--format <format>', 'json or text', formatOption, 'text')
    .action(async (options: { format: 'json' | 'text' }) => {
      const report = await withRuntime((runtime) => pipelineStatus(runtime));
      if (options.format === 'json') console.log(JSON.stringify(report, null, 2));
      else console.log(statusText(report));
      if (!report.reconciled) process.exitCode = 1;
    });
}

const column = (value: number, width: number) => String(value).padStart(width);

export function statusText(report: PipelineStatus): string {
  const lines = ['agency topics:'];
  for (const row of report.agencyTopics) {
    lines.push(
      terminal`  ${row.topic.padEnd(28)} messages ${column(row.messages, 7)}  linked ${column(row.linked, 6)}  in review ${column(row.inReview, 5)}  unlinked ${column(row.unlinked, 6)}  duplicates ${column(row.duplicates, 5)}  dead-lettered ${column(row.deadLettered, 5)}  expired unread ${column(row.expired, 5)}  pending ${column(row.pending, 6)}` +
        (row.exceeded ? `  the matcher recorded ${row.exceeded} more messages than this topic has ever held` : ''),
    );
  }
  lines.push('consumers:');
  for (const consumer of report.consumers) {
    const state = consumer.problems.length ? 'REFUSES TO READ' : consumer.behind ? `${consumer.behind} messages behind` : 'up to date';
    lines.push(`  ${consumer.consumer.padEnd(18)} ${state}`);
    for (const problem of consumer.problems) lines.push(terminal`    ${problem}`);
  }
  const waiting = report.outbox.reduce((sum, row) => sum + row.waiting, 0);
  const parked = report.outbox.reduce((sum, row) => sum + row.parked, 0);
  lines.push(`outbox: ${waiting} decided and waiting to be published, ${parked} parked (cannot be published)`);
  for (const row of report.parked) lines.push(terminal`  parked #${row.id} for ${row.topic} since ${row.failedAt.toISOString()}: ${row.failure}`);
  lines.push(...agreementLines(report.agreements));
  lines.push(verdict(report));
  return lines.join('\n');
}

/** The signed agreements and any past its review date; reported, never a reason to exit non-zero. */
function agreementLines(report: AgreementsReport): string[] {
  if ('problem' in report) return [terminal`sharing agreements: the policy in force cannot be read: ${report.problem}`];
  const lines = [terminal`sharing agreements (policy ${report.policyVersion}, today ${report.today}):`];
  for (const row of report.standings) {
    lines.push(
      terminal`  ${row.agency.padEnd(10)} ${row.reference.padEnd(22)} review by ${row.reviewDate}` +
        (row.overdue ? `  REVIEW OVERDUE by ${row.daysOverdue} day${row.daysOverdue === 1 ? '' : 's'}` : ''),
    );
  }
  const overdue = report.standings.filter((row) => row.overdue).length;
  if (overdue) {
    lines.push(
      `  ${overdue} agreement${overdue === 1 ? ' is' : 's are'} past ${overdue === 1 ? 'its' : 'their'} review date: sharing continues; ask the partners to review and re-sign, ` +
        'then record the new dates in the policy file (see README, "The agreement as signed")',
    );
  }
  return lines;
}

function verdict(report: PipelineStatus): string {
  if (report.offsetsInvalid) {
    return 'stored offsets no longer describe the topics (recreated, replaced or truncated): those consumers refuse to read until you rebuild them (`live-risk rebuild CONSUMER`) or restore Kafka; see README, "When offsets no longer describe a topic"';
  }
  if (report.reconciled) return 'every message is accounted for';
  if (report.parked.length) return 'some decisions cannot be published: see the parked rows above and README, "Operating live-risk"';
  return 'some messages are still pending: the consumers (`live-risk run --follow`) will get to them; in development, run `live-risk run`';
}
