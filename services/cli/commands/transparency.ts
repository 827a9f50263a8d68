import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { loadPolicy } from '../../policy';
import { loadRetentionSchedule } from '../../retention';
import { loadRuleSet } from '../../risk';
import { londonDateOf } from '../../scheduler/schedule';
import { buildTransparencyPage, periodEnding, transparencyReads } from '../../transparency';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { positiveIntegerOption } from '../options';
import { say } from '../progress';
import { withRuntime } from '../with-runtime';

type TransparencyOptions = { wait: WaitChoice; month: string; months: number; out: string; threshold?: number };

/** `live-risk transparency`: the public page of what the programme shares, and monthly counts with small numbers suppressed. */
export function registerTransparencyCommand(program: Command): void {
  const command = program
    .command('transparency')
    .description('write the public transparency page: who sends what under which agreement, the sharing policy, retention, and monthly counts with small numbers suppressed')
    .requiredOption('--month <YYYY-MM>', 'the last month the page covers (calendar months, Europe/London)')
    .option('--months <n>', 'how many months, ending with --month', positiveIntegerOption, 1)
    .requiredOption('--out <page.html>', 'where to write the page (one self-contained HTML file, no scripts)')
    .option('--threshold <n>', 'suppress counts below this; may raise, never lower, LIVE_RISK_DISCLOSURE_THRESHOLD (default 10)', positiveIntegerOption)
    .addHelpText(
      'after',
      '\nCounts come from the projections (families, the matcher ledger, reviews, the audit log); the command waits for the\n' +
        'consumers to catch up and never runs them. No count from 1 to threshold − 1 is published, and further counts are\n' +
        'withheld so that none can be worked out by subtraction. Example:\n  live-risk transparency --month 2026-03 --months 3 --out transparency.html',
    );
  withWaitOptions(command).action(async (options: TransparencyOptions) => {
    const config = loadConfig();
    if (options.threshold !== undefined && options.threshold < config.disclosureThreshold) {
      throw new LiveRiskError('INPUT_INVALID', `--threshold ${options.threshold} is below the configured threshold ${config.disclosureThreshold}`, {
        hint: 'the threshold can be raised for one page, not lowered; information governance sets LIVE_RISK_DISCLOSURE_THRESHOLD',
      });
    }
    const period = periodEnding(options.month, options.months);
    if (period.from.getTime() > Date.now()) throw new LiveRiskError('INPUT_INVALID', `${period.months[0]} has not begun yet`);
    const policy = loadPolicy(config.policyFile);
    const rules = loadRuleSet(config.rulesFile);
    const retention = loadRetentionSchedule(config.retentionFile, config);
    const threshold = options.threshold ?? config.disclosureThreshold;
    const { html, page } = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, transparencyReads, options.wait);
      return buildTransparencyPage(runtime, { period, policy, rulesVersion: rules.version, retention, threshold });
    }, config);
    await writeFile(options.out, html, 'utf8');
    const withheld = page.figures.filter((figure) => figure.shown === null).length;
    say(`wrote ${options.out}: ${period.months.join(', ')} (to ${londonDateOf(new Date(period.to.getTime() - 1))}), ${page.figures.length} counts, ${withheld} suppressed below ${threshold} or to protect those`);
  });
}
