import type { FastifyReply } from 'fastify';
import { listReviews, personAsRecorded } from '../review';
import type { PortalContext, Signed } from './context';
import { field, redirect, sendHtml } from './http';
import { reviewPage, reviewPath, reviewsPage, type ReviewPageState } from './pages/reviews';
import { record, refuse, signedInForm, signedInPage, signedOf, viewerOf, type PortalFeature } from './routing';
import { decideAsReviewer, reviewForReviewer } from './reviews';

/**
 * The reviewer's screens (role reviewer):
 *
 *   GET  /reviews                 the open reviews, oldest first
 *   GET  /reviews/:id             one review: the two records side by side, the weights, the form
 *   POST /reviews/:id/decision    confirm, or reject with a reason (review.decided on reviews.v1)
 */
type IdParams = { Params: { id: string } };

export const reviewFeature: PortalFeature = {
  name: 'reviews',
  register(app, context) {
    const access = { role: 'reviewer' } as const;

    app.get('/reviews', signedInPage(context, access), async (request, reply) =>
      sendHtml(reply, 200, reviewsPage(viewerOf(signedOf(request)), await listReviews(context.db, 'open'))),
    );

    app.get<IdParams>('/reviews/:id', signedInPage(context, access), async (request, reply) => showReview(context, signedOf(request), reply, request.params.id, 200));

    app.post<IdParams>('/reviews/:id/decision', signedInForm(context, access), async (request, reply) => {
      const signed = signedOf(request);
      const reviewId = request.params.id;
      const form = { decision: field(request.body, 'decision') ?? '', reason: field(request.body, 'reason') };
      const outcome = await decideAsReviewer(context, { practitionerId: signed.session.practitionerId, name: signed.name }, reviewId, form);
      if ('refused' in outcome) return refuse(context, signed, reply, { page: 'review-decision', itemId: reviewId, reason: 'no such review' });
      if ('problem' in outcome) return showReview(context, signed, reply, reviewId, 400, { problem: outcome.problem, form });
      return redirect(reply, reviewPath(reviewId));
    });
  },
};

/**
 * The review page, after recording that the reviewer saw the cohort member's details. The person in
 * the agency's record is read from the agency topic itself (services/review/agency-person.ts).
 */
async function showReview(context: PortalContext, signed: Signed, reply: FastifyReply, reviewId: string, status: number, state: ReviewPageState = {}): Promise<FastifyReply> {
  const view = await reviewForReviewer(context.db, reviewId);
  if (!view) return refuse(context, signed, reply, { page: 'review', itemId: reviewId, reason: 'no such review' });
  const person = await personAsRecorded(context.runtime, view.review.request);
  const me = signed.session.practitionerId;
  const { candidate } = view.review.request;
  await record(context, [
    { kind: 'view', actor: me, recipient: me, familyId: candidate.familyId, subjectMemberIds: [candidate.memberId], detail: { channel: 'portal', page: 'review', reviewId: view.review.reviewId } },
  ]);
  return sendHtml(reply, status, reviewPage(viewerOf(signed), { ...view, person }, state));
}
