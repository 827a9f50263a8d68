import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import type { PartitionRange } from '../platform/topic-range';
import { offsetsAtTime } from '../platform/topic-range';

/**
 * Which messages a replay reads, as offset ranges per partition, fixed before reading starts so the
 * replay is of a definite stretch of history however much is published meanwhile.
 *
 * A time window becomes offsets through the broker's time index (`offsetsAtTime`): every topic uses
 * LogAppendTime, so timestamps never decrease within a partition and [from, to) in time is exactly
 * one [first, last) in offsets. Nothing outside the window is fetched at all, which a consumer that
 * read everything and dropped what is out of the window could not say.
 */
export type Window = Readonly<{ from?: Date; to?: Date }>;

export async function rangesForWindow(kafka: Kafka, topic: string, window: Window): Promise<PartitionRange[]> {
  const { low, high } = await watermarks(kafka, topic);
  const from = window.from ? await offsetsAtTime(kafka, topic, window.from) : low;
  const to = window.to ? await offsetsAtTime(kafka, topic, window.to) : high;
  return [...high.keys()].sort((a, b) => a - b).map((partition) => ({
    topic,
    partition,
    from: from.get(partition) ?? low.get(partition) ?? 0n,
    // Never past the end seen now: a `to` in the future means "up to now", not "wait for more".
    to: min(to.get(partition) ?? 0n, high.get(partition) ?? 0n),
  }));
}

/**
 * For `--verify`: exactly the messages the live projection has applied, from the start of each
 * partition up to its offset in the live consumer_offsets. A live projection that is behind its
 * topic is then still compared like for like; `behind` says by how much.
 */
export async function rangesUpToLive(kafka: Kafka, live: Knex, topic: string, consumer: string): Promise<{ ranges: PartitionRange[]; behind: bigint }> {
  const { low, high } = await watermarks(kafka, topic);
  const rows: Array<{ partition: number; next_offset: string }> = await live('consumer_offsets').where({ consumer, topic }).select('partition', 'next_offset');
  const applied = new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  let behind = 0n;
  const ranges = [...high.keys()].sort((a, b) => a - b).map((partition) => {
    const start = low.get(partition) ?? 0n;
    const end = applied.get(partition) ?? start;
    behind += (high.get(partition) ?? 0n) - end;
    return { topic, partition, from: start, to: end };
  });
  return { ranges, behind };
}

export const rangeSize = (ranges: readonly PartitionRange[]): number =>
  ranges.reduce((sum, range) => sum + Number(range.to > range.from ? range.to - range.from : 0n), 0);

async function watermarks(kafka: Kafka, topic: string): Promise<{ low: Map<number, bigint>; high: Map<number, bigint> }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return {
      low: new Map(offsets.map((entry) => [entry.partition, BigInt(entry.low)])),
      high: new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)])),
    };
  } finally {
    await admin.disconnect();
  }
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
