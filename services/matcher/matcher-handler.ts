import type { Knex } from 'knex';
import { agencyTopicIds, topicDefinitions, type AgencyEvent, type MatchLinked } from '../contracts';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { chunks } from '../platform/chunks';
import { decodeMessage } from '../platform/decode-message';
import type { BatchHandler, ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox, type OutboxMessage } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { familyAddressesFor, householdsOnDay } from './households';
import { decideLinks, scorePerson } from './link-decisions';
import { matchEventFor, reviewRequestFor } from './match-events';
import { sortOutRepeats } from './repeated-events';
import { MatcherCohort, matcherModel } from './matcher-cohort';
import { claimLinks, rematchPending } from './rematch';
import { requestRematching } from './rematch-requests';

const consumer = 'matcher';

/** One row per agency message: what became of it. `live-risk status` reconciles these with the topics. */
type LedgerRow = {
  topic: string;
  partition: number;
  offset: string;
  outcome: 'linked' | 'in-review' | 'unlinked' | 'duplicate' | 'dead-lettered';
  links: number;
  /** Of a decoded event: its eventId and content hash, to recognise a retry or a reused eventId (repeated-events.ts). */
  event_id?: string;
  content_sha256?: string;
};

/**
 * The matcher: reads the three agency topics, scores each person named against the cohort (held in
 * memory, refreshed from the cohort projection before each batch), links events to families, asks
 * for review where unsure, ignores a retry of an event it already has and dead-letters an eventId
 * reused for different content, and records per message one ledger row plus what to publish, all in the
 * transaction that advances its offsets. When the cohort changed since events were matched, it asks
 * for those events to be re-matched (see rematch.ts), and does so after the batch commits.
 */
export function matcherHandler(runtime: Pick<Runtime, 'db' | 'kafka' | 'topics' | 'deserializer' | 'outbox' | 'config' | 'log'>): BatchHandler {
  const { topics } = runtime;
  const schemaByTopic = new Map(agencyTopicIds.map((id) => [topics[id], topicDefinitions[id].schema]));
  const cohort = new MatcherCohort(matcherModel(runtime.config.matchThresholds));
  return {
    consumer,
    topics: agencyTopicIds.map((id) => topics[id]),
    handleBatch: async (trx: Knex.Transaction, messages: readonly ConsumedMessage[]) => {
      const now = new Date().toISOString();
      await requestRematching(trx, consumer, await cohort.refresh(trx), now);
      const outbox: OutboxMessage[] = [];
      const ledger: LedgerRow[] = [];
      const decodedEvents: Array<{ event: AgencyEvent; message: ConsumedMessage }> = [];
      for (const message of messages) {
        const schema = schemaByTopic.get(message.topic);
        if (!schema) throw new Error(`matcher received a message from unexpected topic ${message.topic}`);
        const decoded = await decodeMessage(message.value, message.topic, schema, runtime.deserializer);
        if (decoded.ok) decodedEvents.push({ event: decoded.event as AgencyEvent, message });
        // Agency topics are about no one family, so nothing on them is ever erased (services/sealing).
        else if (decoded.erased) throw new Error(`matcher read an erased event on ${message.topic}`);
        else {
          outbox.push(deadLetterOutboxMessage(topics.deadLetters, deadLetterFor(message, decoded, now)));
          ledger.push({ topic: message.topic, partition: message.partition, offset: message.offset, outcome: 'dead-lettered', links: 0 });
        }
      }
      const fresh: Array<{ event: AgencyEvent; message: ConsumedMessage; contentSha256: string }> = [];
      for (const { event, message, contentSha256, verdict } of await sortOutRepeats(trx, decodedEvents)) {
        const position = { topic: message.topic, partition: message.partition, offset: message.offset, event_id: event.eventId, content_sha256: contentSha256 };
        if (verdict.kind === 'new') fresh.push({ event, message, contentSha256 });
        else if (verdict.kind === 'duplicate') ledger.push({ ...position, outcome: 'duplicate', links: 0 });
        else {
          outbox.push(deadLetterOutboxMessage(topics.deadLetters, deadLetterFor(message, verdict, now)));
          ledger.push({ ...position, outcome: 'dead-lettered', links: 0 });
        }
      }
      // One query for the whole batch's addresses and one for its links: a round trip per event
      // would cost more than all the scoring.
      const addresses = await familyAddressesFor(trx, fresh.map(({ event }) => event));
      const matches: MatchLinked[] = [];
      for (const { event, message, contentSha256 } of fresh) {
        const scored = event.people.map((person, index) => ({ person, pairs: scorePerson(cohort.cohortIndex, event, person, index) }));
        const { links, reviews } = decideLinks(event, scored, cohort.memberOf, householdsOnDay(addresses, event));
        matches.push(...links.map((link) => matchEventFor(event, link, message, now)));
        for (const review of reviews) {
          const request = reviewRequestFor(event, review, message, now);
          outbox.push({ topic: topics.reviews, key: request.reviewId, payload: request });
        }
        const outcome: LedgerRow['outcome'] = links.length ? 'linked' : reviews.length ? 'in-review' : 'unlinked';
        ledger.push({ topic: message.topic, partition: message.partition, offset: message.offset, outcome, links: links.length, event_id: event.eventId, content_sha256: contentSha256 });
      }
      // Re-matching may have linked an event to the family already (a re-delivered batch can overlap
      // what it read), so only links nobody decided before are published.
      const claimed = await claimLinks(trx, matches.map((match) => match.matchId), 'live');
      for (const match of matches) if (claimed.has(match.matchId)) outbox.push({ topic: topics.matches, key: match.familyId, payload: match });
      await addToOutbox(trx, outbox);
      for (const chunk of chunks(ledger)) await trx('matcher_ledger').insert(chunk);
      const outcomes: Record<string, number> = {};
      for (const row of ledger) outcomes[row.outcome] = (outcomes[row.outcome] ?? 0) + 1;
      return outcomes;
    },
    reject: async (trx, message, rejection) => {
      await addToOutbox(trx, [deadLetterOutboxMessage(topics.deadLetters, deadLetterFor(message, rejection, new Date().toISOString()))]);
      await trx('matcher_ledger').insert({ topic: message.topic, partition: message.partition, offset: message.offset, outcome: 'dead-lettered', links: 0 });
    },
    afterCommit: async () => {
      await runtime.outbox.flush();
      await noticeCohortChangesWhileIdle(runtime.db, cohort);
      const outcome = await rematchPending(runtime, cohort, consumer);
      if (outcome.requests > 0) await runtime.outbox.flush();
    },
  };
}

/**
 * Cohort changes reach the matcher at its next batch; with no new agency events there is none. So
 * after each batch (and when a catch-up finds nothing to read) it looks again, holding its offsets
 * so no batch commits meanwhile, and records any re-matching the changes call for.
 */
async function noticeCohortChangesWhileIdle(db: Knex, cohort: MatcherCohort): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('consumer_offsets').where({ consumer }).forUpdate().select('partition');
    await requestRematching(trx, consumer, await cohort.refresh(trx), new Date().toISOString());
  });
}
