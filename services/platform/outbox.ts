import type { Producer } from 'kafkajs';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { chunks } from './chunks';
import { classifyError } from './classify-error';
import type { Logger } from './logger';
import type { TopicSerializer } from './registry';

/**
 * The transactional outbox. A consumer decides what to publish inside its PostgreSQL transaction
 * (together with its offsets); the relay publishes committed rows afterwards and marks them. A crash
 * between publish and mark re-publishes, which is harmless because every derived event carries a
 * deterministic id that its projection de-duplicates on.
 *
 * One relay at a time (a transaction-scoped advisory lock), rows in the order they were decided, so
 * every key's events reach Kafka in order whichever process relays. A row that can never be
 * published (the contract or Kafka refuses it for good, say a message too large) is parked with
 * the reason instead of blocking every row after it; `live-risk status` and the metrics report
 * parked rows. An outage stops the relay, to be resumed by the next flush.
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

type Row = { id: string; topic: string; message_key: string; payload: unknown };
type Ready = { row: Row; value: Buffer };

const relayLock = 'live-risk.outbox-relay';

export class OutboxRelay {
  constructor(
    private readonly db: Knex,
    private readonly producer: Producer,
    private readonly serializer: TopicSerializer,
    /**
     * The topics this process may write (undefined: all). Rows of other topics are left for the
     * process that decided them: per key (so per topic) order is kept whichever process relays.
     */
    private readonly topics: ReadonlySet<string> | undefined,
    /** Schema to validate each payload by topic name, before it is serialised. */
    private readonly schemaForTopic: (topic: string) => z.ZodType,
    private readonly log?: Logger,
  ) {}

  /** Publishes every unpublished row, oldest first. Returns how many were published. */
  async flush(batchSize = 500): Promise<number> {
    let published = 0;
    for (;;) {
      const { seen, sent } = await this.db.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [relayLock]);
        const rows: Row[] = await trx('outbox')
          .whereNull('published_at')
          .whereNull('failed_at')
          .modify((query) => {
            if (this.topics) query.whereIn('topic', [...this.topics]);
          })
          .orderBy('id')
          .limit(batchSize)
          .select('id', 'topic', 'message_key', 'payload');
        if (rows.length === 0) return { seen: 0, sent: 0 };
        const ready: Ready[] = [];
        for (const row of rows) {
          try {
            ready.push({ row, value: await this.serializer.serialize(row.topic, this.schemaForTopic(row.topic), row.payload) });
          } catch (thrown) {
            const error = classifyError(thrown, 'registry');
            if (error.retriable) throw error;
            await this.park(trx, row, `does not serialise: ${error.message}`);
          }
        }
        const delivered = await this.send(trx, ready);
        await trx('outbox').whereIn('id', delivered.map((entry) => entry.row.id)).update({ published_at: trx.fn.now() });
        return { seen: rows.length, sent: delivered.length };
      });
      published += sent;
      if (seen < batchSize) return published;
    }
  }

  /** Sends all in one request; if Kafka refuses something for good, sends one at a time to find and park it. */
  private async send(trx: Knex.Transaction, ready: readonly Ready[]): Promise<Ready[]> {
    if (ready.length === 0) return [];
    try {
      await this.sendBatch(ready);
      return [...ready];
    } catch (thrown) {
      const error = classifyError(thrown, 'kafka');
      // A refusal by ACL is about this process, not the row: leave the row for a process allowed to send it.
      if (error.retriable || error.code === 'KAFKA_NOT_AUTHORIZED') throw error;
    }
    const delivered: Ready[] = [];
    for (const entry of ready) {
      try {
        await this.sendBatch([entry]);
        delivered.push(entry);
      } catch (thrown) {
        const error = classifyError(thrown, 'kafka');
        if (error.retriable || error.code === 'KAFKA_NOT_AUTHORIZED') throw error;
        await this.park(trx, entry.row, `Kafka refuses it: ${error.message}`);
      }
    }
    return delivered;
  }

  private async sendBatch(entries: readonly Ready[]): Promise<void> {
    const byTopic = new Map<string, Array<{ key: string; value: Buffer }>>();
    for (const { row, value } of entries) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), { key: row.message_key, value }]);
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }

  private async park(trx: Knex.Transaction, row: Row, failure: string): Promise<void> {
    this.log?.error('outbox row can never be published; parked so the rows after it go on', { outboxId: row.id, topic: row.topic });
    await trx('outbox').where({ id: row.id }).update({ failed_at: trx.fn.now(), failure: failure.slice(0, 2000) });
  }
}
