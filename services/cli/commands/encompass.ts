import { type Command } from 'commander';
import { localInstant } from '../../digest/window';
import { loadEncompassDirectory } from '../../encompass';
import { encompassReport, type EncompassTally } from '../../encompass/report';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { calendarDateOption, formatOption } from '../options';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

type ReportOptions = { wait: WaitChoice; from?: string; to?: string; format: 'json' | 'text'; json?: boolean };

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const midnight = (date: string) => new Date(localInstant(date, { hours: 0, minutes: 0 }).getTime());
const columns = ['sent', 'acknowledged', 'on time', 'late', 'late from force', 'withheld', 'undeliverable'];
const cells = (t: EncompassTally) => [t.sent, t.acknowledged, t.onTime, t.late, t.lateFromAgency, t.withheld, t.undeliverable].map(String);

/** `live-risk encompass`: Operation Encompass, for the council's Encompass lead and information governance. */
export function registerEncompassCommands(program: Command): void {
  const encompass = program.command('encompass').description('Operation Encompass: notifications to schools of police domestic abuse, and whether they were on time');
  const report = encompass
    .command('report')
    .description('per school and per police force: notifications sent, acknowledged, on time, late (and late because the force’s event reached us late), withheld, undeliverable')
    .option('--from <YYYY-MM-DD>', 'first day (when it was decided, Europe/London)', calendarDateOption)
    .option('--to <YYYY-MM-DD>', 'last day, inclusive', calendarDateOption)
    .option('--format <format>', 'text or json', formatOption, 'text')
    .option('--json', 'the same as --format json')
    .addHelpText(
      'after',
      '\nOn time: sent before the start of the next school day after the incident (the school\'s calendar). Counts only: no child,\n' +
        'family or incident is named. Exit code 0 whatever the counts; 1 when the report cannot be made.\n' +
        'Example:\n  live-risk encompass report --from 2026-09-01 --to 2026-12-18',
    );
  withWaitOptions(report).action(async (options: ReportOptions) => {
    if (options.from && options.to && options.from > options.to) throw new LiveRiskError('INPUT_INVALID', '--from must not be after --to');
    const config = loadConfig();
    const directory = loadEncompassDirectory(config.encompass);
    const range = { ...(options.from ? { from: midnight(options.from) } : {}), ...(options.to ? { to: midnight(nextDay(options.to)) } : {}) };
    const result = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['encompass-notifications'], options.wait, { upstream: true });
      return encompassReport(runtime.db, range, { from: options.from, to: options.to });
    }, config);
    if (options.json || options.format === 'json') return console.log(JSON.stringify(result, null, 2));
    const recipientName = (key: string) =>
      key === 'council-team' ? directory.register.councilTeam.name : key === 'no-school' ? '(no school known)' : `${directory.schoolByUrn(key)?.name ?? 'school not in the register'} (${key})`;
    console.log(formatTable(['School', ...columns], [...result.byRecipient.map((row) => [recipientName(row.recipient), ...cells(row)]), ['all', ...cells(result.total)]]));
    console.log('');
    console.log(formatTable(['Police force', ...columns], result.byForce.map((row) => [row.force, ...cells(row)])));
    console.log(terminal`\n${options.from ?? 'the beginning'} to ${options.to ?? 'now'}; schools register ${directory.register.version}, school calendars ${directory.calendars.version}.`);
  });
}
