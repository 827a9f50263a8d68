import type { Command } from 'commander';
import { catchUp } from '../../../pipelines/catch-up';
import { digestIssued, type DigestIssued } from '../../contracts';
import { runDigestJob } from '../../digest/digest-job';
import { renderDigestText } from '../../digest/render-text';
import { LiveRiskError } from '../../platform/errors';
import type { Runtime } from '../../platform/runtime';
import { calendarDateOption, formatOption } from '../options';
import { withRuntime } from '../with-runtime';

/** Reads issued digests from the projection, after bringing it up to date with digests.v1. */
export async function readDigests(runtime: Runtime, date: string, practitionerId?: string): Promise<DigestIssued[]> {
  await catchUp(runtime, ['digests']);
  const rows: Array<{ payload: DigestIssued }> = await runtime.db('digests')
    .where('digest_date', date)
    .modify((q) => (practitionerId ? q.where('practitioner_id', practitionerId) : q))
    .orderBy('practitioner_id')
    .select('payload');
  // Parsing restores the contract's field order (jsonb stores keys sorted) and re-checks the shape.
  return rows.map((row) => digestIssued.parse(row.payload));
}

export function printDigests(digests: readonly DigestIssued[], format: 'json' | 'text'): void {
  if (format === 'json') console.log(JSON.stringify(digests, null, 2));
  else console.log(digests.map(renderDigestText).join('\n\n' + '-'.repeat(72) + '\n\n'));
}

export function registerDigestCommands(program: Command): void {
  program
    .command('digest')
    .description("print the digests issued for a date: each practitioner's live risks, most urgent first")
    .requiredOption('--date <YYYY-MM-DD>', 'the day the digests were issued for', calendarDateOption)
    .option('--practitioner <id>', 'only this lead practitioner')
    .option('--format <format>', 'json or text', formatOption, 'text')
    .action(async (options: { date: string; practitioner?: string; format: 'json' | 'text' }) => {
      const digests = await withRuntime((runtime) => readDigests(runtime, options.date, options.practitioner));
      if (digests.length === 0) {
        throw new LiveRiskError('NOT_FOUND', `no digests issued for ${options.date}${options.practitioner ? ` for practitioner ${options.practitioner}` : ''}`, {
          hint: `issue them with \`live-risk issue-digests --date ${options.date}\` (or run \`npm run demo\`)`,
        });
      }
      printDigests(digests, options.format);
    });

  program
    .command('issue-digests')
    .description('issue the digests for a date (one per practitioner; a practitioner who already has one is left alone)')
    .requiredOption('--date <YYYY-MM-DD>', 'the day to issue for; the window ends at 07:00 Europe/London that day', calendarDateOption)
    .option('--practitioner <id>', 'only this lead practitioner')
    .action(async (options: { date: string; practitioner?: string }) => {
      const result = await withRuntime((runtime) => runDigestJob(runtime, { date: options.date, practitionerId: options.practitioner }));
      const items = result.issued.reduce((sum, digest) => sum + digest.items.length, 0);
      console.log(`issued ${result.issued.length} digests with ${items} items for ${options.date}; ${result.alreadyIssued} already issued`);
    });
}
