import { InvalidArgumentError, Option, type Command } from 'commander';
import { agencies, sharingPaths, type Agency, type SharingPath } from '../../contracts';
import { listDecisions, recordReview, recordWithholding, statusOf, type DecisionRecord } from '../../sharing-decisions';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { formatOption } from '../options';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

/**
 * `live-risk sharing`: decisions to withhold an item as more detrimental to the child, and their
 * reviews, for the holder's decision-maker and the information-governance officer. Each is an event
 * on sharing-decisions.v1 with an audit entry; every recipient path honours it (withholdingFor).
 */
const legalTest = `
The legal test (Children's Wellbeing and Schools Act 2026): safeguarding partners and education
bodies must share information relevant to a child's welfare. An item may be withheld ONLY where
sharing it would be more detrimental to the child than withholding it. Record who decided, for which
holder, and why in your own words: the reason is shown, as written, in subject access and the audit
log, and the decision can be reviewed (upheld or lifted) with \`live-risk sharing review\`.

Paths: digest (the lead practitioner's morning digest and the portal), encompass (Operation
Encompass school notifications), urgent (urgent alerts). A decision about one child (--member) does
not stop disclosures about another; a disclosure that cannot say whom it is about is withheld.
`;

function agencyOption(value: string): Agency {
  if (!(agencies as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${agencies.join(', ')}`);
  return value as Agency;
}

function pathsOption(value: string): SharingPath[] {
  const paths = value.split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = paths.filter((path) => !(sharingPaths as readonly string[]).includes(path));
  if (paths.length === 0 || unknown.length) throw new InvalidArgumentError(`expected one or more of ${sharingPaths.join(', ')} separated by commas`);
  return paths as SharingPath[];
}

type WithholdOptions = { agency: Agency; event: string; member?: string; family?: string; paths?: SharingPath[]; reason: string; by: string; organisation: string };
type ReviewOptions = { uphold?: boolean; lift?: boolean; reason: string; by: string; organisation?: string; wait: WaitChoice };

export function registerSharingCommands(program: Command): void {
  const sharing = program
    .command('sharing')
    .description('decisions to withhold an item from recipients as more detrimental to the child, and their reviews')
    .addHelpText('after', legalTest);

  sharing
    .command('withhold')
    .description('record a holder\'s decision that sharing one agency event would be more detrimental to the child (an event, audited)')
    .addOption(new Option('--agency <agency>', 'the agency whose event it is').choices(agencies).argParser(agencyOption).makeOptionMandatory())
    .requiredOption('--event <id>', "the agency's own event id (a force may decide before the event is matched)")
    .option('--member <id>', 'the child (cohort member id) the detriment is to; without it, every disclosure of the item')
    .option('--family <id>', 'the cohort family, when known; without it, every family the event is linked to')
    .option('--paths <list>', `where it is withheld: ${sharingPaths.join(',')} (default: all of them)`, pathsOption)
    .requiredOption('--reason <text>', 'why sharing would be more detrimental to the child, in your words')
    .requiredOption('--by <name>', 'who decided')
    .requiredOption('--organisation <name>', 'the holder they decided for, e.g. the police force or the council')
    .addHelpText('after', legalTest)
    .action(async (options: WithholdOptions) => {
      const decision = await withRuntime((runtime) =>
        recordWithholding(runtime, {
          agency: options.agency,
          agencyEventId: options.event,
          ...(options.family ? { familyId: options.family } : {}),
          ...(options.member ? { memberId: options.member } : {}),
          paths: options.paths,
          reason: options.reason,
          decidedBy: { name: options.by, organisation: options.organisation },
          decidedAt: new Date().toISOString(),
        }),
      );
      console.log(terminal`decision ${decision.decisionId} recorded: ${decision.agency} event withheld from ${decision.paths.join(', ')} (more detrimental to the child)`);
      console.log('it withholds as soon as the consumers (`live-risk run --follow`) have applied it; see it with `live-risk sharing decisions`');
    });

  withWaitOptions(
    sharing
      .command('decisions')
      .description('list the decisions to withhold and their status, without personal data (no member, family, names or reasons)')
      .option('--open', 'only those still in force (not lifted)')
      .option('--format <format>', 'text or json', formatOption, 'text'),
  ).action(async (options: { open?: boolean; format: 'json' | 'text'; wait: WaitChoice }) => {
    const records = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['sharing-decisions'], options.wait);
      return listDecisions(runtime.db);
    });
    const listed = records.map(listing).filter((row) => !options.open || row.status !== 'lifted');
    if (options.format === 'json') return console.log(JSON.stringify(listed, null, 2));
    if (listed.length === 0) return console.log(options.open ? 'no decision to withhold is in force' : 'no decisions to withhold recorded');
    console.log(formatTable(
      ['Decision', 'Agency', 'Event', 'Paths', 'About a child', 'Decided for', 'Decided at', 'Status', 'Reviews'],
      listed.map((row) => [row.decisionId, row.agency, row.agencyEventId, row.paths.join(','), row.aboutAChild ? 'yes' : 'no', row.organisation, row.decidedAt, row.status, String(row.reviews)]),
    ));
  });

  withWaitOptions(
    sharing
      .command('review')
      .description('record a review of a decision: --uphold keeps it in force, --lift shares the item from now on (an event, audited)')
      .argument('<decision>', 'the decision id (sd-…), as `live-risk sharing decisions` lists it')
      .option('--uphold', 'sharing is still more detrimental to the child')
      .option('--lift', 'sharing is no longer more detrimental: recipients see the item from the next digest or notification')
      .requiredOption('--reason <text>', 'why, in your words')
      .requiredOption('--by <name>', 'who reviewed it')
      .option('--organisation <name>', 'the organisation they reviewed it for'),
  ).action(async (decisionId: string, options: ReviewOptions) => {
    if (Boolean(options.uphold) === Boolean(options.lift)) {
      throw new LiveRiskError('INPUT_INVALID', 'say what the review decided: exactly one of --uphold or --lift');
    }
    const review = await withRuntime(async (runtime) => {
      await awaitConsumers(runtime, ['sharing-decisions'], options.wait);
      return recordReview(runtime, decisionId, {
        outcome: options.lift ? 'lifted' : 'upheld',
        reason: options.reason,
        reviewedBy: { name: options.by, ...(options.organisation ? { organisation: options.organisation } : {}) },
        reviewedAt: new Date().toISOString(),
      });
    });
    console.log(terminal`decision ${review.decisionId} ${review.outcome} (review ${review.reviewId})`);
    if (review.outcome === 'lifted') console.log('the item is shared again once the consumers have applied the review; the next digest shows it (as late, if it was due in an earlier one)');
  });
}

const listing = ({ decision, reviews }: DecisionRecord) => ({
  decisionId: decision.decisionId,
  agency: decision.agency,
  agencyEventId: decision.agencyEventId,
  paths: decision.paths,
  aboutAChild: decision.memberId !== undefined,
  organisation: decision.decidedBy.organisation,
  decidedAt: decision.decidedAt,
  status: statusOf(reviews),
  reviews: reviews.length,
});
