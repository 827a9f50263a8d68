import type { Producer } from 'kafkajs';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { chunks } from './chunks';
import type { TopicSerializer } from './registry';

/**
 * The transactional outbox. A consumer decides what to publish inside its PostgreSQL transaction
 * (together with its offsets); the relay publishes committed rows afterwards and marks them. A crash
 * between publish and mark re-publishes, which is harmless because every derived event carries a
 * deterministic id that its projection de-duplicates on.
 */
export type OutboxMessage = Readonly<{ topic: string; key: string; payload: unknown }>;

/** In order, in statements of a bounded size: re-matching a whole cohort can add tens of thousands. */
export async function addToOutbox(trx: Knex.Transaction, messages: readonly OutboxMessage[]): Promise<void> {
  for (const chunk of chunks(messages)) {
    await trx('outbox').insert(
      chunk.map((message) => ({
        topic: message.topic,
        message_key: message.key,
        payload: JSON.stringify(message.payload),
      })),
    );
  }
}

export class OutboxRelay {
  constructor(
    private readonly db: Knex,
    private readonly producer: Producer,
    private readonly serializer: TopicSerializer,
    /** Schema to validate each payload by topic name, before it is serialised. */
    private readonly schemaForTopic: (topic: string) => z.ZodType,
  ) {}

  /** Publishes every unpublished row, oldest first. Returns how many were published. */
  async flush(batchSize = 500): Promise<number> {
    let published = 0;
    for (;;) {
      const count = await this.db.transaction(async (trx) => {
        // SKIP LOCKED: two relays never publish the same row at the same time.
        const rows: Array<{ id: string; topic: string; message_key: string; payload: unknown }> = await trx('outbox')
          .whereNull('published_at')
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .select('id', 'topic', 'message_key', 'payload');
        if (rows.length === 0) return 0;
        const byTopic = new Map<string, Array<{ key: string; value: Buffer }>>();
        for (const row of rows) {
          const value = await this.serializer.serialize(row.topic, this.schemaForTopic(row.topic), row.payload);
          const list = byTopic.get(row.topic) ?? [];
          list.push({ key: row.message_key, value });
          byTopic.set(row.topic, list);
        }
        await this.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        await trx('outbox')
          .whereIn('id', rows.map((row) => row.id))
          .update({ published_at: trx.fn.now() });
        return rows.length;
      });
      published += count;
      if (count < batchSize) return published;
    }
  }
}
