import type { AgencyEvent, InvolvedPerson, MatchLinked, ReviewRequested } from '../contracts';
import { agencyOf } from '../contracts';
import { stableId } from '../platform/ids';
import type { ConsumedMessage } from '../platform/offset-consumer';
import { matcherVersion, type FamilyLink, type ReviewCandidate } from './link-decisions';
import { postcodeDistrict } from './normalise';

/** The events the matcher publishes: a link of an agency event to a family, or a request for review. */
type Position = ConsumedMessage;

export function linkedEventOf(event: AgencyEvent): MatchLinked['event'] {
  return {
    agency: agencyOf(event),
    organisation: event.source.organisation,
    agencyEventId: event.eventId,
    category: event.category,
    occurredAt: event.occurredAt,
    reportedAt: event.reportedAt,
    ...(event.summary ? { summary: event.summary } : {}),
    postcodeDistrict: postcodeDistrict(event.address.postcode),
  };
}

export function matchIdFor(agency: string, agencyEventId: string, familyId: string): string {
  return stableId('m', agency, agencyEventId, familyId);
}

const receivedAtOf = (message: Position) => new Date(Number(message.timestamp)).toISOString();

export function matchEventFor(event: AgencyEvent, link: FamilyLink, message: Position, matchedAt: string): MatchLinked {
  return {
    type: 'match.linked',
    matchId: matchIdFor(agencyOf(event), event.eventId, link.familyId),
    familyId: link.familyId,
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    event: linkedEventOf(event),
    members: link.members.map(({ memberId, role, reasons, score, contributions }) => ({ memberId, role, reasons, score, contributions })),
    ...(link.householdReason ? { householdReason: link.householdReason } : {}),
    explanation: link.explanation,
    matcher: matcherVersion,
    context: 'live',
    receivedAt: receivedAtOf(message),
    matchedAt,
  };
}

/**
 * One per event person and cohort member. The person's names go into the hash, as they always have
 * (re-matching an old event must give the id its decision was recorded under), and this is how the
 * reviewer's screens find the person again in the agency event without the request naming them.
 */
export function reviewIdFor(agency: string, agencyEventId: string, person: Pick<InvolvedPerson, 'role' | 'givenName' | 'familyName'>, memberId: string): string {
  return stableId('r', agency, agencyEventId, person.role, person.givenName, person.familyName, memberId);
}

/**
 * The request names nobody: the person may well be a stranger to the programme, and reviews.v1 is
 * kept for ever. Who they are stays in the agency event at `source`, for as long as the agency
 * topic keeps it (services/review/agency-person.ts reads it for the reviewer).
 */
export function reviewRequestFor(event: AgencyEvent, review: ReviewCandidate, message: Position, requestedAt: string): ReviewRequested {
  const { person, member, pair } = review;
  return {
    type: 'review.requested',
    reviewId: reviewIdFor(agencyOf(event), event.eventId, person, member.memberId),
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    event: linkedEventOf(event),
    person: { role: person.role },
    candidate: { memberId: member.memberId, familyId: member.familyId },
    score: pair.score,
    contributions: [...pair.contributions],
    explanation: pair.explanation,
    matcher: matcherVersion,
    receivedAt: receivedAtOf(message),
    requestedAt,
  };
}
