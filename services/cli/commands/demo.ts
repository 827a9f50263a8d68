import type { Command } from 'commander';
import { formatISO, subDays } from 'date-fns';
import { demoSummary, runDemo } from '../../../pipelines/demo/run-demo';
import { loadConfig } from '../../platform/config';
import { calendarDateOption, positiveIntegerOption } from '../options';
import { say } from '../progress';

const yesterday = () => formatISO(subDays(new Date(), 1), { representation: 'date' });

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline on a built-in synthetic council and print the morning digests')
    .option('--start <YYYY-MM-DD>', 'first day to play (default: yesterday)', calendarDateOption)
    .option('--days <n>', 'how many days to play', positiveIntegerOption, 1)
    .option('--families <n>', 'size of the synthetic cohort', positiveIntegerOption, 300)
    .option('--seed <n>', 'seed for the synthetic council (same seed, same council)', positiveIntegerOption, 1)
    .action(async (options: { start?: string; days: number; families: number; seed: number }) => {
      const started = Date.now();
      const days = await runDemo(loadConfig(), { start: options.start ?? yesterday(), days: options.days, families: options.families, seed: options.seed }, say);
      console.log(demoSummary(days, loadConfig().smtpUrl));
      say(`demo finished in ${Math.round((Date.now() - started) / 1000)} s`);
    });
}
