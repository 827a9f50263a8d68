import type { Admin } from 'kafkajs';
import type { Knex } from 'knex';
import { storedOffsetRows, topicExtents } from './offset-binding';

/**
 * Messages a consumer never read because Kafka deleted them first: the agency topics and
 * dead-letter.v1 keep messages only for their retention period, so a consumer stopped for longer
 * than that, or rebuilt after it, finds its topic starting beyond where it got to. Reading on from
 * the start of what is left is the only thing that can be done (nothing brings those messages
 * back), but never silently: each stretch is recorded in `consumer_gaps` (migration 019), logged,
 * and counted by `status` (the matcher's as "expired unread"), and the stored offset moves to the
 * start of the log in the same transaction.
 *
 * A stored offset from another cluster, or beyond the end of the log, is not this: offset-binding.ts
 * still refuses those, since new messages may sit where the consumer believes it has read.
 */
export type ExpiredGap = Readonly<{ topic: string; partition: number; from: bigint; to: bigint }>;

export async function recordExpiredGaps(
  admin: Admin,
  db: Knex,
  consumer: string,
  topics: readonly string[],
  clusterId: string,
): Promise<ExpiredGap[]> {
  const stored = await storedOffsetRows(db, consumer, topics);
  const extents = await topicExtents(admin, topics);
  const gaps: Array<ExpiredGap & { stored: boolean }> = [];
  for (const [topic, partitions] of extents) {
    for (const [partition, { low }] of partitions) {
      const row = stored.find((candidate) => candidate.topic === topic && candidate.partition === partition);
      if (row && row.clusterId !== null && row.clusterId !== clusterId) continue;
      const next = row?.next ?? 0n;
      if (low > next) gaps.push({ topic, partition, from: next, to: low, stored: row !== undefined });
    }
  }
  const recorded: ExpiredGap[] = [];
  for (const gap of gaps) {
    await db.transaction(async (trx) => {
      // Only if the offset is still where we saw it: a running copy of the consumer may have moved it.
      const moved = gap.stored
        ? await trx('consumer_offsets').where({ consumer, topic: gap.topic, partition: gap.partition, next_offset: gap.from.toString() }).update({ next_offset: gap.to.toString(), updated_at: trx.fn.now() })
        : (await trx('consumer_offsets')
            .insert({ consumer, topic: gap.topic, partition: gap.partition, next_offset: gap.to.toString(), cluster_id: clusterId, last_timestamp: null, updated_at: trx.fn.now() })
            .onConflict(['consumer', 'topic', 'partition'])
            .ignore()
            .returning('consumer')).length;
      if (!moved) return;
      await trx('consumer_gaps').insert({ consumer, topic: gap.topic, partition: gap.partition, from_offset: gap.from.toString(), to_offset: gap.to.toString(), detected_at: trx.fn.now() });
      recorded.push({ topic: gap.topic, partition: gap.partition, from: gap.from, to: gap.to });
    });
  }
  return recorded;
}

/** Messages of `topic` that expired before `consumer` read them, from the recorded gaps. */
export async function expiredUnread(db: Knex | Knex.Transaction, consumer: string, topic: string): Promise<number> {
  const [{ n }] = await db('consumer_gaps').where({ consumer, topic }).sum<Array<{ n: string | null }>>({ n: db.raw('to_offset - from_offset') });
  return Number(n ?? 0);
}
