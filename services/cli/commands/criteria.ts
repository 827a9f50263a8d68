import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { extname, relative } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createPseudonymiser, loadPseudonymKey, withReplaySchema } from '../../analyst';
import {
  approveReport, evaluateReport, exampleCriteriaFile, identifiedList, knownAt, loadCriteriaSet, periodEnding, recordIdentifiedList, recordReport, renderReport,
  type CriteriaReport, type IdentifiedList, type ReportFormat,
} from '../../criteria';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { calendarDateOption, formatOption } from '../options';
import { say } from '../progress';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

// As the README names it, not this machine's absolute path.
const exampleFile = relative(process.cwd(), exampleCriteriaFile) || exampleCriteriaFile;

function thresholdsOption(value: string): number[] {
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) throw new InvalidArgumentError('expected whole numbers of 1 or more separated by commas, e.g. 1,2,3');
  return [...new Set(numbers)].sort((a, b) => a - b);
}

const formats: Readonly<Record<string, ReportFormat>> = { '.md': 'md', '.html': 'html', '.json': 'json' };

function formatOf(file: string): ReportFormat {
  const format = formats[extname(file).toLowerCase()];
  if (!format) throw new LiveRiskError('INPUT_INVALID', `the report is written as Markdown, HTML or JSON: ${file} should end in .md, .html or .json`);
  return format;
}

type ReportOptions = { criteria: string; asOf: string; thresholds?: number[]; out?: string[]; by: string; fromSchema?: string; wait: WaitChoice };
type ApproveOptions = { reportId: string; by: string; reason: string; wait: WaitChoice };
type ListOptions = { reportId: string; by: string; format: 'json' | 'text'; wait: WaitChoice };

export function registerCriteriaCommands(program: Command): void {
  const criteria = program
    .command('criteria')
    .description('eligibility criteria over the event history: a pseudonymised report for governance, its approval, then the identified list');
  criteria
    .command('check')
    .description('validate a criteria file without running it; exits 2 and names every problem if it is not valid')
    .argument('<file>', `the JSON criteria file (an example: ${exampleFile})`)
    .action((file: string) => {
      const set = loadCriteriaSet(file);
      console.log(terminal`${file}: valid criteria, version ${set.version}`);
      console.log(formatTable(['criterion', 'counts', 'events', 'at least', 'within days'], set.criteria.map((c) => [
        c.id, c.counts, c.events.map((e) => e.agency + (e.categories ? ': ' + e.categories.join(', ') : ' (any)')).join('; '), String(c.minEvents), String(c.withinDays),
      ])));
    });
  withWaitOptions(
    criteria
      .command('report')
      .description('evaluate criteria over the history as of a date and write the pseudonymised report for governance (no household identified)')
      .requiredOption('--criteria <file>', `the criteria file (an example for the synthetic council: ${exampleFile})`)
      .requiredOption('--as-of <YYYY-MM-DD>', 'evaluate as of the end of this date (or now, if it is today)', calendarDateOption)
      .option('--thresholds <n,n,...>', 'also count the households each criterion would find with these minimum numbers of events', thresholdsOption)
      .option('--out <file>', 'where to write the report: .md, .html or .json; repeat it for the same report in several formats', (file: string, files: string[] | undefined) => [...(files ?? []), file])
      .option('--by <name>', 'who ran it (for the record; they may not approve it)', userInfo().username)
      .option('--from-schema <replay_NAME>', 'read the history from a replay (`live-risk replay --into NAME`, pseudonymised or --raw) instead of the live projections'),
  ).action(async (options: ReportOptions) => {
    if (!options.out) throw new LiveRiskError('INPUT_INVALID', 'say where to write the report with --out FILE (.md, .html or .json)');
    const formats = options.out.map((file) => ({ file, format: formatOf(file) }));
    const set = loadCriteriaSet(options.criteria);
    const now = new Date();
    if (periodEnding(options.asOf, 1).from > now.getTime()) {
      throw new LiveRiskError('INPUT_INVALID', `${options.asOf} has not begun yet`, { hint: 'choose today or an earlier date' });
    }
    const config = loadConfig();
    const pseudonymiser = createPseudonymiser(await loadPseudonymKey(config.pseudonymKeyFile));
    const pseudonym = (id: string) => pseudonymiser.pseudonym('family', id);
    const run = { asOf: options.asOf, knownAt: knownAt(options.asOf, now), thresholds: options.thresholds ?? [] };
    const report = await withRuntime(async (runtime) => {
      const { report } = options.fromSchema
        ? await withReplaySchema(runtime.db, runtime.config.databaseUrl, options.fromSchema, (replay, info) =>
            // A pseudonymised replay holds the very pseudonyms the report gives (same key, same kind), so they are used as they are.
            evaluateReport({ history: replay, record: runtime.db }, set, run, info.pseudonymised ? (id) => id : pseudonym),
          )
        : await awaitConsumers(runtime, ['cohort', 'matches'], options.wait).then(() => evaluateReport({ history: runtime.db, record: runtime.db }, set, run, pseudonym));
      await recordReport(runtime.db, report, set, options.by);
      return report;
    }, config);
    for (const { file, format } of formats) {
      await writeFile(file, renderReport(report, format), 'utf8');
      say(`wrote ${file}`);
    }
    printSummary(report);
  });
  withWaitOptions(
    criteria
      .command('approve')
      .description("record governance's approval of a criteria report, as an event; only then can its households be listed")
      .requiredOption('--report-id <id>', 'the id the report printed (cr-…)')
      .requiredOption('--by <name>', 'who approves it (not the analyst who ran it)')
      .requiredOption('--reason <text>', 'the decision as minuted, e.g. "Information governance board, 3 December 2026, item 4"'),
  ).action(async (options: ApproveOptions) => {
    const approval = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['criteria-approvals'], options.wait);
      return approveReport(runtime, options.reportId, { approvedBy: options.by, reason: options.reason, approvedAt: new Date().toISOString() });
    });
    console.log(terminal`report ${approval.reportId} approved by ${approval.approvedBy} (${approval.approvalId}): criteria ${approval.criteriaVersion} as of ${approval.asOf}, content sha256 ${approval.contentHash.slice(0, 12)}`);
    console.log(terminal`the identified list: live-risk criteria list --report-id ${approval.reportId} --by NAME (recorded in the audit log)`);
  });
  withWaitOptions(
    criteria
      .command('list')
      .description('after approval, the households an approved report counted, identified; refused before approval; recorded in the audit log')
      .requiredOption('--report-id <id>', 'the approved report')
      .requiredOption('--by <name>', 'who is asking, for the audit log')
      .option('--format <format>', 'text or json', formatOption, 'text'),
  ).action(async (options: ListOptions) => {
    const config = loadConfig();
    const pseudonymiser = createPseudonymiser(await loadPseudonymKey(config.pseudonymKeyFile));
    const list = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['cohort', 'matches', 'criteria-approvals'], options.wait);
      const found = await identifiedList(runtime.db, options.reportId, (id) => pseudonymiser.pseudonym('family', id));
      // On record before anything identifying is shown.
      await recordIdentifiedList(runtime.db, options.by, found.approval, found.households);
      return found;
    }, config);
    printList(list, options.format);
  });
}

function printSummary(report: CriteriaReport): void {
  const c = report.content;
  console.log(terminal`criteria report ${report.reportId}: criteria ${c.criteriaVersion} as of ${c.asOf} (known at ${c.knownAt}), rules ${c.ruleSetVersion ?? 'none recorded'}, policy ${c.policyVersion ?? 'none recorded'}, pseudonymised`);
  console.log(formatTable(['criterion', 'period', 'households', ...c.thresholds.map((t) => 'if ≥ ' + String(t))], c.criteria.map((criterion) => [
    criterion.id, [criterion.period.from, criterion.period.to].join(' to '), String(criterion.households), ...criterion.atThresholds.map((t) => String(t.households)),
  ])));
  console.log(terminal`${c.householdsMeetingAny} of ${c.householdsInProgramme} households meet at least one criterion`);
  console.log(terminal`take it to governance; they record their approval with: live-risk criteria approve --report-id ${report.reportId} --by NAME --reason TEXT`);
}

function printList(list: IdentifiedList, format: 'json' | 'text'): void {
  const { approval, households } = list;
  if (format === 'json') {
    console.log(JSON.stringify({ reportId: approval.reportId, approval, households }, null, 2));
    return;
  }
  console.log(terminal`report ${approval.reportId}: criteria ${approval.criteriaVersion} as of ${approval.asOf}, approved by ${approval.approvedBy} at ${approval.approvedAt}`);
  console.log(formatTable(['family reference', 'family id', 'lead practitioner', 'criteria met'], households.map((h) => [h.reference, h.familyId, h.practitionerId ?? '', h.criteria.join(', ')])));
  console.log(terminal`${households.length} households; this list was recorded in the audit log`);
}
