import type { Knex } from 'knex';
import { reviewDecided, type ReviewDecided, type ReviewRequested } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { publishEvents } from '../platform/publish';
import type { Runtime } from '../platform/runtime';

/**
 * The review queue's API, for the CLI and the practitioner portal: list, read, decide.
 * A decision is an event on reviews.v1; the reviews projection applies it (and turns a confirmation
 * into a match), so replaying the topic reproduces every decision.
 */
export type ReviewStatus = 'open' | 'confirmed' | 'rejected';
export type ReviewSummary = Readonly<{ reviewId: string; status: ReviewStatus; familyId: string; memberId: string; score: number; requestedAt: Date }>;
export type ReviewDetail = ReviewSummary & Readonly<{ request: ReviewRequested; decision: ReviewDecided | null }>;

export async function listReviews(db: Knex, status: ReviewStatus | 'all' = 'open'): Promise<ReviewSummary[]> {
  return db('reviews')
    .modify((q) => (status === 'all' ? q : q.where('status', status)))
    .orderBy([{ column: 'requested_at' }, { column: 'review_id' }])
    .select('review_id as reviewId', 'status', 'family_id as familyId', 'member_id as memberId', 'score', 'requested_at as requestedAt');
}

export async function getReview(db: Knex, reviewId: string): Promise<ReviewDetail> {
  const row = await db('reviews').where('review_id', reviewId).first();
  if (!row) {
    throw new LiveRiskError('NOT_FOUND', `no review ${reviewId}`, { hint: 'list the open reviews with `live-risk review list`' });
  }
  return {
    reviewId: row.review_id, status: row.status, familyId: row.family_id, memberId: row.member_id, score: row.score,
    requestedAt: row.requested_at, request: row.request, decision: row.decision,
  };
}

export async function decideReview(
  runtime: Runtime,
  reviewId: string,
  decision: { outcome: ReviewDecided['decision']; decidedBy: string; reason?: string },
  now: () => Date = () => new Date(),
): Promise<ReviewDecided> {
  // A rejection is the harder decision to understand later, so it must say why; the CLI and the portal both come through here.
  if (decision.outcome === 'rejected' && !decision.reason?.trim()) {
    throw new LiveRiskError('INPUT_INVALID', 'a rejection needs a reason', { hint: 'say why it is not the same person (--reason "..." on the command line), so the decision can be understood later' });
  }
  const event: ReviewDecided = {
    type: 'review.decided',
    reviewId,
    decision: decision.outcome,
    ...(decision.reason ? { reason: decision.reason } : {}),
    decidedBy: decision.decidedBy,
    decidedAt: now().toISOString(),
  };
  // The reason and the reviewer's name are typed by a person: refused here, as input, if the contract refuses them.
  const checked = reviewDecided.safeParse(event);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new LiveRiskError('INPUT_INVALID', `the decision cannot be recorded: ${problems}`, {
      hint: 'give --reason as plain text (line breaks and tabs are fine) and --by as one line, at most 1,000 and 200 characters',
    });
  }
  const review = await getReview(runtime.db, reviewId);
  if (review.status !== 'open') {
    throw new LiveRiskError('INPUT_INVALID', `review ${reviewId} was already ${review.status}`, {
      hint: 'a decision cannot be changed; ask an administrator to correct the match if it was wrong',
    });
  }
  await publishEvents(runtime, 'reviews', [event], (e) => e.reviewId);
  return event;
}
