import { InvalidArgumentError, type Command } from 'commander';
import { userInfo } from 'node:os';
import { terminal } from '../../platform/terminal';
import { decideReview, getReview, listReviews, personAsRecorded, type ReviewStatus } from '../../review';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { formatOption } from '../options';
import { formatTable } from '../table';
import { withRuntime } from '../with-runtime';

const statuses = ['open', 'confirmed', 'rejected', 'all'] as const;
function statusOption(value: string): ReviewStatus | 'all' {
  if (!(statuses as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${statuses.join(', ')}`);
  return value as ReviewStatus | 'all';
}

export function registerReviewCommands(program: Command): void {
  const review = program
    .command('review')
    .description('the review queue: people in agency events who are likely, but not certainly, a cohort member; a person decides');
  withWaitOptions(
    review
      .command('list')
      .description('list reviews (open ones by default), oldest first')
      .option('--status <status>', statuses.join(', '), statusOption, 'open')
      .option('--format <format>', 'text or json', formatOption, 'text'),
  ).action(async (options: { status: ReviewStatus | 'all'; format: 'json' | 'text'; wait: WaitChoice }) => {
      const rows = await withRuntime(async (runtime) => {
        await awaitConsumers(runtime, ['reviews'], options.wait);
        return listReviews(runtime.db, options.status);
      });
      if (options.format === 'json') return console.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return console.log(terminal`no ${options.status === 'all' ? '' : `${options.status} `}reviews`);
      console.log(formatTable(['Review', 'Status', 'Family', 'Member', 'Score', 'Requested'],
        rows.map((r) => [r.reviewId, r.status, r.familyId, r.memberId, r.score.toFixed(2), r.requestedAt.toISOString()])));
    });
  withWaitOptions(
    review
      .command('show')
      .description('show one review: the person as the agency described them (read from the agency topic while it keeps the event), the cohort member, and what each comparison added')
      .argument('<id>', 'the review id from `review list`')
      .option('--format <format>', 'text or json', formatOption, 'text'),
  ).action(async (id: string, options: { format: 'json' | 'text'; wait: WaitChoice }) => {
      const { detail, person } = await withRuntime(async (runtime) => {
        await awaitConsumers(runtime, ['reviews'], options.wait);
        const found = await getReview(runtime.db, id);
        return { detail: found, person: await personAsRecorded(runtime, found.request) };
      });
      if (options.format === 'json') return console.log(JSON.stringify({ ...detail, personAsRecorded: person }, null, 2));
      const { request } = detail;
      const who =
        person.kind === 'held'
          ? terminal`${person.person.givenName} ${person.person.familyName}` + (person.person.dateOfBirth ? terminal`, born ${person.person.dateOfBirth}` : '')
          : person.kind === 'expired'
            ? "(no longer held: the agency's record has passed its retention period)"
            : "(not found in the agency's record)";
      console.log([
        terminal`Review ${detail.reviewId}: ${detail.status}`,
        terminal`Event: ${request.event.agency} ${request.event.agencyEventId}, ${request.event.category}, occurred ${request.event.occurredAt}`,
        terminal`Person in the event: ${request.person.role} ` + who,
        terminal`Candidate: member ${request.candidate.memberId} of family ${request.candidate.familyId}`,
        terminal`Score ${request.score.toFixed(4)} (${request.explanation}):`,
        formatTable(['Comparison', 'Level', 'Weight'], request.contributions.map((c) => [c.comparison, c.level, c.weight.toFixed(4)])),
        ...(detail.decision
          ? [terminal`Decided ${detail.decision.decision} by ${detail.decision.decidedBy} at ${detail.decision.decidedAt}` + (detail.decision.reason ? terminal`: ${detail.decision.reason}` : '')]
          : []),
      ].join('\n'));
    });
  for (const outcome of ['confirm', 'reject'] as const) {
    withWaitOptions(
      review
        .command(outcome)
        .description(outcome === 'confirm' ? 'confirm it is the same person: the event links to the family and reaches the next digest' : 'say it is not the same person: nothing is linked')
        .argument('<id>', 'the review id')
        .option('--reason <text>', outcome === 'reject' ? 'why not (required)' : 'why (optional)')
        .option('--by <name>', 'who decided (default: your user name)', userInfo().username),
    ).action(async (id: string, options: { reason?: string; by: string; wait: WaitChoice }) => {
        await withRuntime(async (runtime) => {
          await awaitConsumers(runtime, ['reviews'], options.wait);
          const decided = await decideReview(runtime, id, { outcome: outcome === 'confirm' ? 'confirmed' : 'rejected', decidedBy: options.by, reason: options.reason });
          console.log(terminal`review ${id} ${decided.decision} by ${decided.decidedBy}`);
        });
      });
  }
}
