import type { Knex } from 'knex';
import type { AgencyEvent } from '../contracts';
import { chunks } from '../platform/chunks';
import { eventContentSha256, judgeEventId, type EventIdVerdict, type FirstAccepted } from '../platform/event-ids';
import type { ConsumedMessage } from '../platform/offset-consumer';

type Decoded = { event: AgencyEvent; message: ConsumedMessage };
export type Sorted = Decoded & { contentSha256: string; verdict: EventIdVerdict };

const acceptedOutcomes = ['linked', 'in-review', 'unlinked'];
const keyOf = (topic: string, eventId: string) => `${topic}\u0000${eventId}`;

/**
 * Sorts a batch's decoded events into new ones, retries and reused eventIds (see event-ids.ts),
 * against the first accepted message with each eventId in the matcher's ledger, or earlier in the
 * same batch. An eventId is unique per agency, and each agency has its own topic.
 */
export async function sortOutRepeats(trx: Knex.Transaction, decoded: readonly Decoded[]): Promise<Sorted[]> {
  const firsts = await firstAccepted(trx, decoded.map(({ event, message }) => [message.topic, event.eventId] as const));
  return decoded.map(({ event, message }) => {
    const contentSha256 = eventContentSha256(event);
    const key = keyOf(message.topic, event.eventId);
    const verdict = judgeEventId(event.eventId, contentSha256, firsts.get(key));
    if (verdict.kind === 'new') firsts.set(key, { topic: message.topic, partition: message.partition, offset: message.offset, contentSha256 });
    return { event, message, contentSha256, verdict };
  });
}

async function firstAccepted(trx: Knex.Transaction, keys: ReadonlyArray<readonly [string, string]>): Promise<Map<string, FirstAccepted>> {
  const found = new Map<string, FirstAccepted>();
  const distinct = [...new Map(keys.map((pair) => [keyOf(...pair), pair])).values()];
  for (const chunk of chunks(distinct)) {
    const rows: Array<{ topic: string; event_id: string; partition: number; offset: string; content_sha256: string | null }> = await trx('matcher_ledger')
      .distinctOn('topic', 'event_id')
      .whereIn(['topic', 'event_id'], chunk.map(([topic, eventId]) => [topic, eventId]))
      .whereIn('outcome', acceptedOutcomes)
      .orderBy([{ column: 'topic' }, { column: 'event_id' }, { column: 'partition' }, { column: 'offset' }])
      .select('topic', 'event_id', 'partition', 'offset', 'content_sha256');
    for (const row of rows) {
      found.set(keyOf(row.topic, row.event_id), { topic: row.topic, partition: row.partition, offset: String(row.offset), contentSha256: row.content_sha256 });
    }
  }
  return found;
}

/** Positions the matcher did not accept (dead-lettered or a retry), which re-matching must skip too. */
export async function positionsNotAccepted(db: Knex, messages: readonly ConsumedMessage[]): Promise<Set<string>> {
  const skipped = new Set<string>();
  for (const chunk of chunks(messages)) {
    const rows: Array<{ topic: string; partition: number; offset: string }> = await db('matcher_ledger')
      .whereIn(['topic', 'partition', 'offset'], chunk.map((m) => [m.topic, m.partition, m.offset]))
      .whereNotIn('outcome', acceptedOutcomes)
      .select('topic', 'partition', 'offset');
    for (const row of rows) skipped.add(positionKey(row));
  }
  return skipped;
}

export const positionKey = (m: { topic: string; partition: number; offset: string | number }) => `${m.topic}\u0000${m.partition}\u0000${m.offset}`;
