import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { classifyError } from './classify-error';
import { commitIsolatingBadMessages, type Run } from './offset-commit';
import { ensureOffsetsDescribeTopics, positionKey, storedOffsets } from './offset-binding';
import type { BatchHandler, ConsumedMessage, ConsumerDeps, RunMode } from './offset-consumer';
import type { WriterLock } from './writer-lock';

/**
 * The Kafka side of a consumer that holds its writer lock: a kafkajs consumer in a group of its own
 * for this run, seeking each assigned partition to the offset PostgreSQL stored, handing each batch
 * to offset-commit.ts, and stopping (never skipping) on the first failure.
 */

/** Small fetches keep each transaction short, so progress is visible and a crash redoes little. */
export const fetchBytesPerPartition = 128 * 1024;
/** While following, how often to check that the stored offsets still describe the topics. */
const bindingCheckMs = 30_000;

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, timestamp: message.timestamp };
}

export async function consumeHoldingLock(
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
  // One admin connection for the run's checks that the log is still the one the offsets index.
  const admin = deps.kafka.admin();
  await admin.connect();
  const run: Run = {
    deps,
    handler,
    firstOffsetAfter: async ({ topic, partition }, timestamp) => {
      const answers = await admin.fetchTopicOffsetsByTimestamp(topic, Number(timestamp + 1n));
      const answer = answers.find((entry) => entry.partition === partition);
      // No answer: the partition is gone, so this is not the log the offsets index either.
      return answer ? BigInt(answer.offset) : -1n;
    },
  };
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
          const result = await commitIsolatingBadMessages(run, { topic: batch.topic, partition: batch.partition }, messages);
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
    await finished;
  } finally {
    stopping = true;
    clearInterval(ticker);
    if (bindingCheck) clearInterval(bindingCheck);
    if (mode.kind === 'follow') mode.signal.removeEventListener('abort', onAbort);
    // Against a dead broker these would wait out kafkajs's retries before the runner could report
    // the outage and back off, so then each step gets a few seconds (a group left behind holds no
    // offsets, and the broker expires it). Otherwise they finish: an idle consumer's disconnect
    // waits for its long poll, and nothing may be left running after the caller goes on.
    const brokerGone = failure !== undefined && classifyError(failure).code === 'KAFKA_UNAVAILABLE';
    const step = (work: Promise<unknown>) => (brokerGone ? withinMs(work, cleanupMs) : work);
    await step(consumer.disconnect().catch(() => undefined));
    await step(admin.disconnect().catch(() => undefined));
    await step(deleteGroup(deps.kafka, groupId));
  }
  if (failure) throw failure;
  return applied;
}

/** How long stopping may take per step before the runner gets on with reporting why it stopped. */
const cleanupMs = 3_000;

const withinMs = (work: Promise<unknown>, ms: number): Promise<unknown> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
};

/** Groups hold no offsets of ours; deleting one after use keeps the broker's list short. */
async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin
    .connect()
    .then(() => admin.deleteGroups([groupId]))
    .catch(() => undefined)
    .finally(() => admin.disconnect().catch(() => undefined));
}
