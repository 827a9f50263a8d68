import type { Command } from 'commander';
import { cohortMembers, dataQualityReads, nhsNumberDataQuality, withoutValidNhsNumber, type NhsNumberCounts, type NhsNumberDataQuality } from '../../data-quality';
import { terminal } from '../../platform/terminal';
import { londonDateOf } from '../../scheduler/schedule';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { calendarDateOption, formatOption } from '../options';
import { withRuntime } from '../with-runtime';

type DataQualityOptions = { wait: WaitChoice; format: 'json' | 'text'; on?: string };

/** `live-risk data-quality`: how many children in the cohort have no valid NHS number, in all and per team. Counts only. */
export function registerDataQualityCommand(program: Command): void {
  const command = program
    .command('data-quality')
    .description('count the children (under 18) in open families with no valid NHS number, in all and per team: counts only, never who')
    .option('--format <format>', 'json or text', formatOption, 'text')
    .option('--on <YYYY-MM-DD>', 'the day ages are counted on (default: today in Europe/London)', calendarDateOption)
    .addHelpText(
      'after',
      '\nThe NHS number is to be the consistent child identifier, and a verified one decides linkage; a child without one\n' +
        'is matched by name, date of birth and address alone. Ask the teams listed to add the numbers to the council’s\n' +
        'records; the next cohort import carries them. Reads the cohort projection (waits for it, never runs it). Example:\n  live-risk data-quality --format json',
    );
  withWaitOptions(command).action(async (options: DataQualityOptions) => {
    const on = options.on ?? londonDateOf(new Date());
    const report = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, dataQualityReads, options.wait);
      return nhsNumberDataQuality(await cohortMembers(runtime.db), on);
    });
    console.log(options.format === 'json' ? JSON.stringify(report, null, 2) : dataQualityText(report));
  });
}

const line = (counts: NhsNumberCounts) =>
  `${withoutValidNhsNumber(counts)} of ${counts.children} children without a valid NHS number (${counts.noNhsNumber} none, ${counts.invalidNhsNumber} failing the check digit)` +
  (counts.ageUnknown ? `; ${counts.ageUnknown} members with no date of birth not counted` : '');

export function dataQualityText(report: NhsNumberDataQuality): string {
  const lines = [`NHS numbers in the cohort on ${report.on}: ${line(report.cohort)}`];
  for (const team of report.teams) lines.push(terminal`  ${team.team ?? '(no team)'}: ` + line(team));
  return lines.join('\n');
}
