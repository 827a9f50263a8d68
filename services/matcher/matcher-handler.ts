import type { Knex } from 'knex';
import { agencyOf, agencyTopicIds, topicDefinitions, type AgencyEvent, type MatchLinked } from '../contracts';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { decodeMessage } from '../platform/decode-message';
import { stableId } from '../platform/ids';
import type { BatchHandler, ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox, type OutboxMessage } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { findCandidates } from './cohort-candidates';
import { decideLinks, matcherVersion, type FamilyLink } from './deterministic-rules';
import { postcodeDistrict } from './normalise';

export function matchEventFor(event: AgencyEvent, link: FamilyLink, message: ConsumedMessage, matchedAt: string): MatchLinked {
  const agency = agencyOf(event);
  return {
    type: 'match.linked',
    matchId: stableId('m', agency, event.eventId, link.familyId),
    familyId: link.familyId,
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    event: {
      agency,
      organisation: event.source.organisation,
      agencyEventId: event.eventId,
      category: event.category,
      occurredAt: event.occurredAt,
      reportedAt: event.reportedAt,
      ...(event.summary ? { summary: event.summary } : {}),
      postcodeDistrict: postcodeDistrict(event.address.postcode),
    },
    members: link.members.map(({ memberId, role, reasons }) => ({ memberId, role, reasons })),
    ...(link.householdReason ? { householdReason: link.householdReason } : {}),
    explanation: link.explanation,
    matcher: matcherVersion,
    context: 'live',
    receivedAt: new Date(Number(message.timestamp)).toISOString(),
    matchedAt,
  };
}

/**
 * The matcher: reads the three agency topics, links each valid event to cohort families, and records
 * per message one ledger row (linked, unlinked or dead-lettered) plus what to publish, all in the
 * transaction that advances its offsets.
 */
export function matcherHandler(runtime: Pick<Runtime, 'topics' | 'deserializer' | 'outbox'>): BatchHandler {
  const { topics } = runtime;
  const schemaByTopic = new Map(agencyTopicIds.map((id) => [topics[id], topicDefinitions[id].schema]));
  return {
    consumer: 'matcher',
    topics: agencyTopicIds.map((id) => topics[id]),
    handleBatch: async (trx: Knex.Transaction, messages: readonly ConsumedMessage[]) => {
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
        const links = decideLinks(event, await findCandidates(trx, event));
        for (const link of links) {
          const match = matchEventFor(event, link, message, now);
          outbox.push({ topic: topics.matches, key: match.familyId, payload: match });
        }
        ledger.push({ ...position, outcome: links.length ? 'linked' : 'unlinked', links: links.length });
      }
      await addToOutbox(trx, outbox);
      await trx('matcher_ledger').insert(ledger);
    },
    afterCommit: async () => {
      await runtime.outbox.flush();
    },
  };
}

