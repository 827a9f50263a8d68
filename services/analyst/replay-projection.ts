import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { TopicNames } from '../contracts';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { decodeMessage, type Erased } from '../platform/decode-message';
import type { ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox } from '../platform/outbox';
import type { TopicDeserializer } from '../platform/registry';
import { readRanges, type PartitionRange } from '../platform/topic-range';
import { applyErasedEvents, applyEvents, type Decoded, type Projection } from '../projector';

/**
 * Replays one projection's topic into a replay schema. What `projectionHandler` does for a batch,
 * minus its afterCommit: that flushes the outbox to Kafka, and a replay must never publish. Rows a
 * projection queues in the outbox (a confirmed review's match.linked, a dead letter) stay in the
 * replay schema's outbox, where no relay looks; and no producer exists in a replay at all.
 */
export type ReplaySource = Readonly<{ kafka: Kafka; deserializer: TopicDeserializer; topics: TopicNames; groupPrefix: string }>;

/** `erased`: messages about erased families, read as erased (their keys are destroyed) and never applied. */
export type ProjectionReplay = Readonly<{ projection: string; messages: number; erased: number; seconds: number }>;

export async function replayProjection(
  source: ReplaySource,
  db: Knex,
  projection: Projection<z.ZodType>,
  ranges: readonly PartitionRange[],
  onProgress: (done: number) => void,
): Promise<ProjectionReplay> {
  const started = performance.now();
  const consumer = `projection.${projection.name}`;
  let done = 0;
  let erased = 0;
  onProgress(0);
  await readRanges(
    source.kafka,
    ranges,
    async (messages) => {
      await db.transaction(async (trx) => {
        erased += await applyBatch(trx, source, projection, messages);
        // The replay's own offsets, in its own schema: how far each partition was replayed.
        const last = messages[messages.length - 1];
        await trx('consumer_offsets')
          .insert({ consumer, topic: last.topic, partition: last.partition, next_offset: (BigInt(last.offset) + 1n).toString() })
          .onConflict(['consumer', 'topic', 'partition'])
          .merge(['next_offset', 'updated_at']);
      });
      done += messages.length;
      onProgress(done);
    },
    source.groupPrefix,
    // While one partition's transaction commits, the next partition's batch is decoded: Node and
    // PostgreSQL work at the same time instead of in turn.
    projection.independentPartitions ? ranges.length : 1,
  );
  return { projection: projection.name, messages: done, erased, seconds: (performance.now() - started) / 1000 };
}

/** Returns how many of the messages were about erased families. */
async function applyBatch(trx: Knex.Transaction, source: ReplaySource, projection: Projection<z.ZodType>, messages: readonly ConsumedMessage[]): Promise<number> {
  const rejected = [];
  const accepted: Array<Decoded<z.ZodType>> = [];
  const erased: Erased[] = [];
  for (const message of messages) {
    const decoded = await decodeMessage(message.value, message.topic, projection.schema, source.deserializer);
    if (decoded.ok) accepted.push({ event: decoded.event, message });
    else if (decoded.erased) erased.push(decoded);
    // Stamped with the message's own time, not the clock, so two replays write the same row.
    else rejected.push(deadLetterOutboxMessage(source.topics.deadLetters, deadLetterFor(message, decoded, new Date(Number(message.timestamp)).toISOString())));
  }
  await applyEvents(trx, projection, accepted);
  await applyErasedEvents(trx, projection, erased);
  await addToOutbox(trx, rejected);
  return erased.length;
}
