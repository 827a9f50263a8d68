import type { Knex } from 'knex';
import { reviewEvent, type MatchLinked, type ReviewRequested } from '../contracts';
import { matchIdFor } from '../matcher/match-events';
import { claimLinks } from '../matcher/rematch';
import type { ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox } from '../platform/outbox';
import { withoutPersonDetails } from '../review/agency-person';
import type { Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

/**
 * reviews.v1 → reviews. A request opens a review (kept without the person's names and date of
 * birth, which old requests carried: the reviewer reads them from the agency event while its topic
 * keeps it); the first decision closes it. A confirmation becomes a match.linked (through the
 * outbox, with the same deterministic match id an automatic link would have had), received when the
 * decision reached Kafka, so it reaches the next digest.
 */
export function reviewProjection(topic: string, matchesTopic: string): Projection<typeof reviewEvent> {
  return {
    name: 'reviews',
    topic,
    schema: reviewEvent,
    tables: consumerRegistry.reviews.tables,
    apply: async (trx, event, message) => {
      switch (event.type) {
        case 'review.requested':
          await trx('reviews')
            .insert({
              review_id: event.reviewId,
              status: 'open',
              family_id: event.candidate.familyId,
              member_id: event.candidate.memberId,
              score: event.score,
              requested_at: event.requestedAt,
              request: JSON.stringify(withoutPersonDetails(event)),
            })
            .onConflict('review_id')
            .ignore();
          return;
        case 'review.decided': {
          const closed = await trx('reviews')
            .where({ review_id: event.reviewId, status: 'open' })
            .update({ status: event.decision, decision: JSON.stringify(event) })
            .returning('request');
          if (closed.length && event.decision === 'confirmed') {
            await confirmAsMatch(trx, closed[0].request as ReviewRequested, event.decidedBy, message, matchesTopic);
          }
          return;
        }
      }
    },
  };
}

async function confirmAsMatch(trx: Knex.Transaction, request: ReviewRequested, decidedBy: string, message: ConsumedMessage, matchesTopic: string) {
  const decidedAt = new Date(Number(message.timestamp)).toISOString();
  const why = `${request.explanation}; confirmed by ${decidedBy} on review`;
  const match: MatchLinked = {
    type: 'match.linked',
    matchId: matchIdFor(request.event.agency, request.event.agencyEventId, request.candidate.familyId),
    familyId: request.candidate.familyId,
    source: request.source,
    event: request.event,
    members: [{ memberId: request.candidate.memberId, role: request.person.role, reasons: [why], score: request.score, contributions: request.contributions }],
    explanation: `${request.person.role}: ${why}`,
    matcher: 'review',
    context: request.context ?? 'live',
    receivedAt: decidedAt,
    matchedAt: decidedAt,
  };
  // Linked meanwhile (by the matcher or re-matching): the practitioner already has it.
  if ((await claimLinks(trx, [match.matchId], match.context)).size) await addToOutbox(trx, [{ topic: matchesTopic, key: match.familyId, payload: match }]);
}
