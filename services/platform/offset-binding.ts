import type { Admin } from 'kafkajs';
import type { Knex } from 'knex';
import { LiveRiskError } from './errors';
import { recordExpiredGaps } from './expired-gaps';
import type { BatchHandler, ConsumerDeps, Position } from './offset-consumer';

/**
 * Whether a consumer's stored offsets still describe the topics it reads. They do not when a topic
 * was deleted and recreated, the cluster replaced or restored from an older backup, or the log
 * truncated below what was read: then new messages sit at offsets the consumer believes it has
 * read, and reading on would skip them without a word. Checked before a consumer reads, on every
 * rebalance, periodically while it follows, and by `status` and every read that waits.
 *
 * What an offset row is bound to (migration 008):
 * - the Kafka cluster id it was read from (a replaced cluster has another);
 * - the broker timestamp of the last message applied. Every topic uses LogAppendTime, so within a
 *   partition timestamps never decrease: in the log we read, no message before our offset is newer
 *   than the last one we applied. Asking the broker for the first offset with a later timestamp must
 *   therefore give our offset or beyond; a recreated topic, whose every message is newer, gives its
 *   start instead. (Kafka's own topic ids would say it directly, but kafkajs 2.2.4 speaks Metadata v6,
 *   which predates them.)
 */
export type StoredOffset = Readonly<{ topic: string; partition: number; next: bigint; clusterId: string | null; lastTimestamp: bigint | null }>;
export type PartitionExtent = Readonly<{ low: bigint; high: bigint }>;

export type OffsetProblem = Readonly<{
  topic: string;
  partition: number;
  stored: bigint;
  /** The offsets the partition holds now: [low, high). */
  low: bigint | null;
  high: bigint | null;
  kind: 'topic-missing' | 'partition-missing' | 'beyond-end' | 'below-start' | 'other-cluster' | 'different-log';
  explanation: string;
}>;

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * The problems with `stored`, given the partitions' extents now (absent: topic or partition gone),
 * the cluster we are talking to, and for rows with a timestamp, the first offset whose broker
 * timestamp is later than it. Pure.
 */
export function offsetProblems(
  stored: readonly StoredOffset[],
  extents: ReadonlyMap<string, ReadonlyMap<number, PartitionExtent>>,
  clusterId: string,
  firstOffsetAfter: ReadonlyMap<string, bigint>,
): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  for (const row of stored) {
    const partitions = extents.get(row.topic);
    const extent = partitions?.get(row.partition);
    const base = { topic: row.topic, partition: row.partition, stored: row.next, low: extent?.low ?? null, high: extent?.high ?? null };
    if (row.clusterId !== null && row.clusterId !== clusterId) {
      problems.push({ ...base, kind: 'other-cluster', explanation: `it was read from Kafka cluster ${row.clusterId}, and this is cluster ${clusterId} (the cluster was replaced or restored)` });
    } else if (!partitions) {
      problems.push({ ...base, kind: 'topic-missing', explanation: 'the topic does not exist any more' });
    } else if (!extent) {
      problems.push({ ...base, kind: 'partition-missing', explanation: 'the partition does not exist any more' });
    } else if (row.next > extent.high) {
      problems.push({ ...base, kind: 'beyond-end', explanation: `the partition ends at ${extent.high}: the topic was recreated, or the cluster replaced or restored from an older copy` });
    } else if (row.next < extent.low) {
      problems.push({ ...base, kind: 'below-start', explanation: `the partition now starts at ${extent.low}: messages ${row.next} to ${extent.low - 1n} were deleted before this consumer read them` });
    } else {
      const after = firstOffsetAfter.get(key(row.topic, row.partition));
      if (after !== undefined && after < row.next) {
        problems.push({ ...base, kind: 'different-log', explanation: `messages before offset ${row.next} are newer than the last one this consumer applied: the topic was deleted and recreated` });
      }
    }
  }
  return problems;
}

/** Reads the stored offsets of `consumer` for `topics` (rows of topics it no longer reads are ignored). */
export async function storedOffsetRows(db: Knex, consumer: string, topics: readonly string[]): Promise<StoredOffset[]> {
  const rows: Array<{ topic: string; partition: number; next_offset: string; cluster_id: string | null; last_timestamp: string | null }> = await db('consumer_offsets')
    .where({ consumer })
    .whereIn('topic', [...topics])
    .select('topic', 'partition', 'next_offset', 'cluster_id', 'last_timestamp');
  return rows.map((row) => ({
    topic: row.topic,
    partition: row.partition,
    next: BigInt(row.next_offset),
    clusterId: row.cluster_id,
    lastTimestamp: row.last_timestamp === null ? null : BigInt(row.last_timestamp),
  }));
}

/** Each topic's partitions and their [low, high) offsets; a topic that does not exist is absent. */
export async function topicExtents(admin: Admin, topics: readonly string[]): Promise<Map<string, Map<number, PartitionExtent>>> {
  const existing = new Set(await admin.listTopics());
  const extents = new Map<string, Map<number, PartitionExtent>>();
  for (const topic of topics) {
    if (!existing.has(topic)) continue;
    const offsets = await admin.fetchTopicOffsets(topic);
    extents.set(topic, new Map(offsets.map((entry) => [entry.partition, { low: BigInt(entry.low), high: BigInt(entry.high) }])));
  }
  return extents;
}

/** The stored offsets of `consumer` that no longer describe its topics (empty when all is well). */
export async function checkStoredOffsets(admin: Admin, db: Knex, consumer: string, topics: readonly string[], clusterId: string): Promise<OffsetProblem[]> {
  const stored = await storedOffsetRows(db, consumer, topics);
  if (stored.length === 0) return [];
  const extents = await topicExtents(admin, topics);
  const firstOffsetAfter = new Map<string, bigint>();
  for (const row of stored) {
    const extent = extents.get(row.topic)?.get(row.partition);
    if (row.lastTimestamp === null || row.next === 0n || !extent || row.next > extent.high || row.next < extent.low) continue;
    // One partition at a time: each row has its own timestamp. The broker answers its high watermark
    // (kafkajs substitutes it for -1) when nothing is newer.
    const answers = await admin.fetchTopicOffsetsByTimestamp(row.topic, Number(row.lastTimestamp + 1n));
    const answer = answers.find((entry) => entry.partition === row.partition);
    if (answer) firstOffsetAfter.set(key(row.topic, row.partition), BigInt(answer.offset));
  }
  return offsetProblems(stored, extents, clusterId, firstOffsetAfter);
}

export function describeOffsetProblem(problem: OffsetProblem): string {
  const holds = problem.low === null || problem.high === null ? '' : problem.high === problem.low ? ', and it holds no messages' : `, and it holds offsets ${problem.low} to ${problem.high - 1n}`;
  return `${problem.topic} partition ${problem.partition}: stored next offset ${problem.stored}${holds}: ${problem.explanation}`;
}

/** How to recover, per kind of consumer. */
export function offsetRecoveryHint(consumerName: string): string {
  return (
    'nothing was read, so nothing was skipped. If the topics are the ones to keep (a new cluster, a topic recreated on purpose), ' +
    `rebuild from them: \`live-risk rebuild ${consumerName}\` (or \`live-risk rebuild all\`); a projection replays the topic, the matcher ` +
    're-reads the agency topics and publishes no link twice. Otherwise restore the Kafka data these offsets were read from. ' +
    'In development, `live-risk stack reset` starts everything afresh. See README, "When offsets no longer describe a topic".'
  );
}

/** `consumer` is the offsets key (`projection.cohort`); operators name it as `rebuild` does (`cohort`). */
export function offsetsInvalid(consumer: string, problems: readonly OffsetProblem[]): LiveRiskError {
  const consumerName = consumer.replace(/^projection\./, '');
  return new LiveRiskError(
    'OFFSETS_INVALID',
    `consumer ${consumerName} refuses to read: its stored offsets no longer describe the topics it reads:\n` + problems.map((problem) => `  ${describeOffsetProblem(problem)}`).join('\n'),
    { hint: offsetRecoveryHint(consumerName) },
  );
}

export const positionKey = ({ topic, partition }: Position) => `${topic}\u0000${partition}`;

export async function storedOffsets(db: Knex, consumer: string): Promise<Map<string, bigint>> {
  const rows: Array<{ topic: string; partition: number; next_offset: string }> = await db('consumer_offsets')
    .where({ consumer })
    .select('topic', 'partition', 'next_offset');
  return new Map(rows.map((row) => [positionKey(row), BigInt(row.next_offset)]));
}

/** Throws OFFSETS_INVALID if the stored offsets do not describe the topics; else the topics' ends, per partition. */
export async function ensureOffsetsDescribeTopics(deps: Pick<ConsumerDeps, 'kafka' | 'db' | 'clusterId' | 'log'>, handler: Pick<BatchHandler, 'consumer' | 'topics'>): Promise<Map<string, bigint>> {
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    // Messages deleted by retention before they were read: recorded and counted, then read on from
    // the start of the log (expired-gaps.ts), rather than refused for ever or skipped without a word.
    for (const gap of await recordExpiredGaps(admin, deps.db, handler.consumer, handler.topics, deps.clusterId)) {
      deps.log.warn('messages expired before this consumer read them; recorded as a gap, reading on from the start of the log', {
        consumer: handler.consumer, topic: gap.topic, partition: gap.partition, fromOffset: gap.from.toString(), toOffset: gap.to.toString(), count: Number(gap.to - gap.from),
      });
    }
    const problems = await checkStoredOffsets(admin, deps.db, handler.consumer, handler.topics, deps.clusterId);
    if (problems.length) throw offsetsInvalid(handler.consumer, problems);
    const targets = new Map<string, bigint>();
    for (const [topic, partitions] of await topicExtents(admin, handler.topics)) {
      for (const [partition, { high }] of partitions) targets.set(positionKey({ topic, partition }), high);
    }
    return targets;
  } finally {
    await admin.disconnect();
  }
}
