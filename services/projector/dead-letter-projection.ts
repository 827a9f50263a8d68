import { deadLettered } from '../contracts';
import type { Projection } from './projection-handler';

/** dead-letter.v1 → dead_letters, for `live-risk dead-letters`. */
export function deadLetterProjection(topic: string): Projection<typeof deadLettered> {
  return {
    name: 'dead-letters',
    topic,
    schema: deadLettered,
    tables: ['dead_letters'],
    apply: async (trx, record) => {
      await trx('dead_letters')
        .insert({
          dead_letter_id: record.deadLetterId,
          source_topic: record.source.topic,
          source_partition: record.source.partition,
          source_offset: record.source.offset,
          reason_code: record.reasonCode,
          reason: record.reason,
          dead_lettered_at: record.deadLetteredAt,
          payload: JSON.stringify(record),
        })
        .onConflict('dead_letter_id')
        .ignore();
    },
  };
}
