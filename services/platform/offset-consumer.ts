import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Knex } from 'knex';
import { highWatermarks } from './kafka';
import type { Logger } from './logger';

/**
 * A Kafka consumer whose offsets live in PostgreSQL, written in the same transaction as the rows the
 * handler writes. A crash before commit re-delivers the batch; a crash after commit skips it; so a
 * restart neither loses nor duplicates. Offsets are never committed to Kafka: PostgreSQL is the one
 * record of progress, and dropping a projection's rows together with its offsets rebuilds it.
 */
export type ConsumedMessage = Readonly<{
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
}>;

export interface BatchHandler {
  /** Stable name; the consumer group and the offsets rows are keyed by it. */
  readonly consumer: string;
  readonly topics: readonly string[];
  /** Writes the effects of `messages` (all from one partition, in order) inside `trx`. */
  handleBatch(trx: Knex.Transaction, messages: readonly ConsumedMessage[]): Promise<void>;
  /** Runs after each committed batch, outside the transaction (e.g. to publish an outbox). */
  afterCommit?(): Promise<void>;
}

export type RunMode =
  | { kind: 'catch-up'; onProgress?: (done: bigint, total: bigint) => void }
  | { kind: 'follow'; signal: AbortSignal };

type Position = { topic: string; partition: number };

/** Small fetches keep each transaction short, so progress is visible and a crash redoes little. */
export const fetchBytesPerPartition = 128 * 1024;
const positionKey = ({ topic, partition }: Position) => `${topic}\u0000${partition}`;

export async function storedOffsets(db: Knex, consumer: string): Promise<Map<string, bigint>> {
  const rows: Array<{ topic: string; partition: number; next_offset: string }> = await db('consumer_offsets')
    .where({ consumer })
    .select('topic', 'partition', 'next_offset');
  return new Map(rows.map((row) => [positionKey(row), BigInt(row.next_offset)]));
}

async function commitBatch(
  db: Knex,
  handler: BatchHandler,
  position: Position,
  messages: readonly ConsumedMessage[],
): Promise<number> {
  return db.transaction(async (trx) => {
    const row = await trx('consumer_offsets')
      .where({ consumer: handler.consumer, ...position })
      .forUpdate()
      .first('next_offset');
    const next = row ? BigInt(row.next_offset) : 0n;
    // Skip anything already applied: a re-delivery after a crash or a racing seek.
    const fresh = messages.filter((message) => BigInt(message.offset) >= next);
    if (fresh.length === 0) return 0;
    await handler.handleBatch(trx, fresh);
    const after = (BigInt(fresh[fresh.length - 1].offset) + 1n).toString();
    await trx('consumer_offsets')
      .insert({ consumer: handler.consumer, ...position, next_offset: after, updated_at: trx.fn.now() })
      .onConflict(['consumer', 'topic', 'partition'])
      .merge(['next_offset', 'updated_at']);
    return fresh.length;
  });
}

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    timestamp: message.timestamp,
  };
}

/**
 * Consumes until caught up with the high watermarks seen at start (catch-up), or until the signal
 * aborts (follow). Returns how many messages were applied.
 */
export async function runOffsetConsumer(
  kafka: Kafka,
  db: Knex,
  handler: BatchHandler,
  mode: RunMode,
  log: Logger,
  groupPrefix = '',
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const targets = new Map<string, bigint>();
  try {
    for (const topic of handler.topics) {
      for (const [partition, high] of await highWatermarks(admin, topic)) {
        targets.set(positionKey({ topic, partition }), high);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const totalTarget = [...targets.values()].reduce((sum, value) => sum + value, 0n);
  const remainingFrom = (stored: Map<string, bigint>) =>
    [...targets].reduce((sum, [key, high]) => sum + (high > (stored.get(key) ?? 0n) ? high - (stored.get(key) ?? 0n) : 0n), 0n);

  if (mode.kind === 'catch-up' && remainingFrom(await storedOffsets(db, handler.consumer)) === 0n) {
    await handler.afterCommit?.();
    return 0;
  }

  const consumer = kafka.consumer({
    groupId: `${groupPrefix}live-risk.${handler.consumer}`,
    allowAutoTopicCreation: false,
    sessionTimeout: 30000,
    rebalanceTimeout: 30000,
    heartbeatInterval: 3000,
    maxBytesPerPartition: fetchBytesPerPartition,
  });
  let applied = 0;
  let failure: unknown;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  // On every assignment, start each partition where PostgreSQL says we got to.
  // If this fails, reading starts from the beginning and commitBatch skips what was applied: slower,
  // never wrong.
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    storedOffsets(db, handler.consumer).then(
      (stored) => {
        for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
          for (const partition of partitions) {
            const next = stored.get(positionKey({ topic, partition }));
            if (next !== undefined) consumer.seek({ topic, partition, offset: next.toString() });
          }
        }
      },
      () => log.warn('could not read stored offsets after joining; reading from the beginning', { consumer: handler.consumer }),
    );
  });

  const checkCaughtUp = async () => {
    if (mode.kind !== 'catch-up') return;
    const remaining = remainingFrom(await storedOffsets(db, handler.consumer));
    mode.onProgress?.(totalTarget - remaining, totalTarget);
    if (remaining === 0n) finish();
  };

  await consumer.connect();
  for (const topic of handler.topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      try {
        const messages = batch.messages.map((message) => toConsumed(batch.topic, batch.partition, message));
        applied += await commitBatch(db, handler, { topic: batch.topic, partition: batch.partition }, messages);
        await handler.afterCommit?.();
        await heartbeat();
        await checkCaughtUp();
      } catch (error) {
        // A failed batch is not skipped: stop, report, and the next run starts from the stored offset.
        failure = error;
        log.error('batch failed; stopping so no message is skipped', {
          consumer: handler.consumer,
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: batch.firstOffset(),
        });
        finish();
        throw error;
      }
    },
  });

  const ticker = setInterval(() => void checkCaughtUp().catch(() => undefined), 1000);
  if (mode.kind === 'follow') mode.signal.addEventListener('abort', () => finish(), { once: true });
  try {
    await finished;
  } finally {
    clearInterval(ticker);
    await consumer.disconnect();
  }
  if (failure) throw failure;
  return applied;
}
