import type { Knex } from 'knex';
import {
  agencyOf,
  agencyTopicIds,
  topicDefinitions,
  type AgencyEvent,
  type MatchLinked,
  type ReviewRequested,
} from '../contracts';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { decodeMessage } from '../platform/decode-message';
import { stableId } from '../platform/ids';
import type { BatchHandler, ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox, type OutboxMessage } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { householdsAt } from './households';
import { decideLinks, matcherVersion, scorePerson, type FamilyLink, type ReviewCandidate } from './link-decisions';
import { MatcherCohort } from './matcher-cohort';
import { postcodeDistrict } from './normalise';

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

function reviewRequestFor(event: AgencyEvent, review: ReviewCandidate, message: Position, requestedAt: string): ReviewRequested {
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

/**
 * The matcher: reads the three agency topics, scores each person named against the cohort (held in
 * memory, refreshed from the cohort projection before each batch), links events to families, asks
 * for review where unsure, and records per message one ledger row plus what to publish, all in the
 * transaction that advances its offsets.
 */
export function matcherHandler(runtime: Pick<Runtime, 'topics' | 'deserializer' | 'outbox'>): BatchHandler {
  const { topics } = runtime;
  const schemaByTopic = new Map(agencyTopicIds.map((id) => [topics[id], topicDefinitions[id].schema]));
  const cohort = new MatcherCohort();
  return {
    consumer: 'matcher',
    topics: agencyTopicIds.map((id) => topics[id]),
    handleBatch: async (trx: Knex.Transaction, messages: readonly ConsumedMessage[]) => {
      await cohort.refresh(trx);
      const now = new Date().toISOString();
      const outbox: OutboxMessage[] = [];
      const ledger: Array<Record<string, unknown>> = [];
      for (const message of messages) {
        const schema = schemaByTopic.get(message.topic);
        if (!schema) throw new Error(`matcher received a message from unexpected topic ${message.topic}`);
        const decoded = await decodeMessage(message.value, message.topic, schema, runtime.deserializer);
        const position = { topic: message.topic, partition: message.partition, offset: message.offset };
        if (!decoded.ok) {
          outbox.push(deadLetterOutboxMessage(topics.deadLetters, deadLetterFor(message, decoded, now)));
          ledger.push({ ...position, outcome: 'dead-lettered', links: 0 });
          continue;
        }
        const event = decoded.event as AgencyEvent;
        const scored = event.people.map((person, index) => ({ person, pairs: scorePerson(cohort.cohortIndex, event, person, index) }));
        const { links, reviews } = decideLinks(event, scored, cohort.memberOf, await householdsAt(trx, event));
        for (const link of links) {
          const match = matchEventFor(event, link, message, now);
          outbox.push({ topic: topics.matches, key: match.familyId, payload: match });
        }
        for (const review of reviews) {
          const request = reviewRequestFor(event, review, message, now);
          outbox.push({ topic: topics.reviews, key: request.reviewId, payload: request });
        }
        ledger.push({ ...position, outcome: links.length ? 'linked' : reviews.length ? 'in-review' : 'unlinked', links: links.length });
      }
      await addToOutbox(trx, outbox);
      await trx('matcher_ledger').insert(ledger);
    },
    afterCommit: async () => {
      await runtime.outbox.flush();
    },
  };
}
