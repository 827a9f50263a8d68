import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Knex } from 'knex';
import type { DeadLetterReason } from '../contracts';
import { classifyError } from './classify-error';
import { LiveRiskError } from './errors';
import type { Logger } from './logger';
import { checkStoredOffsets, offsetsInvalid, topicExtents } from './offset-binding';
import { acquireWriterLock, tryWriterLock, type WriterLock } from './writer-lock';

/**
 * A Kafka consumer whose offsets live in PostgreSQL, written in the same transaction as the rows the
 * handler writes. A crash before commit re-delivers the batch; a crash after commit skips it; so a
 * restart neither loses nor duplicates. Offsets are never committed to Kafka: PostgreSQL is the one
 * record of progress, and dropping a projection's rows together with its offsets rebuilds it.
 *
 * Around that core:
 * - one writer per consumer (writer-lock.ts): a second copy waits, or in a one-shot run, waits for
 *   the running copy to get there instead of reading itself;
 * - offsets bound to the log they index (offset-binding.ts), checked before reading and on every
 *   rebalance: a recreated topic or replaced cluster stops the consumer with what to do, never skips;
 * - one message that PostgreSQL cannot store is dead-lettered with the reason and the rest go on;
 *   only outages (retriable errors) stop a consumer, for its runner to resume.
 * - a Kafka consumer group of its own per run: offsets are not in Kafka, the lock already keeps one
 *   reader, and a fresh group never waits out a killed member's session (30 s) before reading.
 */
export type ConsumedMessage = Readonly<{
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
}>;

/** How many messages of a batch ended how (`linked`, `dead-lettered`, `applied`, …), for metrics. */
export type BatchOutcomes = Readonly<Record<string, number>>;
export type Rejection = Readonly<{ reasonCode: DeadLetterReason; reason: string }>;

export interface BatchHandler {
  /** Stable name; the offsets rows (and the consumer group's stem) are keyed by it. */
  readonly consumer: string;
  readonly topics: readonly string[];
  /** Writes the effects of `messages` (all from one partition, in order) inside `trx`. */
  handleBatch(trx: Knex.Transaction, messages: readonly ConsumedMessage[]): Promise<BatchOutcomes>;
  /** Records, inside `trx`, that `message` is dead-lettered instead of applied (and whatever the consumer keeps per message). */
  reject(trx: Knex.Transaction, message: ConsumedMessage, rejection: Rejection): Promise<void>;
  /** Runs after each committed batch, outside the transaction (e.g. to publish an outbox). */
  afterCommit?(): Promise<void>;
}

/** What a running consumer tells whoever watches it (metrics, readiness). */
export interface ConsumerObserver {
  committed?(consumer: string, outcomes: BatchOutcomes): void;
  rebalanced?(consumer: string): void;
  state?(consumer: string, state: 'waiting-for-lock' | 'consuming' | 'stopped'): void;
}

export type RunMode =
  | { kind: 'catch-up'; onProgress?: (done: bigint, total: bigint) => void; onWaiting?: (reason: string) => void }
  | { kind: 'follow'; signal: AbortSignal };

export type ConsumerDeps = Readonly<{
  kafka: Kafka;
  db: Knex;
  /** The lock lives on a connection of its own, opened from this URL. */
  databaseUrl: string;
  clusterId: string;
  log: Logger;
  groupPrefix: string;
  observer?: ConsumerObserver;
}>;

type Position = { topic: string; partition: number };

/** Small fetches keep each transaction short, so progress is visible and a crash redoes little. */
export const fetchBytesPerPartition = 128 * 1024;
/** While following, how often to check that the stored offsets still describe the topics. */
const bindingCheckMs = 30_000;
const positionKey = ({ topic, partition }: Position) => `${topic}\u0000${partition}`;

export async function storedOffsets(db: Knex, consumer: string): Promise<Map<string, bigint>> {
  const rows: Array<{ topic: string; partition: number; next_offset: string }> = await db('consumer_offsets')
    .where({ consumer })
    .select('topic', 'partition', 'next_offset');
  return new Map(rows.map((row) => [positionKey(row), BigInt(row.next_offset)]));
}

type Applied = { count: number; outcomes: Record<string, number> };
const addOutcomes = (into: Record<string, number>, outcomes: BatchOutcomes) => {
  for (const [outcome, count] of Object.entries(outcomes)) into[outcome] = (into[outcome] ?? 0) + count;
};

/**
 * One transaction: check the position is ours, apply what is new in `messages` (or dead-letter the
 * one message in `rejected`), and advance the stored offset with the log it belongs to.
 */
async function commitBatch(deps: ConsumerDeps, handler: BatchHandler, position: Position, messages: readonly ConsumedMessage[], rejection?: Rejection): Promise<Applied> {
  return deps.db.transaction(async (trx) => {
    const row: { next_offset: string; cluster_id: string | null; last_timestamp: string | null } | undefined = await trx('consumer_offsets')
      .where({ consumer: handler.consumer, ...position })
      .forUpdate()
      .first('next_offset', 'cluster_id', 'last_timestamp');
    const next = row ? BigInt(row.next_offset) : 0n;
    if (row?.cluster_id && row.cluster_id !== deps.clusterId) {
      throw offsetsInvalid(handler.consumer, [
        { ...position, stored: next, low: null, high: null, kind: 'other-cluster', explanation: `it was read from Kafka cluster ${row.cluster_id}, and this is cluster ${deps.clusterId}` },
      ]);
    }
    // A re-delivery of what we applied is older than the last message we applied; anything newer
    // below our offset means the partition is another log now (the topic was recreated under us).
    const lastTimestamp = row?.last_timestamp ? BigInt(row.last_timestamp) : null;
    const newerBelow = lastTimestamp === null ? undefined : messages.find((message) => BigInt(message.offset) < next && BigInt(message.timestamp) > lastTimestamp);
    if (newerBelow) {
      throw offsetsInvalid(handler.consumer, [
        { ...position, stored: next, low: null, high: null, kind: 'different-log', explanation: `offset ${newerBelow.offset} arrived newer than the last message applied: the topic was deleted and recreated` },
      ]);
    }
    const fresh = messages.filter((message) => BigInt(message.offset) >= next);
    if (fresh.length === 0) return { count: 0, outcomes: {} };
    let outcomes: BatchOutcomes;
    if (rejection) {
      await handler.reject(trx, fresh[0], rejection);
      outcomes = { 'dead-lettered': 1 };
    } else {
      outcomes = await handler.handleBatch(trx, fresh);
    }
    const last = fresh[fresh.length - 1];
    await trx('consumer_offsets')
      .insert({
        consumer: handler.consumer,
        ...position,
        next_offset: (BigInt(last.offset) + 1n).toString(),
        cluster_id: deps.clusterId,
        last_timestamp: last.timestamp,
        updated_at: trx.fn.now(),
      })
      .onConflict(['consumer', 'topic', 'partition'])
      .merge(['next_offset', 'cluster_id', 'last_timestamp', 'updated_at']);
    return { count: fresh.length, outcomes };
  });
}

/**
 * Applies a batch; if PostgreSQL refuses its content (not an outage), applies its messages one by
 * one and dead-letters each one that is refused on its own, saying why. Outages and faults in our
 * code are thrown: retrying can help the first, and the second must not turn every message into a
 * dead letter.
 */
async function commitIsolatingBadMessages(deps: ConsumerDeps, handler: BatchHandler, position: Position, messages: readonly ConsumedMessage[]): Promise<Applied> {
  try {
    return await commitBatch(deps, handler, position, messages);
  } catch (thrown) {
    const error = classifyError(thrown, 'database');
    if (error.code !== 'DATA_REJECTED' && error.code !== 'INPUT_INVALID') throw error;
    if (messages.length > 1) {
      const applied: Applied = { count: 0, outcomes: {} };
      for (const message of messages) {
        const one = await commitIsolatingBadMessages(deps, handler, position, [message]);
        applied.count += one.count;
        addOutcomes(applied.outcomes, one.outcomes);
      }
      return applied;
    }
    deps.log.warn('message could not be stored; dead-lettered, the consumer goes on', { consumer: handler.consumer, ...position, offset: messages[0].offset, code: error.code });
    return commitBatch(deps, handler, position, messages, { reasonCode: 'NOT_STORABLE', reason: `${error.message}; nothing from this message was stored` });
  }
}

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, timestamp: message.timestamp };
}

async function ensureOffsetsDescribeTopics(deps: ConsumerDeps, handler: BatchHandler): Promise<Map<string, bigint>> {
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
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

const remainingTo = (targets: ReadonlyMap<string, bigint>, stored: ReadonlyMap<string, bigint>) =>
  [...targets].reduce((sum, [key, high]) => sum + (high > (stored.get(key) ?? 0n) ? high - (stored.get(key) ?? 0n) : 0n), 0n);

/**
 * Consumes until caught up with the high watermarks seen at start (catch-up), or until the signal
 * aborts (follow). Returns how many messages this process applied. Throws classified errors: an
 * outage (retriable) for the runner to wait out, anything else to stop on.
 */
export async function runOffsetConsumer(deps: ConsumerDeps, handler: BatchHandler, mode: RunMode): Promise<number> {
  try {
    return await consume(deps, handler, mode);
  } catch (error) {
    // The service named here is only for a bare socket error, and kafkajs wraps every one of its own
    // (KafkaJSConnectionError) and the registry's client marks its own: a bare one is pg's, whose
    // pool hands up the raw ECONNREFUSED or ECONNRESET while PostgreSQL is down or restarting.
    throw classifyError(error, 'database');
  } finally {
    deps.observer?.state?.(handler.consumer, 'stopped');
  }
}

async function consume(deps: ConsumerDeps, handler: BatchHandler, mode: RunMode): Promise<number> {
  const targets = await ensureOffsetsDescribeTopics(deps, handler);
  const totalTarget = [...targets.values()].reduce((sum, value) => sum + value, 0n);
  const remaining = async () => remainingTo(targets, await storedOffsets(deps.db, handler.consumer));

  if (mode.kind === 'catch-up' && (await remaining()) === 0n) {
    await handler.afterCommit?.();
    return 0;
  }
  let lock: WriterLock | null;
  if (mode.kind === 'catch-up') {
    lock = await tryWriterLock(deps.databaseUrl, handler.consumer);
    if (!lock) return waitForOtherWriter(handler, mode, remaining, totalTarget);
  } else {
    deps.observer?.state?.(handler.consumer, 'waiting-for-lock');
    lock = await acquireWriterLock(deps.databaseUrl, handler.consumer, {
      signal: mode.signal,
      onWaiting: () => deps.log.warn('another copy of this consumer is running; waiting for it to stop', { consumer: handler.consumer }),
    });
    if (!lock) return 0;
    // The offsets may have moved while we waited: check them again before reading.
    await ensureOffsetsDescribeTopics(deps, handler);
  }
  try {
    return await consumeHoldingLock(deps, handler, mode, lock, remaining, totalTarget);
  } finally {
    await lock.release();
  }
}

/** A one-shot run that finds another copy at work: that copy reads; this one waits for it to get there. */
async function waitForOtherWriter(
  handler: BatchHandler,
  mode: Extract<RunMode, { kind: 'catch-up' }>,
  remaining: () => Promise<bigint>,
  totalTarget: bigint,
): Promise<number> {
  mode.onWaiting?.(`another copy of ${handler.consumer} is running; waiting for it to catch up instead of reading`);
  const limitMs = 10 * 60_000;
  let last = -1n;
  let lastMoved = Date.now();
  for (;;) {
    const left = await remaining();
    mode.onProgress?.(totalTarget - left, totalTarget);
    if (left === 0n) return 0;
    if (left !== last) lastMoved = Date.now();
    last = left;
    if (Date.now() - lastMoved > limitMs) {
      throw new LiveRiskError('CONSUMERS_LAGGING', `${handler.consumer} is held by another process that made no progress for ${limitMs / 60_000} minutes (${left} messages behind)`, {
        retriable: true,
        hint: 'check the running consumers (`live-risk status`, their logs and /readyz); stop a stuck one and this run takes over',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function consumeHoldingLock(
  deps: ConsumerDeps,
  handler: BatchHandler,
  mode: RunMode,
  lock: WriterLock,
  remaining: () => Promise<bigint>,
  totalTarget: bigint,
): Promise<number> {
  const groupId = `${deps.groupPrefix}live-risk.${handler.consumer}.${randomUUID().slice(0, 8)}`;
  const consumer = deps.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 30000,
    rebalanceTimeout: 30000,
    heartbeatInterval: 3000,
    maxBytesPerPartition: fetchBytesPerPartition,
    // kafkajs would restart a crashed consumer by its own rules; ours decide (see the runners).
    retry: { retries: 8, initialRetryTime: 300, restartOnFailure: async () => false },
  });
  let applied = 0;
  let failure: unknown;
  let stopping = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const fail = (error: unknown) => {
    failure ??= error;
    stopping = true;
    finish();
  };

  void lock.lost.then((error) => {
    if (!stopping) fail(classifyError(error, 'database'));
  });
  consumer.on(consumer.events.CRASH, (event) => fail(event.payload.error));

  // On every assignment: check the offsets still describe the topics, then start each partition
  // where PostgreSQL says we got to. If a fetch starts before the seek lands, commitBatch skips what
  // was applied: slower, never wrong.
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    deps.observer?.rebalanced?.(handler.consumer);
    ensureOffsetsDescribeTopics(deps, handler)
      .then(() => storedOffsets(deps.db, handler.consumer))
      .then((stored) => {
        if (stopping) return;
        for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
          for (const partition of partitions) {
            const next = stored.get(positionKey({ topic, partition }));
            if (next === undefined) continue;
            try {
              consumer.seek({ topic, partition, offset: next.toString() });
            } catch (error) {
              // The consumer stopped meanwhile; its next run seeks again.
              deps.log.debug('seek after joining skipped', { consumer: handler.consumer, error: String(error) });
            }
          }
        }
      })
      .catch(fail);
  });

  const checkCaughtUp = async () => {
    if (mode.kind !== 'catch-up') return;
    const left = await remaining();
    mode.onProgress?.(totalTarget - left, totalTarget);
    if (left === 0n) finish();
  };

  await consumer.connect();
  deps.observer?.state?.(handler.consumer, 'consuming');
  for (const topic of handler.topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
      if (stopping || !isRunning() || isStale() || batch.messages.length === 0) return;
      try {
        const messages = batch.messages.map((message) => toConsumed(batch.topic, batch.partition, message));
        const result = await commitIsolatingBadMessages(deps, handler, { topic: batch.topic, partition: batch.partition }, messages);
        applied += result.count;
        if (result.count) deps.observer?.committed?.(handler.consumer, result.outcomes);
        await handler.afterCommit?.();
      } catch (error) {
        // A failed batch is not skipped: stop, and the next run starts from the stored offset.
        deps.log.error('batch failed; stopping so no message is skipped', {
          consumer: handler.consumer,
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: batch.firstOffset(),
          error: classifyError(error).message,
        });
        fail(error);
        return;
      }
      try {
        await heartbeat();
      } catch (error) {
        // The batch is committed; a rebalance announced by the heartbeat is kafkajs's to handle.
        deps.log.debug('heartbeat after a committed batch failed', { consumer: handler.consumer, error: String(error) });
      }
      await checkCaughtUp().catch(fail);
    },
  });

  const ticker = setInterval(() => void checkCaughtUp().catch(fail), 1000);
  const bindingCheck =
    mode.kind === 'follow' ? setInterval(() => void ensureOffsetsDescribeTopics(deps, handler).catch(fail), bindingCheckMs) : undefined;
  const onAbort = () => {
    stopping = true;
    finish();
  };
  if (mode.kind === 'follow') {
    if (mode.signal.aborted) onAbort();
    mode.signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    await finished;
  } finally {
    stopping = true;
    clearInterval(ticker);
    if (bindingCheck) clearInterval(bindingCheck);
    if (mode.kind === 'follow') mode.signal.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch(() => undefined);
    await deleteGroup(deps.kafka, groupId);
  }
  if (failure) throw failure;
  return applied;
}

/** Groups hold no offsets of ours; deleting one after use keeps the broker's list short. */
async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin
    .connect()
    .then(() => admin.deleteGroups([groupId]))
    .catch(() => undefined)
    .finally(() => admin.disconnect().catch(() => undefined));
}
