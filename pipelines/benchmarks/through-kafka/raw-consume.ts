import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { highWatermarks } from '../../../services/platform/kafka';
import { LiveRiskError } from '../../../services/platform/errors';

/**
 * The ceiling for anything that reads our topics with kafkajs: a consumer in a new group that reads
 * from the beginning to the high watermarks seen at start, in batches, and does nothing with the
 * bytes (no decoding, no database). A consumer that does real work can only be slower, so its
 * rate divided by this one says how much of the client's capacity the work leaves.
 */
export type RawConsume = Readonly<{
  messages: number;
  bytes: number;
  /**
   * Connecting → the last wanted message seen: group join and first fetch included, disconnect not.
   * Timing from the first batch instead would miss most of the work, since one fetch returns every
   * partition's data before kafkajs hands over the first batch.
   */
  seconds: number;
  messagesPerSecond: number;
}>;

export type RawConsumeOptions = Readonly<{
  /** Stop with an error after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Consumer group; by default a new random one, deleted afterwards. */
  groupId?: string;
  /** kafkajs default (1 MB) unless given, so the ceiling is the client's, not ours. */
  maxBytesPerPartition?: number;
}>;

type Key = string;
const keyOf = (topic: string, partition: number): Key => `${topic}\u0000${partition}`;

export async function measureRawConsume(kafka: Kafka, topics: readonly string[], options: RawConsumeOptions = {}): Promise<RawConsume> {
  const targets = new Map<Key, bigint>();
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      for (const [partition, high] of await highWatermarks(admin, topic)) {
        if (high > 0n) targets.set(keyOf(topic, partition), high);
      }
    }
  } finally {
    await admin.disconnect();
  }

  const groupId = options.groupId ?? `live-risk.bench-raw.${randomBytes(5).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
  });
  let messages = 0;
  let bytes = 0;
  const remaining = new Map(targets);
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (remaining.size === 0) done();

  const timeoutMs = options.timeoutMs ?? 300_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LiveRiskError('INTERNAL', `raw consume of ${topics.length} topics did not reach the end within ${timeoutMs / 1000} s (${messages} messages read)`, { hint: 'is the broker overloaded? try again with --quick' })),
      timeoutMs,
    );
  });

  const startedAt = performance.now();
  let lastAt = startedAt;
  try {
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const key = keyOf(batch.topic, batch.partition);
        const high = remaining.get(key);
        if (high === undefined) return;
        // Count only what was there at start; anything published since is not ours to time.
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= high) break;
          messages += 1;
          bytes += (message.value?.length ?? 0) + (message.key?.length ?? 0);
        }
        const last = batch.messages.at(-1);
        if (last && BigInt(last.offset) + 1n >= high) {
          remaining.delete(key);
          if (remaining.size === 0) {
            lastAt = performance.now();
            done();
          }
        }
      },
    });
    await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    if (!options.groupId) await deleteGroup(kafka, groupId);
  }
  const seconds = (lastAt - startedAt) / 1000;
  return {
    messages,
    bytes,
    seconds,
    messagesPerSecond: seconds > 0 ? messages / seconds : 0,
  };
}

/** A benchmark leaves no consumer groups behind; a failure to delete one is not worth failing it. */
export async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // The group may not exist (nothing joined) or the broker may be gone; either way nothing to do.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
