import { subDays } from 'date-fns';
import type { Knex } from 'knex';
import { agencyOf, agencyTopicIds, topicDefinitions, type AgencyEvent } from '../contracts';
import { chunks } from '../platform/chunks';
import { decodeMessage } from '../platform/decode-message';
import type { ConsumedMessage } from '../platform/offset-consumer';
import type { OutboxMessage } from '../platform/outbox';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { offsetsAtTime, readRanges, type PartitionRange } from '../platform/topic-range';
import { familyAddressesFor, householdsOnDay } from './households';
import { decideLinks, scorePerson } from './link-decisions';
import type { MatcherCohort } from './matcher-cohort';
import { matchEventFor, matchIdFor, reviewRequestFor } from './match-events';
import { positionKey, positionsNotAccepted } from './repeated-events';
import type { MatchedUpTo } from './rematch-requests';

type RematchRequest = { id: string; member_id: string; family_id: string; requested_at: Date; matched_up_to: MatchedUpTo };
export type RematchOutcome = Readonly<{ requests: number; eventsRead: number; links: number; reviews: number }>;

const batchOfRequests = 1000;

/**
 * Carries out pending re-matching requests: reads, from Kafka, the agency events of the last
 * `days` days that the matcher matched before the cohort change, scores them against the people
 * (and households) that changed, and publishes what now links as `history` matches: background for
 * the practitioner, never new live risks. Links the matcher already made are not published again.
 */
export async function rematchPending(
  runtime: Pick<Runtime, 'db' | 'kafka' | 'topics' | 'deserializer' | 'config' | 'log'>,
  cohort: MatcherCohort,
  consumer: string,
): Promise<RematchOutcome> {
  const total = { requests: 0, eventsRead: 0, links: 0, reviews: 0 };
  for (;;) {
    const pending: RematchRequest[] = await runtime.db('rematch_requests').whereNull('done_at').orderBy('id').limit(batchOfRequests).select();
    if (pending.length === 0) return total;
    // Requests recorded in one matcher batch share their offsets; read each stretch of history once.
    const byStretch = new Map<string, RematchRequest[]>();
    for (const request of pending) {
      const stretch = JSON.stringify(request.matched_up_to);
      byStretch.set(stretch, [...(byStretch.get(stretch) ?? []), request]);
    }
    for (const requests of byStretch.values()) {
      const outcome = await rematchStretch(runtime, cohort, consumer, requests);
      total.requests += requests.length;
      total.eventsRead += outcome.eventsRead;
      total.links += outcome.links;
      total.reviews += outcome.reviews;
    }
  }
}

async function rematchStretch(
  runtime: Pick<Runtime, 'db' | 'kafka' | 'topics' | 'deserializer' | 'config' | 'log'>,
  cohort: MatcherCohort,
  consumer: string,
  requests: readonly RematchRequest[],
): Promise<{ eventsRead: number; links: number; reviews: number }> {
  const { topics, config } = runtime;
  const earliest = requests.reduce((min, request) => (request.requested_at < min ? request.requested_at : min), requests[0].requested_at);
  const ranges = config.rematchDays > 0 ? await rangesSince(runtime, subDays(earliest, config.rematchDays), requests[0].matched_up_to) : [];
  const members = new Set(requests.map((request) => request.member_id));
  const families = new Set(requests.map((request) => request.family_id));
  const schemaByTopic = new Map(agencyTopicIds.map((id) => [topics[id], topicDefinitions[id].schema]));
  const found: Array<{ event: AgencyEvent; message: ConsumedMessage; links: ReturnType<typeof decideLinks> }> = [];

  const eventsRead = await readRanges(
    runtime.kafka,
    ranges,
    async (messages) => {
      const decodedEvents: Array<{ event: AgencyEvent; message: ConsumedMessage }> = [];
      // A retry or a reused eventId was never matched live, so it is not matched as history either.
      const notAccepted = await positionsNotAccepted(runtime.db, messages);
      for (const message of messages) {
        const schema = schemaByTopic.get(message.topic);
        if (!schema || notAccepted.has(positionKey(message))) continue;
        const decoded = await decodeMessage(message.value, message.topic, schema, runtime.deserializer);
        if (decoded.ok) decodedEvents.push({ event: decoded.event as AgencyEvent, message }); // else dead-lettered when first read
      }
      const addresses = await familyAddressesFor(runtime.db, decodedEvents.map(({ event }) => event));
      for (const { event, message } of decodedEvents) {
        const scored = event.people.map((person, index) => ({
          person,
          pairs: scorePerson(cohort.cohortIndex, event, person, index).filter((pair) => members.has(pair.cohortId)),
        }));
        const households = householdsOnDay(addresses, event).filter((household) => families.has(household.familyId));
        const links = decideLinks(event, scored, cohort.memberOf, households);
        if (links.links.length || links.reviews.length) found.push({ event, message, links });
      }
    },
    config.topicPrefix,
  );

  return runtime.db.transaction(async (trx) => {
    const now = new Date().toISOString();
    const outbox: OutboxMessage[] = [];
    let links = 0;
    let reviews = 0;
    const candidates = found.flatMap(({ event, message, links: decided }) =>
      decided.links.map((link) => ({ ...matchEventFor(event, link, message, now), context: 'history' as const, receivedAt: now })),
    );
    const claimed = await claimLinks(trx, candidates.map((match) => match.matchId), 'history');
    for (const match of candidates.filter((candidate) => claimed.has(candidate.matchId))) {
      outbox.push({ topic: topics.matches, key: match.familyId, payload: match });
      links += 1;
    }
    for (const { event, message, links: decided } of found) {
      for (const review of decided.reviews) {
        // The family already has this event: a reviewer would add nothing.
        if (await trx('matcher_links').where({ match_id: matchIdFor(agencyOf(event), event.eventId, review.member.familyId) }).first('match_id')) continue;
        const request = { ...reviewRequestFor(event, review, message, now), context: 'history' as const, receivedAt: now };
        outbox.push({ topic: topics.reviews, key: request.reviewId, payload: request });
        reviews += 1;
      }
    }
    await addToOutbox(trx, outbox);
    for (const chunk of chunks(requests.map((request) => request.id))) await trx('rematch_requests').whereIn('id', chunk).update({ done_at: now });
    runtime.log.info('re-matched history after cohort changes', { consumer, requests: requests.length, eventsRead, links, reviews });
    return { eventsRead, links, reviews };
  });
}

/** For each partition the matcher had reached: from the first event at or after `since` up to there. */
async function rangesSince(
  runtime: Pick<Runtime, 'kafka'>,
  since: Date,
  matchedUpTo: MatchedUpTo,
): Promise<PartitionRange[]> {
  const ranges: PartitionRange[] = [];
  for (const topic of new Set(matchedUpTo.map((position) => position.topic))) {
    const starts = await offsetsAtTime(runtime.kafka, topic, since);
    for (const position of matchedUpTo.filter((p) => p.topic === topic)) {
      const from = starts.get(position.partition) ?? 0n;
      ranges.push({ topic, partition: position.partition, from, to: BigInt(position.offset) });
    }
  }
  return ranges;
}

/**
 * Records that these (event, family) links are decided, in a few statements for a whole batch;
 * returns the ones nobody had decided before (the matcher, re-matching or a review confirmation).
 * Re-matching after a whole-cohort change can find more links than one statement can carry.
 */
export async function claimLinks(trx: Knex.Transaction, matchIds: readonly string[], context: 'live' | 'history'): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const chunk of chunks(matchIds)) {
    const inserted: Array<{ match_id: string }> = await trx('matcher_links')
      .insert(chunk.map((matchId) => ({ match_id: matchId, context })))
      .onConflict('match_id')
      .ignore()
      .returning('match_id');
    for (const row of inserted) claimed.add(row.match_id);
  }
  return claimed;
}
