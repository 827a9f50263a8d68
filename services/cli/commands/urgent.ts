import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { acknowledgeAlert } from '../../urgent/acknowledge-alert';
import { listUrgentAlerts } from '../../urgent/alerts-store';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { formatOption } from '../options';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

const status = (row: { acknowledgedAt: Date | null; acknowledgedBy: string | null; escalatedTo: string | null }) =>
  [row.acknowledgedAt ? `acknowledged by ${row.acknowledgedBy}` : 'open', row.escalatedTo ? `escalated to ${row.escalatedTo}` : ''].filter(Boolean).join(', ');

export function registerUrgentCommands(program: Command): void {
  const urgent = program.command('urgent').description('urgent alerts: what the urgent rules raised at once, whom it went to, and who acknowledged it');
  withWaitOptions(
    urgent
      .command('list')
      .description('list urgent alerts, newest first')
      .option('--open', 'only those nobody has acknowledged')
      .option('--format <format>', 'text or json', formatOption, 'text'),
  ).action(async (options: { open?: boolean; format: 'json' | 'text'; wait: WaitChoice }) => {
    const rows = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['urgent-alerts'], options.wait, { upstream: true });
      return listUrgentAlerts(runtime.db, { open: options.open });
    });
    if (options.format === 'json') return console.log(JSON.stringify(rows, null, 2));
    if (rows.length === 0) return console.log(terminal`no ${options.open ? 'open ' : ''}urgent alerts`);
    console.log(formatTable(['Alert', 'Raised', 'Family', 'Urgent because', 'Went to', 'Status'],
      rows.map((row) => [row.alertId, row.raisedAt.toISOString(), row.familyReference ?? row.familyId, row.says, row.routedTo === 'duty-team' ? 'duty team' : (row.practitionerId ?? ''), status(row)])));
  });
  withWaitOptions(
    urgent
      .command('ack')
      .description('acknowledge an urgent alert: someone has it in hand, so it does not escalate')
      .argument('<alert>', 'the alert id from `urgent list` or the email link')
      .option('--by <name>', 'who acknowledges it (default: your user name)', userInfo().username),
  ).action(async (alertId: string, options: { by: string; wait: WaitChoice }) => {
    await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['urgent'], options.wait, { upstream: true });
      const outcome = await acknowledgeAlert(runtime, alertId, options.by, new Date(), 'cli');
      if (outcome === 'unknown') {
        throw new LiveRiskError('INPUT_INVALID', `no urgent alert ${alertId}`, { hint: 'copy the id from `live-risk urgent list`' });
      }
      await runtime.outbox.flush();
      console.log(outcome === 'acknowledged' ? terminal`urgent alert ${alertId} acknowledged by ${options.by}` : terminal`urgent alert ${alertId} was already acknowledged`);
    });
  });
}
