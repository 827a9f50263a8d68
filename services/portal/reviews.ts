import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import { LiveRiskError } from '../platform/errors';
import { decideReview, getReview, type PersonAsRecorded, type ReviewDetail } from '../review';
import type { PortalContext } from './context';
import { waitToShow } from './projection-wait';

/**
 * The review queue for reviewers in the portal: the same reads and the same decision function as
 * `live-risk review` (services/review), so a decision from either is one review.decided event.
 */
export type Candidate = Readonly<{
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  familyReference: string;
  nhsNumberHeld: boolean;
  pncIdHeld: boolean;
  /** Removed from the family since the review was asked for. */
  removed: boolean;
}>;
export type ReviewView = Readonly<{ review: ReviewDetail; candidate: Candidate | null }>;
/** What the review page shows: the review, the cohort member, and the person as the agency's record (still) says. */
export type ReviewPageView = ReviewView & Readonly<{ person: PersonAsRecorded }>;

/** A review and the cohort member it may be, as the cohort holds them now; undefined when there is no such review. */
export async function reviewForReviewer(db: Knex, reviewId: string): Promise<ReviewView | undefined> {
  let review: ReviewDetail;
  try {
    review = await getReview(db, reviewId);
  } catch (error) {
    if (error instanceof LiveRiskError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  const row: { given_name: string; family_name: string; date_of_birth: string | null; nhs_number: string | null; pnc_id: string | null; removed: boolean; reference: string } | undefined =
    await db('members as m')
      .join('families as f', 'f.family_id', 'm.family_id')
      .where('m.member_id', review.request.candidate.memberId)
      .first('m.given_name', 'm.family_name', db.raw(`to_char(m.date_of_birth, 'YYYY-MM-DD') as date_of_birth`), 'm.nhs_number', 'm.pnc_id', 'm.removed', 'f.reference');
  const candidate = row
    ? { givenName: row.given_name, familyName: row.family_name, dateOfBirth: row.date_of_birth, familyReference: row.reference, nhsNumberHeld: row.nhs_number !== null, pncIdHeld: row.pnc_id !== null, removed: row.removed }
    : null;
  return { review, candidate };
}

export type Reviewer = Readonly<{ practitionerId: string; name: string }>;
export type DecisionForm = Readonly<{ decision: string; reason?: string }>;
export type DecisionOutcome = Readonly<{ done: 'confirmed' | 'rejected' }> | Readonly<{ problem: string }> | Readonly<{ refused: true }>;

/**
 * Confirms or rejects a review with decideReview, the CLI's own function (which refuses a
 * rejection without a reason, and a review already decided). The reviewer is named by name and
 * practitioner id, which a confirmed link's explanation carries into the digest. The audit entry is
 * written once the event is on reviews.v1: the event is the decision, and the entry says who made
 * it from the portal. Then the page waits a moment for the reviews consumer, so it shows the outcome.
 */
export async function decideAsReviewer(context: Pick<PortalContext, 'runtime' | 'db' | 'log' | 'now'>, reviewer: Reviewer, reviewId: string, form: DecisionForm): Promise<DecisionOutcome> {
  const outcome = form.decision === 'confirm' ? 'confirmed' : form.decision === 'reject' ? 'rejected' : undefined;
  if (!outcome) return { problem: 'Choose whether it is the same person (confirm) or not (reject).' };
  const review = await reviewForReviewer(context.db, reviewId);
  if (!review) return { refused: true };
  const reason = form.reason?.trim() || undefined;
  try {
    await decideReview(context.runtime, reviewId, { outcome, decidedBy: `${reviewer.name} (${reviewer.practitionerId})`, reason }, context.now);
  } catch (error) {
    if (error instanceof LiveRiskError && error.code === 'INPUT_INVALID') return { problem: problemInWords(error.message) };
    throw error;
  }
  const { candidate } = review.review.request;
  await context.db.transaction((trx) =>
    appendAuditEntries(trx, [
      {
        kind: 'view',
        actor: reviewer.practitionerId,
        recipient: reviewer.practitionerId,
        familyId: candidate.familyId,
        subjectMemberIds: [candidate.memberId],
        itemId: review.review.request.event.agencyEventId,
        detail: { channel: 'portal', page: 'review', action: `review-${outcome}`, reviewId },
      },
    ], context.now),
  );
  context.log.info('portal review decided', { reviewId, outcome });
  await waitToShow(context, ['reviews'], 'review decision');
  return { done: outcome };
}

/** decideReview's messages are written for the command line; the page says the same in a sentence. */
function problemInWords(message: string): string {
  if (message === 'a rejection needs a reason') return 'Say why it is not the same person: a rejection needs a reason.';
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
