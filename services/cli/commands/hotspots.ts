import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { describeSuppression } from '../../disclosure-control';
import { areaKinds, hotspotChartSvg, hotspotCounts, hotspotCsv, hotspotTable, type AreaKind } from '../../hotspots';
import { localInstant } from '../../digest/window';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { loadPolicy } from '../../policy';
import { loadRuleSet } from '../../risk';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { calendarDateOption, positiveIntegerOption } from '../options';
import { say } from '../progress';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

type HotspotOptions = { wait: WaitChoice; from: string; to: string; by: AreaKind; csv?: string; chart?: string; threshold?: number };

function areaOption(value: string): AreaKind {
  if (!(areaKinds as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${areaKinds.join(' or ')}`);
  return value as AreaKind;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** `live-risk hotspots`: incidents per category by postcode district or sector, small numbers suppressed. */
export function registerHotspotsCommand(program: Command): void {
  const command = program
    .command('hotspots')
    .description('count incidents concerning families supported, per category, by postcode district or sector over a period, with small numbers suppressed; CSV and an accessible SVG chart')
    .requiredOption('--from <YYYY-MM-DD>', 'first day (the incident date, Europe/London)', calendarDateOption)
    .requiredOption('--to <YYYY-MM-DD>', 'last day, inclusive', calendarDateOption)
    .option('--by <area>', 'district (e.g. LS9) or sector (e.g. LS9 8)', areaOption, 'district')
    .option('--csv <file>', 'write every count (area × category, with totals) as CSV')
    .option('--chart <file.svg>', 'write the incidents per area as an SVG bar chart')
    .option('--threshold <n>', 'suppress counts below this; may raise, never lower, LIVE_RISK_DISCLOSURE_THRESHOLD (default 10)', positiveIntegerOption)
    .addHelpText(
      'after',
      '\nCounts matched incidents (agency events linked to a family supported), once per family, by the family\'s home postcode on\n' +
        'the day: where families with incidents live, not where incidents happened. Only counts leave the database, no ids.\n' +
        'Example:\n  live-risk hotspots --from 2026-03-01 --to 2026-03-31 --by sector --csv hotspots.csv --chart hotspots.svg',
    );
  withWaitOptions(command).action(async (options: HotspotOptions) => {
    if (options.from > options.to) throw new LiveRiskError('INPUT_INVALID', '--from must not be after --to');
    if (options.chart && !options.chart.toLowerCase().endsWith('.svg')) throw new LiveRiskError('INPUT_INVALID', `the chart is written as SVG: ${options.chart} should end in .svg`);
    const config = loadConfig();
    if (options.threshold !== undefined && options.threshold < config.disclosureThreshold) {
      throw new LiveRiskError('INPUT_INVALID', `--threshold ${options.threshold} is below the configured threshold ${config.disclosureThreshold}`, {
        hint: 'the threshold can be raised for one report, not lowered; information governance sets LIVE_RISK_DISCLOSURE_THRESHOLD',
      });
    }
    const rule = { threshold: options.threshold ?? config.disclosureThreshold };
    const range = { from: new Date(localInstant(options.from, { hours: 0, minutes: 0 }).getTime()), to: new Date(localInstant(nextDay(options.to), { hours: 0, minutes: 0 }).getTime()) };
    const { counts, withoutArea } = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['cohort', 'matches'], options.wait);
      return hotspotCounts(runtime.db, range, options.by);
    }, config);
    const table = hotspotTable(counts, rule);
    const versions = `sharing policy ${loadPolicy(config.policyFile).version}, risk rules ${loadRuleSet(config.rulesFile).version}`;
    const suppression = describeSuppression(rule, table.figures);
    const totals = table.figures.filter((figure) => figure.dims.category === '*');
    console.log(formatTable([options.by, 'incidents'], totals.map((figure) => [figure.dims.area === '*' ? 'all' : figure.dims.area, figure.shown === null ? '[c]' : String(figure.shown)])));
    console.log(terminal`\n${options.from} to ${options.to}, by ${options.by} of the family's home; ${versions}.\n${suppression}`);
    if (withoutArea) say(`note: ${withoutArea} incidents had no recognisable home postcode and are not counted`);
    if (options.csv) {
      await writeFile(options.csv, hotspotCsv(table.figures), 'utf8');
      say(`wrote ${options.csv}`);
    }
    if (options.chart) {
      const subtitle = `${options.from} to ${options.to}, by postcode ${options.by} of the family's home; ${versions}; counts below ${rule.threshold} suppressed`;
      await writeFile(options.chart, hotspotChartSvg(table, { title: `Incidents concerning families supported, by postcode ${options.by}`, subtitle }), 'utf8');
      say(`wrote ${options.chart}`);
    }
  });
}
