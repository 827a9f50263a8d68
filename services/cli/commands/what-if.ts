import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  createPseudonymiser, createVersionResolver, dayDifferences, dayDifferencesCsv, describeDays, familyChangesCsv, loadPseudonymKey, recordRawAccess,
  storedDigests, whatIfChartSvg, whatIfDigest, type DayDifference, type WhatIfDigest,
} from '../../analyst';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { loadRuleSet, type RuleSet } from '../../risk';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { calendarDateOption } from '../options';
import { progressBar, say } from '../progress';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

type WhatIfOptions = { wait: WaitChoice; rules: string; from?: string; to?: string; practitioner?: string; csv?: string; detail?: string; chart?: string; raw?: boolean; by: string };

export function registerWhatIfCommand(program: Command): void {
  const whatIf = program
    .command('what-if')
    .description('re-derive the issued digests over a period with other risk rules and report, per day, the families newly flagged, no longer flagged and at a changed level')
    .requiredOption('--rules <file>', 'the alternative risk rules (e.g. services/risk/rule-sets/examples/stricter.json)')
    .option('--from <YYYY-MM-DD>', 'first digest date (default: the first issued)', calendarDateOption)
    .option('--to <YYYY-MM-DD>', 'last digest date, inclusive (default: the last issued)', calendarDateOption)
    .option('--practitioner <id>', "only this lead practitioner's digests")
    .option('--csv <file>', 'write the per-day difference as CSV')
    .option('--detail <file>', 'write one CSV row per family whose level differs (family ids pseudonymised unless --raw)')
    .option('--chart <file.svg>', 'write the per-day difference as an SVG bar chart for a report')
    .option('--raw', 'real family ids in --detail instead of pseudonyms; recorded in the audit log')
    .option('--by <name>', 'with --raw: who is asking, for the audit log', userInfo().username)
    .addHelpText(
      'after',
      '\nA family is flagged when its level is high or medium. Everything but the risk rules is as it was on each day: the same\n' +
        'events, consent, sharing policy and items already shown, so each day shows only the difference the rules make that day.\n' +
        'Example:\n  live-risk what-if --rules services/risk/rule-sets/examples/stricter.json --csv days.csv --chart days.svg',
    );
  withWaitOptions(whatIf).action(async (options: WhatIfOptions) => {
      if (options.from && options.to && options.from > options.to) throw new LiveRiskError('INPUT_INVALID', '--from must not be after --to');
      if (options.chart && !options.chart.toLowerCase().endsWith('.svg')) {
        throw new LiveRiskError('INPUT_INVALID', `the chart is written as SVG: ${options.chart} should end in .svg`, {
          hint: 'for a PNG, convert the SVG afterwards (e.g. rsvg-convert -o chart.png chart.svg)',
        });
      }
      const alternative = loadRuleSet(options.rules);
      const config = loadConfig();
      const pseudonymiser = options.raw ? null : createPseudonymiser(await loadPseudonymKey(config.pseudonymKeyFile));
      const results = await withRuntime(async (runtime) => {
        if (options.raw) await recordRawAccess(runtime.db, options.by, { command: 'what-if', rules: alternative.version, from: options.from ?? null, to: options.to ?? null });
        await awaitConsumers(runtime, ['digests'], options.wait);
        const stored = await storedDigests(runtime.db, { from: options.from, to: options.to, practitionerId: options.practitioner });
        if (stored.length === 0) {
          throw new LiveRiskError('NOT_FOUND', `no digests were issued${options.from || options.to ? ` from ${options.from ?? 'the start'} to ${options.to ?? 'the end'}` : ''}`, {
            hint: 'what-if re-derives issued digests: issue some first (`live-risk issue-digests --date D`, or `npm run demo`)',
          });
        }
        const resolver = createVersionResolver(runtime.db);
        const progress = progressBar(`what-if ${stored.length} digests`);
        const done: WhatIfDigest[] = [];
        for (const digest of stored) {
          done.push(await whatIfDigest(runtime.db, resolver, digest, alternative));
          progress(done.length, stored.length);
        }
        return done;
      }, config);
      const days = dayDifferences(results.map((r) => ({ comparison: r.comparison, exact: r.baseline.differences.length === 0 })));
      const inForce = [...new Set(results.map((r) => r.baseline.stored.ruleSetVersion))].sort().join(', ');
      printDays(days, alternative, inForce);
      const family = (familyId: string) => (pseudonymiser ? pseudonymiser.pseudonym('family', familyId) : familyId);
      if (options.csv) await written(options.csv, dayDifferencesCsv(days));
      if (options.detail) await written(options.detail, familyChangesCsv(results.flatMap((r) => r.comparison.changes), family));
      if (options.chart) {
        const title = `What if risk rules ${alternative.version} had been in force`;
        const subtitle = `Families per digest date whose level differs from the digests as issued (rules ${inForce}); flagged = high or medium`;
        await written(options.chart, whatIfChartSvg(days, { title, subtitle, description: describeDays(days, { inForce, alternative: alternative.version }) }));
      }
    });
}

function printDays(days: readonly DayDifference[], alternative: RuleSet, inForce: string): void {
  console.log(
    formatTable(
      ['date', 'digests', 'families', 'newly flagged', 'no longer flagged', 'changed level'],
      days.map((d) => [d.date, String(d.digests), String(d.familiesCompared), String(d.newlyFlagged), String(d.noLongerFlagged), String(d.changedLevel)]),
    ),
  );
  const sum = (pick: (d: DayDifference) => number) => days.reduce((total, d) => total + pick(d), 0);
  console.log(
    terminal`\nrules ${alternative.version} instead of ${inForce}, over ${days.length} days (${sum((d) => d.digests)} digests, ${sum((d) => d.familiesCompared)} families): ` +
      terminal`${sum((d) => d.newlyFlagged)} newly flagged, ${sum((d) => d.noLongerFlagged)} no longer flagged, ${sum((d) => d.changedLevel)} changed level (flagged: high or medium)`,
  );
  const notReproduced = sum((d) => d.notReproduced);
  if (notReproduced) {
    console.log(terminal`note: ${notReproduced} digests did not reproduce exactly with their own rules; their difference is against the reproduction (check with \`live-risk digest --as-of DATE --check\`)`);
  }
}

async function written(file: string, content: string): Promise<void> {
  await writeFile(file, content, 'utf8');
  say(`wrote ${file}`);
}
