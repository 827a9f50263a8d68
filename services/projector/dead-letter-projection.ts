import type { Knex } from 'knex';
import { deadLettered } from '../contracts';
import { chunks } from '../platform/chunks';
import type { Decoded, Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

const rowsPerInsert = 500;

const rowOf = ({ event: record, message }: Decoded<typeof deadLettered>) => ({
  dead_letter_id: record.deadLetterId,
  source_topic: record.source.topic,
  source_partition: record.source.partition,
  source_offset: record.source.offset,
  reason_code: record.reasonCode,
  reason: record.reason,
  dead_lettered_at: record.deadLetteredAt,
  payload: JSON.stringify(record),
  // Where it is on dead-letter.v1: the retention run removes the rows Kafka no longer holds.
  dead_letter_offset: message.offset,
});

/** First publication of a dead-letter id wins, as one at a time (DO NOTHING keeps the first of a repeat within one insert too). */
async function insertDeadLetters(trx: Knex.Transaction, records: ReadonlyArray<Decoded<typeof deadLettered>>): Promise<void> {
  for (const chunk of chunks(records, rowsPerInsert)) await trx('dead_letters').insert(chunk.map(rowOf)).onConflict('dead_letter_id').ignore();
}

/** dead-letter.v1 → dead_letters, for `live-risk dead-letters`. */
export function deadLetterProjection(topic: string): Projection<typeof deadLettered> {
  return {
    name: 'dead-letters',
    topic,
    schema: deadLettered,
    tables: consumerRegistry['dead-letters'].tables,
    apply: async (trx, event, message) => insertDeadLetters(trx, [{ event, message }]),
    applyMany: async (trx, events) => insertDeadLetters(trx, events),
  };
}
