import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { LiveRiskError } from './errors';
import { topicExtents } from './offset-binding';
import type { ConsumedMessage } from './offset-consumer';

/**
 * Reads a stretch of history straight from Kafka: for each partition, the messages with offsets in
 * [from, to). Used to look again at events already processed (re-matching) without touching any
 * consumer's stored offsets. A throw-away consumer group is used and deleted afterwards.
 */
export type PartitionRange = Readonly<{ topic: string; partition: number; from: bigint; to: bigint }>;

/** The first offset of each partition at or after `instant` (the high watermark if there is none). */
export async function offsetsAtTime(kafka: Kafka, topic: string, instant: Date): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const entries = await admin.fetchTopicOffsetsByTimestamp(topic, instant.getTime());
    return new Map(entries.map((entry) => [entry.partition, BigInt(entry.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Waiting longer than this for the next message of a range means something is wrong, not slow. */
const idleLimitMs = 120_000;

/**
 * Every range must lie inside its partition as it is now: a range past the end would be waited for
 * for ever (a topic recreated since the offsets were taken), one before the start cannot be read.
 */
async function assertRangesExist(kafka: Kafka, ranges: readonly PartitionRange[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const extents = await topicExtents(admin, [...new Set(ranges.map((range) => range.topic))]);
    for (const range of ranges) {
      const extent = extents.get(range.topic)?.get(range.partition);
      if (!extent || range.to > extent.high || range.from < extent.low) {
        const holds = extent ? `it holds offsets ${extent.low} to ${extent.high - 1n}` : 'it does not exist';
        throw new LiveRiskError('OFFSETS_INVALID', `cannot read ${range.topic} partition ${range.partition} offsets ${range.from} to ${range.to - 1n}: ${holds}`, {
          hint: 'the topic was recreated, truncated or replaced since those offsets were recorded; `live-risk status` says which consumers are affected and how to recover',
        });
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export async function readRanges(
  kafka: Kafka,
  ranges: readonly PartitionRange[],
  onBatch: (messages: readonly ConsumedMessage[]) => Promise<void>,
  groupPrefix = '',
  /** How many partitions' batches may be handled at once: more than 1 only when they touch nothing in common. */
  partitionsInParallel = 1,
): Promise<number> {
  const wanted = ranges.filter((range) => range.to > range.from);
  if (wanted.length === 0) return 0;
  await assertRangesExist(kafka, wanted);
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const pending = new Map(wanted.map((range) => [key(range.topic, range.partition), range]));
  const groupId = `${groupPrefix}live-risk.range.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 512 * 1024 });
  let read = 0;
  let failure: unknown;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let lastProgress = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress < idleLimitMs) return;
    failure ??= new LiveRiskError('KAFKA_UNAVAILABLE', `no message arrived for ${idleLimitMs / 1000} s while reading ${[...pending.values()].map((range) => `${range.topic}[${range.partition}] up to offset ${range.to}`).join(', ')}`, {
      retriable: true,
      hint: 'check that Kafka is up (`live-risk stack status`) and try again',
    });
    finish();
  }, 5_000);
  const done = (topic: string, partition: number) => {
    pending.delete(key(topic, partition));
    consumer.pause([{ topic, partitions: [partition] }]);
    if (pending.size === 0) finish();
  };

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
      for (const partition of partitions) {
        const range = pending.get(key(topic, partition));
        if (range) consumer.seek({ topic, partition, offset: range.from.toString() });
        else consumer.pause([{ topic, partitions: [partition] }]);
      }
    }
  });

  await consumer.connect();
  try {
    for (const topic of new Set(wanted.map((range) => range.topic))) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: partitionsInParallel,
      eachBatch: async ({ batch, heartbeat }) => {
        const range = pending.get(key(batch.topic, batch.partition));
        if (!range || failure) return;
        lastProgress = Date.now();
        // A fetch made before the seek took effect may start earlier: keep only the range.
        const messages = batch.messages
          .filter((message) => BigInt(message.offset) >= range.from && BigInt(message.offset) < range.to)
          .map((message) => ({ topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value, timestamp: message.timestamp, headers: message.headers }));
        try {
          if (messages.length) await onBatch(messages);
        } catch (error) {
          failure = error;
          finish();
          return;
        }
        read += messages.length;
        await heartbeat();
        const last = batch.messages.length ? BigInt(batch.messages[batch.messages.length - 1].offset) : -1n;
        if (last + 1n >= range.to) done(batch.topic, batch.partition);
      },
    });
    await finished;
  } finally {
    clearInterval(watchdog);
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }
  if (failure) throw failure;
  return read;
}
