import type { AgencyEvent, MatchLinked, ReviewRequested } from '../contracts';
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

export function reviewRequestFor(event: AgencyEvent, review: ReviewCandidate, message: Position, requestedAt: string): ReviewRequested {
  const { person, member, pair } = review;
  return {
    type: 'review.requested',
    reviewId: stableId('r', agencyOf(event), event.eventId, person.role, person.givenName, person.familyName, member.memberId),
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    event: linkedEventOf(event),
    person: { role: person.role, givenName: person.givenName, familyName: person.familyName, ...(person.dateOfBirth ? { dateOfBirth: person.dateOfBirth } : {}) },
    candidate: { memberId: member.memberId, familyId: member.familyId },
    score: pair.score,
    contributions: [...pair.contributions],
    explanation: pair.explanation,
    matcher: matcherVersion,
    receivedAt: receivedAtOf(message),
    requestedAt,
  };
}
