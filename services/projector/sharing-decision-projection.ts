import { sharingDecisionEvent } from '../contracts';
import { consumerRegistry } from '../consumers/registry';
import type { Projection } from './projection-handler';

/**
 * sharing-decisions.v1 → sharing_decisions and sharing_decision_reviews. Ids are deterministic, so a
 * re-published decision or review changes nothing. `recorded_at` is the message's log time (when it
 * reached us), which a past digest's cut-off is compared with.
 */
export function sharingDecisionProjection(topic: string): Projection<typeof sharingDecisionEvent> {
  return {
    name: 'sharing-decisions',
    topic,
    schema: sharingDecisionEvent,
    tables: consumerRegistry['sharing-decisions'].tables,
    apply: async (trx, event, message) => {
      const recordedAt = new Date(Number(message.timestamp)).toISOString();
      switch (event.type) {
        case 'sharing.withheld':
          await trx('sharing_decisions')
            .insert({
              decision_id: event.decisionId,
              agency: event.agency,
              agency_event_id: event.agencyEventId,
              family_id: event.familyId ?? null,
              member_id: event.memberId ?? null,
              paths: event.paths,
              decided_at: event.decidedAt,
              recorded_at: recordedAt,
              payload: JSON.stringify(event),
            })
            .onConflict('decision_id')
            .ignore();
          return;
        case 'sharing.decision-reviewed':
          await trx('sharing_decision_reviews')
            .insert({
              review_id: event.reviewId,
              decision_id: event.decisionId,
              outcome: event.outcome,
              reviewed_at: event.reviewedAt,
              recorded_at: recordedAt,
              payload: JSON.stringify(event),
            })
            .onConflict('review_id')
            .ignore();
          return;
      }
    },
  };
}
