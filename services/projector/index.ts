import type { TopicNames } from '../contracts';
import { acknowledgementProjection } from './acknowledgement-projection';
import { cohortProjection } from './cohort-projection';
import { criteriaApprovalProjection } from './criteria-approval-projection';
import { deadLetterProjection } from './dead-letter-projection';
import { digestProjection } from './digest-projection';
import { encompassProjection } from './encompass-projection';
import { matchProjection } from './match-projection';
import { reviewProjection } from './review-projection';
import { urgentAlertProjection } from './urgent-alert-projection';
import { sharingDecisionProjection } from './sharing-decision-projection';

export { applyErasedEvents, applyEvents, projectionHandler, type Decoded, type Projection } from './projection-handler';

/** Every projection, by name. */
export function projections(topics: TopicNames) {
  return {
    cohort: cohortProjection(topics.cohort),
    reviews: reviewProjection(topics.reviews, topics.matches),
    matches: matchProjection(topics.matches),
    digests: digestProjection(topics.digests),
    'dead-letters': deadLetterProjection(topics.deadLetters),
    acknowledgements: acknowledgementProjection(topics.acknowledgements),
    'criteria-approvals': criteriaApprovalProjection(topics.criteriaApprovals),
    'urgent-alerts': urgentAlertProjection(topics.urgentAlerts),
    'encompass-notifications': encompassProjection(topics.encompass),
    'sharing-decisions': sharingDecisionProjection(topics.sharingDecisions),
  } as const;
}
export type ProjectionName = keyof ReturnType<typeof projections>;
