import { agencyEventSchemas, agencyTopicIds, type ReviewRequested } from '../contracts';
import { reviewIdFor } from '../matcher/match-events';
import { decodeMessage } from '../platform/decode-message';
import { LiveRiskError } from '../platform/errors';
import { topicExtents } from '../platform/offset-binding';
import type { Runtime } from '../platform/runtime';
import { readRanges } from '../platform/topic-range';

/**
 * Who the person in a review request is, as the agency described them. Review requests name
 * nobody (the person may be a stranger to the programme, and reviews.v1 is kept for ever), so the
 * name and date of birth are read from the agency event itself, at the request's source position,
 * for as long as the agency topic keeps it (the `unlinked-agency-events` period). After that the
 * reviewer is told the record has passed its retention period, and decides on the comparisons.
 *
 * The person is the one of the event's people whose review id this is: the id is a hash of the
 * agency, the event id, the person's role and names and the cohort member (match-events.ts).
 */
export type AgencyPerson = Readonly<{ givenName: string; familyName: string; dateOfBirth?: string }>;

export type PersonAsRecorded =
  | Readonly<{ kind: 'held'; person: AgencyPerson }>
  /** The agency topic no longer holds the event: its period is over. */
  | Readonly<{ kind: 'expired' }>
  /** The event is there but names nobody with this review's id (it cannot be, unless the topic was replaced). */
  | Readonly<{ kind: 'not-in-event' }>;

/** The agency whose topic (with the prefix) `topic` is, or undefined for any other topic. */
function agencyOfTopic(runtime: Pick<Runtime, 'topics'>, topic: string) {
  return agencyTopicIds.find((agency) => runtime.topics[agency] === topic);
}

export async function personAsRecorded(runtime: Pick<Runtime, 'kafka' | 'topics' | 'deserializer' | 'config'>, request: ReviewRequested): Promise<PersonAsRecorded> {
  const { givenName, familyName, dateOfBirth } = request.person;
  // Requests made before December 2026 carried the person themselves.
  if (givenName !== undefined && familyName !== undefined) return { kind: 'held', person: { givenName, familyName, ...(dateOfBirth ? { dateOfBirth } : {}) } };
  const agency = agencyOfTopic(runtime, request.source.topic);
  if (!agency) return { kind: 'not-in-event' };
  const offset = BigInt(request.source.offset);
  const admin = runtime.kafka.admin();
  await admin.connect();
  let extent;
  try {
    extent = (await topicExtents(admin, [request.source.topic])).get(request.source.topic)?.get(request.source.partition);
  } finally {
    await admin.disconnect();
  }
  if (!extent || offset < extent.low || offset >= extent.high) return { kind: 'expired' };
  let found: AgencyPerson | undefined;
  const read = readRanges(runtime.kafka, [{ topic: request.source.topic, partition: request.source.partition, from: offset, to: offset + 1n }], async ([message]) => {
    const decoded = await decodeMessage(message.value, message.topic, agencyEventSchemas[agency], runtime.deserializer);
    if (!decoded.ok) return;
    const person = decoded.event.people.find(
      (candidate) => candidate.role === request.person.role && reviewIdFor(agency, decoded.event.eventId, candidate, request.candidate.memberId) === request.reviewId,
    );
    if (person) found = { givenName: person.givenName, familyName: person.familyName, ...(person.dateOfBirth ? { dateOfBirth: person.dateOfBirth } : {}) };
  }, runtime.config.topicPrefix);
  try {
    await read;
  } catch (error) {
    // Kafka deleted the segment between the look and the read.
    if (error instanceof LiveRiskError && error.code === 'OFFSETS_INVALID') return { kind: 'expired' };
    throw error;
  }
  return found ? { kind: 'held', person: found } : { kind: 'not-in-event' };
}

/**
 * A request as the reviews table keeps it: without the person's names and date of birth, which
 * requests from before December 2026 carried. The table then holds what a rebuild gives, and
 * nothing of a possible stranger beyond their role in the event.
 */
export function withoutPersonDetails(request: ReviewRequested): ReviewRequested {
  return { ...request, person: { role: request.person.role } };
}
