import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import type { TopicNames } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { checkStoredOffsets, offsetsInvalid, storedOffsets, topicExtents, type OffsetProblem } from '../platform/offset-binding';
import { consumerRegistry, dependencyOrder, offsetsKeyOf, withUpstream, type ConsumerName } from './registry';

/**
 * How far the consumers are behind their topics, and waiting for them: the way every read gets
 * current data without running a consumer itself. The long-running consumers (`live-risk run
 * --follow`) do the reading; a command or page that shows data waits until the consumers it reads
 * from have reached the end of their topics as it was when the read started, with a time limit and a
 * message naming who is behind by how much. Nothing here writes.
 */
export type ProgressRuntime = Readonly<{ kafka: Kafka; db: Knex; topics: TopicNames; kafkaClusterId: string }>;

export type PartitionLag = Readonly<{ consumer: ConsumerName; topic: string; partition: number; applied: bigint; end: bigint; behind: bigint }>;

export const topicsOf = (topics: TopicNames, name: ConsumerName): string[] => consumerRegistry[name].reads.map((id) => topics[id]);

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Per partition: where the consumer has got to, the end of the topic now, and how far behind that is (never negative). */
export async function consumerLag(runtime: ProgressRuntime, names: readonly ConsumerName[], admin?: Admin): Promise<PartitionLag[]> {
  return withAdmin(runtime.kafka, admin, async (connected) => {
    const lag: PartitionLag[] = [];
    for (const name of names) {
      const topics = topicsOf(runtime.topics, name);
      const stored = await storedOffsets(runtime.db, offsetsKeyOf(name));
      for (const [topic, partitions] of await topicExtents(connected, topics)) {
        for (const [partition, { high }] of partitions) {
          const applied = stored.get(key(topic, partition)) ?? 0n;
          lag.push({ consumer: name, topic, partition, applied, end: high, behind: high > applied ? high - applied : 0n });
        }
      }
    }
    return lag;
  });
}

/** Offsets of `names` that no longer describe their topics, per consumer (empty when all is well). */
export async function offsetProblemsOf(runtime: ProgressRuntime, names: readonly ConsumerName[], admin?: Admin): Promise<Array<{ consumer: ConsumerName; problems: OffsetProblem[] }>> {
  return withAdmin(runtime.kafka, admin, async (connected) => {
    const found = [];
    for (const name of names) {
      const problems = await checkStoredOffsets(connected, runtime.db, offsetsKeyOf(name), topicsOf(runtime.topics, name), runtime.kafkaClusterId);
      if (problems.length) found.push({ consumer: name, problems });
    }
    return found;
  });
}

/** Throws OFFSETS_INVALID, naming the first consumer of `names` whose stored offsets no longer describe its topics. */
export async function assertOffsetsDescribeTopics(runtime: ProgressRuntime, names: readonly ConsumerName[], admin?: Admin): Promise<void> {
  const [first] = await offsetProblemsOf(runtime, names, admin);
  if (first) throw offsetsInvalid(offsetsKeyOf(first.consumer), first.problems);
}

export type WaitOptions = Readonly<{
  /** Give up after this long with CONSUMERS_LAGGING (retriable: try again later). */
  timeoutMs: number;
  /**
   * Also wait for everything upstream (the matcher before the matches projection), each in turn, so
   * what they decide before this read is in. Without it, only the named consumers' own topics count.
   */
  upstream?: boolean;
  signal?: AbortSignal;
  /** Told once, if the read has to wait at all. */
  onWaiting?: (behind: readonly PartitionLag[]) => void;
  pollMs?: number;
}>;

export type WaitReport = Readonly<{ waitedMs: number; consumers: readonly ConsumerName[] }>;

/**
 * Waits until each of `names` has applied its topics up to where they ended when it was reached in
 * dependency order. With `upstream`, a consumer is waited for only after the ones it reads from,
 * and after their decisions waiting in the outbox have been published (by their own relay, not by
 * this read). Throws OFFSETS_INVALID at once if stored offsets no longer describe a topic (waiting
 * would never end), and CONSUMERS_LAGGING, naming who is behind by how much, at the time limit.
 */
export async function waitForConsumers(runtime: ProgressRuntime, names: readonly ConsumerName[], options: WaitOptions): Promise<WaitReport> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const order = options.upstream ? withUpstream(names) : dependencyOrder(names);
  let told = false;
  const tell = (behind: readonly PartitionLag[]) => {
    if (!told) options.onWaiting?.(behind);
    told = true;
  };
  return withAdmin(runtime.kafka, undefined, async (admin) => {
    await assertOffsetsDescribeTopics(runtime, order, admin);
    for (const name of order) {
      const upstream = consumerRegistry[name].after.filter((before) => order.includes(before));
      if (upstream.length) await waitForOutbox(runtime, name, deadline, options, tell);
      const targets = await targetsOf(runtime, name, admin);
      for (;;) {
        const stored = await storedOffsets(runtime.db, offsetsKeyOf(name));
        const behind = targets
          .map((target) => ({ ...target, applied: stored.get(key(target.topic, target.partition)) ?? 0n }))
          .filter((target) => target.applied < target.end)
          .map((target) => ({ ...target, behind: target.end - target.applied }));
        if (behind.length === 0) break;
        if (Date.now() >= deadline || options.signal?.aborted) throw lagging(behind, options.timeoutMs);
        tell(behind);
        await sleep(options.pollMs ?? 200);
      }
    }
    return { waitedMs: Date.now() - started, consumers: order };
  });
}

async function targetsOf(runtime: ProgressRuntime, name: ConsumerName, admin: Admin): Promise<Array<{ consumer: ConsumerName; topic: string; partition: number; end: bigint }>> {
  const targets = [];
  for (const [topic, partitions] of await topicExtents(admin, topicsOf(runtime.topics, name))) {
    for (const [partition, { high }] of partitions) targets.push({ consumer: name, topic, partition, end: high });
  }
  return targets;
}

/** Waits until nothing decided for `name`'s topics waits unpublished in the outbox (parked rows excepted: status reports those). */
async function waitForOutbox(runtime: ProgressRuntime, name: ConsumerName, deadline: number, options: WaitOptions, tell: (behind: readonly PartitionLag[]) => void): Promise<void> {
  const topics = topicsOf(runtime.topics, name);
  for (;;) {
    const [{ count }] = await runtime.db('outbox').whereNull('published_at').whereNull('failed_at').whereIn('topic', topics).count<Array<{ count: string }>>('* as count');
    if (Number(count) === 0) return;
    if (Date.now() >= deadline || options.signal?.aborted) {
      throw new LiveRiskError('CONSUMERS_LAGGING', `waited ${Math.round(options.timeoutMs / 1000)} s: ${count} decided messages for ${topics.join(', ')} are still waiting in the outbox to be published`, {
        retriable: true,
        hint: 'the consumers publish their outbox after each batch; is `live-risk run --follow` running, and can it reach Kafka? (`live-risk status`)',
      });
    }
    tell([]);
    await sleep(options.pollMs ?? 200);
  }
}

export function lagging(behind: readonly PartitionLag[], timeoutMs: number): LiveRiskError {
  const byConsumer = new Map<ConsumerName, PartitionLag[]>();
  for (const lag of behind) byConsumer.set(lag.consumer, [...(byConsumer.get(lag.consumer) ?? []), lag]);
  const lines = [...byConsumer].map(([consumer, lags]) => {
    const total = lags.reduce((sum, lag) => sum + lag.behind, 0n);
    return `  ${consumer} is ${total} message${total === 1n ? '' : 's'} behind (${lags.map((lag) => `${lag.topic}[${lag.partition}] at ${lag.applied} of ${lag.end}`).join(', ')})`;
  });
  return new LiveRiskError('CONSUMERS_LAGGING', `waited ${Math.round(timeoutMs / 1000)} s for the consumers this depends on, and they are still behind:\n${lines.join('\n')}`, {
    retriable: true,
    hint:
      'the consumers run as their own process: is `live-risk run --follow` running (see README, "Running in production")? ' +
      'In development run them once with `live-risk run`. Or wait longer (--wait SECONDS), or read what is there now (--no-wait)',
  });
}

async function withAdmin<T>(kafka: Kafka, existing: Admin | undefined, work: (admin: Admin) => Promise<T>): Promise<T> {
  if (existing) return work(existing);
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
